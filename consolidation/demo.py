"""Consolidation demo data for the 14 IDK experiments, written through consolidation.services.

Follows the evaluation report: experiments 1 and 2 were handed over in autumn 2021; the chatbots'
AuroraAI platform ended 31.12.2022 with no alternative chosen; the participation platform (6) did not
reach the budget proposal; zoning (3) lacked resources; the roadmap (14) needs an owner.
Idempotent: each part is written only when it is not there yet.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from experiments.derived import refresh_derived
from experiments.models import Experiment, OrgUnit

from . import services
from .models import ContinuationPlan, Decision, Meeting, Milestone

D = datetime.date
AURORA_END = D(2022, 12, 31)
REVIEW_MEETING_2021 = D(2021, 12, 9)  # Digikatsastus 9.12.2021: the year's review
REVIEW_MEETING_2022 = D(2022, 12, 15)  # the last steering-group review of the programme

# Continuation plans, keyed by experiment number.
PLANS: dict[int, dict] = {
    1: {
        "intended_outcome": "make_permanent",
        "target_state": "Asiakaslähtöinen palauteprosessi on osa asiakaspalvelun vakiintunutta virkatyötä; "
        "jatkokehitys kuuluu asiakaspalvelun kehittämissuunnitelmaan.",
        "person_years_needed": Decimal("0.2"),
        "person_years_secured": Decimal("0.2"),
        "euros_needed": Decimal("0"),
        "euros_secured": Decimal("0"),
        "funding_source": "Asiakaspalvelun perusbudjetti",
        "commitment_by": "Asiakkuusjohtaja",
        "commitment_on": D(2021, 10, 15),
    },
    2: {
        "intended_outcome": "transfer",
        "target_state": "Kiinteistöasiakkaiden tietopyyntölomake on kaupunginarkiston käytössä ja ylläpidossa.",
        "person_years_needed": Decimal("0.1"),
        "person_years_secured": Decimal("0.1"),
        "euros_needed": Decimal("2000"),
        "euros_secured": Decimal("2000"),
        "funding_source": "Kaupunginarkiston käyttötalous",
        "commitment_by": "Arkistopäällikkö",
        "commitment_on": D(2021, 10, 20),
    },
    3: {
        "target_state": "Maptionnaire-kyselyt ja työpajat vakiintuvat asemakaavoituksen osallistamiseen.",
        "person_years_needed": Decimal("0.5"),
        "person_years_secured": Decimal("0"),
        "euros_needed": Decimal("8000"),
        "euros_secured": Decimal("0"),
        "funding_source": "Ei sovittu – yksityiskohtaisen kaavoituksen resurssit puuttuvat",
        "platform": "Maptionnaire",
    },
    5: {
        "target_state": "D10-asianhallinnan lähitukihenkilömalli vakiintuu kaikille palvelualueille.",
        "person_years_needed": Decimal("1.0"),
        "person_years_secured": Decimal("0.5"),
        "euros_needed": Decimal("0"),
        "euros_secured": Decimal("0"),
        "funding_source": "Palvelualueiden omat resurssit",
        "platform": "D10-asianhallintajärjestelmä",
    },
    6: {
        "target_state": "OmaKuopio-osallisuusalusta kuntalaisten osallistamiseen kaikilla alueilla.",
        "person_years_needed": Decimal("1.0"),
        "person_years_secured": Decimal("0"),
        "euros_needed": Decimal("60000"),
        "euros_secured": Decimal("0"),
        "in_budget_proposal": False,
        "funding_source": "Ei rahoitusta – alusta ei päätynyt talousarvioesitykseen",
    },
    8: {
        "target_state": "IdeaPulputtamo on henkilöstön pysyvä ideointi- ja osallistumiskanava KUHA-intranetissä.",
        "person_years_needed": Decimal("0.3"),
        "person_years_secured": Decimal("0.3"),
        "euros_needed": Decimal("15000"),
        "euros_secured": Decimal("15000"),
        "in_budget_proposal": True,
        "funding_source": "Strategia ja kehittäminen",
        "platform": "IdeaPulputtamo (Advania)",
    },
    9: {
        "target_state": "Yrityspalveluiden chatbot, jos sille löytyy jatkuva alusta.",
        "platform": "AuroraAI",
        "platform_end_of_support": AURORA_END,
    },
    10: {
        "target_state": "Kirjaston asiakaspalvelun chatbot; teknologian vaihtoa harkitaan.",
        "platform": "AuroraAI",
        "platform_end_of_support": AURORA_END,
    },
    11: {
        "target_state": "Työnantajapalveluiden sisäinen chatbot; jatko epävarma AuroraAI:n päätyttyä.",
        "platform": "AuroraAI",
        "platform_end_of_support": AURORA_END,
    },
    13: {
        "target_state": "MVA-menettely on tiedonhallinnan vakiotoimintaa: "
        "arviointi tehdään ennen muutoksen aloittamista.",
        "person_years_needed": Decimal("0.3"),
        "person_years_secured": Decimal("0.1"),
        "euros_needed": Decimal("0"),
        "euros_secured": Decimal("0"),
        "funding_source": "Tiedonhallinnan perusbudjetti",
    },
}

# Milestones: (experiment number, title, due date, responsible username or None, done date or None).
MILESTONES = [
    (1, "Palauteprosessin kuvaus asiakaspalvelun toimintaohjeisiin", D(2021, 12, 31), "omistaja1", D(2021, 12, 15)),
    (2, "Lomake otettu käyttöön kaupunginarkistossa", D(2021, 12, 31), "arkistopaallikko", D(2021, 12, 20)),
    (3, "Päätös osallistamiskäytännöstä asemakaavoituksessa", D(2023, 3, 31), None, None),
    (5, "Lähitukihenkilömalli kaikille palvelualueille", D(2023, 2, 28), "omistaja2", None),
    (6, "Rahoituspäätös osallisuusalustasta", D(2023, 1, 31), None, None),
    (8, "Lanseerauksen arviointi ja jatkopäätös", D(2023, 1, 31), "innovaatiopaallikko", None),
    (12, "Käyttäjäkyselyn tulosten yhteenveto", D(2023, 1, 31), None, None),
    (13, "MVA-pohjan omistajan nimeäminen", D(2023, 1, 31), "omistaja2", None),
    (14, "Digitiekartan omistajan nimeäminen", D(2023, 2, 28), None, None),
]

# Handovers done in autumn 2021: (experiment number, from username, proposed on, accepted on).
HANDOVERS = [
    (1, "hankepaallikko", D(2021, 10, 15), D(2021, 11, 1)),
    (2, "hankepaallikko", D(2021, 10, 20), D(2021, 11, 15)),
]

# Decisions: (meeting date, experiment number, kind, rationale, conditions, follow-up, transfer unit key).
DECISIONS = [
    (
        REVIEW_MEETING_2021,
        1,
        "approve_plan",
        "Palautepalvelu on luovutettu asiakaspalvelun virkatyöksi.",
        "",
        None,
        None,
    ),
    (REVIEW_MEETING_2021, 2, "approve_plan", "Tietopyyntölomake siirtyy kaupunginarkiston ylläpitoon.", "", None, None),
    (REVIEW_MEETING_2021, 2, "transfer", "Kaupunginarkisto ottaa lomakkeen käyttöön.", "", None, "Kaupunginarkisto"),
    (
        REVIEW_MEETING_2022,
        9,
        "continue",
        "Chatbotin ensimmäinen versio ei ole käytössä ja AuroraAI päättyy vuodenvaihteessa.",
        "Alustavalinta arvioidaan uudelleen ja omistaja nimetään.",
        D(2023, 3, 31),
        None,
    ),
    (
        REVIEW_MEETING_2022,
        6,
        "continue",
        "Osallisuusalusta ei päätynyt talousarvioesitykseen.",
        "Rahoitus ja omistaja selvitetään ennen jatkopäätöstä.",
        D(2023, 3, 31),
        None,
    ),
]


def _user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


def _next_meeting_date(today: datetime.date) -> datetime.date:
    """The Tuesday two weeks from today or later: the demo always has an upcoming meeting."""
    day = today + datetime.timedelta(days=14)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def load_consolidation_demo(stdout=None) -> dict[str, int]:
    """Write plans, milestones, handovers, meetings and decisions; return what was created."""
    created = {"plans": 0, "milestones": 0, "handovers": 0, "meetings": 0, "decisions": 0}
    experiments = {e.number: e for e in Experiment.objects.filter(number__isnull=False)}
    coordinator = _user("hankepaallikko") or _user("koordinaattori")
    steering = _user("ohjausryhma")

    for number, from_username, proposed_on, accepted_on in HANDOVERS:
        experiment = experiments[number]
        if experiment.handovers.exists() or experiment.owner is None:
            continue
        receiver = experiment.owner
        Experiment.objects.filter(pk=experiment.pk).update(owner=_user(from_username), receiving_owner=receiver)
        experiment.refresh_from_db()
        handover = services.handover_propose(experiment=experiment, by=experiment.owner, on=proposed_on)
        services.handover_answer(handover=handover, by=receiver, accept=True, on=accepted_on)
        created["handovers"] += 1

    for number, data in PLANS.items():
        experiment = experiments[number]
        if ContinuationPlan.objects.filter(experiment=experiment).exists():
            continue
        services.plan_save(experiment=experiment, by=experiment.owner or coordinator, data=data)
        created["plans"] += 1

    for number, title, due, responsible, done in MILESTONES:
        experiment = experiments[number]
        if Milestone.objects.filter(experiment=experiment, title=title).exists():
            continue
        services.milestone_save(
            experiment=experiment,
            by=coordinator,
            data={"title": title, "due_date": due, "responsible": _user(responsible), "done_on": done},
        )
        created["milestones"] += 1

    attendees = [u for u in (steering, _user("koordinaattori")) if u]
    today = timezone.localdate()
    meeting_dates = [REVIEW_MEETING_2021, REVIEW_MEETING_2022]
    if not Meeting.objects.filter(date__gte=today).exists():
        meeting_dates.append(_next_meeting_date(today))
    meetings = {}
    for date in meeting_dates:
        meeting = Meeting.objects.filter(date=date).first()
        if meeting is None:
            meeting = services.meeting_create(date=date, by=coordinator, attendees=attendees)
            created["meetings"] += 1
        meetings[date] = meeting

    for meeting_date, number, kind, rationale, conditions, follow_up, unit_name in DECISIONS:
        experiment = experiments[number]
        if Decision.objects.filter(experiment=experiment, kind=kind, decided_on=meeting_date).exists():
            continue
        services.decision_record(
            experiment=experiment,
            meeting=meetings[meeting_date],
            kind=kind,
            by=steering or coordinator,
            rationale=rationale,
            conditions=conditions,
            follow_up_on=follow_up,
            decided_on=meeting_date,
            transfer_to=OrgUnit.objects.filter(name_fi=unit_name).first() if unit_name else None,
        )
        created["decisions"] += 1

    for experiment in Experiment.objects.all():
        refresh_derived(experiment)
    if stdout is not None:
        stdout.write("Consolidation: " + ", ".join(f"{n} {k} created" for k, n in created.items()))
    return created
