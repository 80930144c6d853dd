"""MVA demo data, written through the same services the UI uses. Idempotent: an assessment is created
only when none with its title exists, an exemption only when the experiment has none in force.

Facts from the evaluation report (TK-Eval 22.12.2022): the procedure was built with Istekki in 2022 in
4 workshops in spring and 7 in autumn, tested on TargetorPro and OmaKunta, and a decision meeting was held
on 14.12.2022. The report gives no workshop dates, no area-by-area content and no outcome for the two test
cases: the workshop dates below are illustrative (the notes say so), the procedure's own area ratings are
illustrative demo content, and the test cases are left awaiting decision with their areas unrated.

Called by experiments/management/commands/load_demo.py after the portfolio and users are loaded.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from experiments.models import Experiment

from . import services
from .models import Assessment, Exemption

D = datetime.date

ASSESSOR = "omistaja2"  # tiedonhallintapäällikkö, owner of experiment 13
COORDINATOR = "koordinaattori"
FALLBACK_USERS = ("hankepaallikko", "koordinaattori")
ISTEKKI_PARTICIPANTS = "IDK-hanke (Kuopion kaupunki)\nIstekki Oy\nKuopion kaupungin tiedonhallinta"
ILLUSTRATIVE = "Päivämäärä on havainnollistava: arviointiraportti kertoo vain työpajojen määrän."

PROCEDURE_TITLE = "MVA-menettely ja mallipohja (tiedonhallintalaki 906/2019, 8 §)"
SPRING_2022 = [D(2022, 3, 22), D(2022, 4, 12), D(2022, 5, 10), D(2022, 5, 31)]
AUTUMN_2022 = [
    D(2022, 8, 30),
    D(2022, 9, 13),
    D(2022, 9, 27),
    D(2022, 10, 11),
    D(2022, 10, 25),
    D(2022, 11, 8),
    D(2022, 11, 22),
]
DECISION_MEETING = D(2022, 12, 14)

# Illustrative ratings for the procedure itself (the report does not give them).
PROCEDURE_AREAS = {
    "model": (
        "significant",
        "Menettely tuottaa tiedonhallintamallin päivitystarpeet jokaisesta arvioidusta muutoksesta.",
        "Mallia ei päivitetä, jos menettelyllä ei ole omistajaa.",
        True,
    ),
    "processes": (
        "minor",
        "Kehittämishankkeiden käynnistykseen lisätään MVA-vaihe ennen työn aloittamista.",
        "Arviointi koetaan lisätyöksi ja jätetään tekemättä.",
        False,
    ),
    "systems": ("none", "Menettely ei itse muuta tietojärjestelmiä.", "", False),
    "data_stores": ("minor", "Arvioinnit tallennetaan viranomaisen asiakirjoina.", "", False),
    "interoperability": ("none", "Ei vaikutusta.", "", False),
    "disclosure": ("none", "Ei vaikutusta.", "", False),
    "security": ("minor", "Tietoturva arvioidaan jatkossa osana jokaista muutosta.", "", False),
    "data_protection": (
        "minor",
        "Mallipohja ohjaa tunnistamaan DPIA-tarpeen.",
        "DPIA-tarve jää tunnistamatta, jos pohjaa ei käytetä.",
        False,
    ),
    "publicity": ("minor", "Arviointi on viranomaisen asiakirja; julkisuus arvioidaan.", "", False),
    "case_management": ("minor", "Arvioinnit kirjataan asianhallintaan.", "", False),
    "archiving": ("minor", "Arviointien säilytysaika määritellään.", "", False),
    "responsibilities": (
        "significant",
        "Menettelylle tarvitaan omistaja hankkeen jälkeen.",
        "Käytäntö ei vakiinnu ilman omistajaa (arviointiraportti).",
        False,
    ),
}

TEST_CASES = [
    {
        "title": "TargetorPro: muutosvaikutusten arviointi (MVA-menettelyn testitapaus)",
        "what_changes": (
            "MVA-menettelyn ja mallipohjan testaus TargetorPro-hankkeessa vuonna 2022. Arvioinnin sisältöä ei ole "
            "kirjattu tähän demoon: arviointiraportti ei kerro sen tuloksia eikä päätöstä."
        ),
        "workshops": [D(2022, 10, 4), D(2022, 11, 1)],
    },
    {
        "title": "OmaKunta: muutosvaikutusten arviointi (MVA-menettelyn testitapaus)",
        "what_changes": (
            "MVA-menettelyn ja mallipohjan testaus OmaKunta-hankkeessa vuonna 2022. Arvioinnin sisältöä ei ole "
            "kirjattu tähän demoon: arviointiraportti ei kerro sen tuloksia eikä päätöstä."
        ),
        "workshops": [D(2022, 10, 18), D(2022, 11, 15)],
    },
]

EXEMPTIONS = {
    1: "Palautepalvelun muotoilu valmistui ja luovutettiin virkatyönä jatkokehitettäväksi syksyllä 2021, "
    "ennen kuin MVA-menettely oli olemassa.",
    2: "Tietopyyntölomake valmistui ja luovutettiin kaupunginarkistolle käyttöönotettavaksi syksyllä 2021, "
    "ennen kuin MVA-menettely oli olemassa.",
}
EXEMPTION_DATE = D(2022, 12, 15)  # recorded after the procedure was approved (illustrative)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _user(username: str):
    User = get_user_model()
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        user = User.objects.filter(username__in=FALLBACK_USERS, is_active=True).first()
    return user


def _procedure(experiment, assessor, coordinator) -> Assessment:
    assessment = services.assessment_create(
        by=coordinator,
        experiment=experiment,
        title=PROCEDURE_TITLE,
        what_changes=(
            "Kaupungille otetaan käyttöön tiedonhallintalain 8 §:n mukainen muutosvaikutusten arviointimenettely "
            "ja sen mallipohja. Arviointi tehdään ennen muutoksen käynnistämistä, ja sen tulokset päivittävät "
            "tiedonhallintamallia. (Demo: alueiden arviot ovat havainnollistavia.)"
        ),
        assessor=assessor,
        participants=ISTEKKI_PARTICIPANTS,
        background="Menettely rakennettiin Istekki Oy:n kanssa vuonna 2022 ja testattiin TargetorPro- ja "
        "OmaKunta-hankkeissa.",
    )
    for phase in (Assessment.Phase.BACKGROUND, Assessment.Phase.ASSESSMENT):
        assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=phase)
    for number, day in enumerate(SPRING_2022 + AUTUMN_2022, start=1):
        season = "kevät" if day.month < 7 else "syksy"
        services.workshop_add(
            assessment=assessment,
            by=assessor,
            held_on=day,
            title=f"MVA-paja {number} ({season} 2022)",
            participants=ISTEKKI_PARTICIPANTS,
            notes=ILLUSTRATIVE,
        )
    for area in assessment.areas.all():
        rating, description, risks, model_change = PROCEDURE_AREAS.get(area.key, ("none", "", "", False))
        services.area_save(
            area=area,
            by=assessor,
            data={"rating": rating, "description": description, "risks": risks, "model_change_needed": model_change},
        )
    assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=Assessment.Phase.RISKS)
    responsibilities = assessment.areas.filter(key="responsibilities").first()
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={
            "title": "Nimetään MVA-menettelyn omistaja hankkeen päätyttyä",
            "area": responsibilities,
            "responsible": assessor,
            "due_date": D(2023, 3, 31),
        },
    )
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={
            "title": "Päivitetään tiedonhallintamalliin menettelyn tuottamat muutostarpeet",
            "area": assessment.areas.filter(key="model").first(),
            "responsible": assessor,
            "due_date": D(2023, 6, 30),
        },
    )
    assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=Assessment.Phase.DECISION)
    return services.decision_record(
        assessment=assessment,
        by=coordinator,
        outcome=Assessment.Outcome.APPROVED,
        decided_on=DECISION_MEETING,
        decision_maker="MVA-päätöspalaveri 14.12.2022",
        notes="Päätöspalaveri hyväksyi mallipohjan ja menettelyn. Arviointiraportin mukaan käytäntö ei ole vielä "
        "vakiintunut: omistajan on jatkettava työtä hankkeen jälkeen.",
    )


def _test_case(spec: dict, assessor, coordinator) -> Assessment:
    assessment = services.assessment_create(
        by=coordinator,
        title=spec["title"],
        what_changes=spec["what_changes"],
        assessor=assessor,
        participants=ISTEKKI_PARTICIPANTS,
    )
    for phase in (Assessment.Phase.BACKGROUND, Assessment.Phase.ASSESSMENT):
        assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=phase)
    for number, day in enumerate(spec["workshops"], start=1):
        services.workshop_add(
            assessment=assessment,
            by=assessor,
            held_on=day,
            title=f"MVA-paja {number}",
            participants=ISTEKKI_PARTICIPANTS,
            notes=ILLUSTRATIVE,
        )
    for phase in (Assessment.Phase.RISKS, Assessment.Phase.DECISION):
        assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=phase)
    return assessment  # awaiting decision: the report gives no outcome


def load_mva_demo(stdout=None) -> dict[str, int]:
    """Load the MVA demo data; safe to run again. Returns counts of what was created."""
    counts = {"assessments": 0, "exemptions": 0}
    assessor = _user(ASSESSOR)
    coordinator = _user(COORDINATOR)
    if assessor is None or coordinator is None:
        _say(stdout, "MVA demo skipped: load the demo users first.")
        return counts

    procedure = Experiment.objects.filter(number=13).first()
    if not Assessment.objects.filter(title=PROCEDURE_TITLE).exists():
        _procedure(procedure, assessor, coordinator)
        counts["assessments"] += 1
    for spec in TEST_CASES:
        if not Assessment.objects.filter(title=spec["title"]).exists():
            _test_case(spec, assessor, coordinator)
            counts["assessments"] += 1

    for number, reason in EXEMPTIONS.items():
        experiment = Experiment.objects.filter(number=number).first()
        if experiment is None or Exemption.objects.active().filter(experiment=experiment).exists():
            continue
        services.exemption_record(experiment=experiment, by=coordinator, reason=reason, granted_on=EXEMPTION_DATE)
        counts["exemptions"] += 1

    _say(
        stdout,
        f"  {'MVA assessments:':<24}{counts['assessments']} created; {'exemptions'}: {counts['exemptions']} created",
    )
    return counts
