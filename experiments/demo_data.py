"""Demo data for the IDK portfolio, drawn from the external evaluation report of the IDK project
(TK-Eval, 22.12.2022; ../shared/seeds/000_0461472e6a8c884d.txt) and its monitoring-report summaries.

Plain data only: `experiments.management.commands.load_demo` writes it through the same services the UI uses.

* Organisations, teams, partners and technologies are facts from the report. Where the report gives no parent
  unit, the parent is the demo's best guess (noted in a comment).
* The people are fictional: the report names no persons. Owners follow domain.md: experiments 1, 2, 4, 5, 7, 8
  and 13 have an owner; 3, 6, 9, 10, 11, 12 and 14 are unowned, which is the point of the demo.
* Each experiment's HISTORY replays 2020–2022 as phase changes and status updates (written in Finnish, as
  users would type them). Dates come from the report where it gives them; where it only names a monitoring
  period (e.g. "kevät 2022") the date is a representative day inside that period.

EXPERIMENTS is keyed by number, one dict per experiment, so later work can add keys such as
"continuation_plan", "milestones", "handover", "decisions" or "mva" without changing the shape.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

D = datetime.date

DEFAULT_PASSWORD = "idk-demo-2026"
PASSWORD_ENV_VAR = "IDK_DEMO_PASSWORD"
DEMO_URL = "http://127.0.0.1:8000/"
EMAIL_DOMAIN = "kuopio.invalid"
DEFAULT_CADENCE_DAYS = 30

# Role keys of demo people (see accounts.roles for the group names).
COORDINATOR = "coordinator"
STEERING = "steering"
OWNER = "owner"
VIEWER = "viewer"

# The author of status updates and phase changes of unowned experiments.
PROJECT_MANAGER = "hankepaallikko"


# ---------------------------------------------------------------------------------------------
# Organisational units, teams, partners, technologies
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoOrgUnit:
    key: str
    name_fi: str
    name_en: str
    kind: str  # OrgUnit.Kind value
    short_name: str = ""
    parent: str | None = None  # key of the parent unit


# Ordered so that every parent comes before its children.
ORG_UNITS: list[DemoOrgUnit] = [
    DemoOrgUnit("elko", "Elinvoima- ja konsernipalvelut", "Vitality and group services", "service_area", "ELKO"),
    DemoOrgUnit("strategia", "Strategia ja kehittäminen", "Strategy and development", "unit", parent="elko"),
    DemoOrgUnit("tietohallinto", "Tietohallinto", "IT management", "unit", parent="elko"),
    # Parents of the archive, employer services and Business Kuopio are the demo's assumption.
    DemoOrgUnit("arkisto", "Kaupunginarkisto", "City archive", "unit", parent="elko"),
    DemoOrgUnit("tyonantajapalvelut", "Työnantajapalvelut", "Employer services", "unit", parent="elko"),
    DemoOrgUnit("business_kuopio", "Business Kuopio", "Business Kuopio", "unit", parent="elko"),
    DemoOrgUnit("hyvinvointi", "Hyvinvoinnin edistäminen", "Wellbeing promotion", "service_area"),
    # The library's parent is the demo's assumption.
    DemoOrgUnit("kirjasto", "Kaupunginkirjasto", "City library", "unit", parent="hyvinvointi"),
    DemoOrgUnit("kaupunkiymparisto", "Kaupunkiympäristö", "Urban environment", "service_area"),
    DemoOrgUnit("kaavoitus", "Kaavoitus", "Land-use planning", "unit", parent="kaupunkiymparisto"),
    DemoOrgUnit(
        "tilavarausryhma",
        "Tilojen käyttö ja digitaaliset tilavarauspalvelut -kehitysryhmä",
        "Development group for the use of premises and digital space booking",
        "unit",
        "Tilavarausryhmä",
    ),
    DemoOrgUnit("istekki", "Istekki Oy", "Istekki Oy", "group_company", "Istekki"),
    DemoOrgUnit("servica", "Servica", "Servica", "group_company"),
]


@dataclass(frozen=True)
class DemoTeam:
    key: str
    name_fi: str
    name_en: str


TEAMS: list[DemoTeam] = [
    DemoTeam("tiimi1", "Tiimi 1 Palveluverkosto", "Team 1 Service network"),
    DemoTeam("tiimi2", "Tiimi 2 Hyvinvointitieto", "Team 2 Wellbeing data"),
    DemoTeam("tiimi3", "Tiimi 3 Tiedon saatavuus", "Team 3 Access to information"),
    DemoTeam("tiimi4", "Tiimi 4 Hyvinvointipalvelut", "Team 4 Wellbeing services"),
    DemoTeam("tiimi5", "Tiimi 5 Asiakaspalvelu", "Team 5 Customer service"),
    DemoTeam("tarve", "Hankkeen aikana noussut tarve", "Need raised during the programme"),
]


@dataclass(frozen=True)
class DemoPartner:
    name: str
    description: str = ""


SAVONIA = "Savonia-amk"
ISTEKKI = "Istekki Oy"
GOFORE = "Gofore Oy"
PIIRREC = "PiirreC Oy"
ADVANIA = "Advania Oy (ent. Valtti Kumppanit Oy)"
FCG = "FCG Finnish Consulting Group"
MAPTIONNAIRE = "Maptionnaire"
HURRY = "Hurry Oy"

PARTNERS: list[DemoPartner] = [
    DemoPartner(SAVONIA, "Savonia-ammattikorkeakoulu, hankkeen osatoteuttaja; vastasi palvelumuotoiluvalmennuksista."),
    DemoPartner(ISTEKKI, "Kaupungin ICT-kumppani ja konserniyhtiö; chatbotit, IdeaPulputtamo ja MVA-menettely."),
    DemoPartner("Servica", "Kaupungin konserniyhtiö; mukana Avoin kumppanuus -yhteistyössä."),
    DemoPartner(GOFORE, "Toteutti kansallisen tekoälyohjelma AuroraAI:n chatbot-muotoilua."),
    DemoPartner(PIIRREC, "Palvelumuotoilukumppani; koulujen hyvinvointitiedon visuaalinen malli."),
    DemoPartner(ADVANIA, "IdeaPulputtamon muotoilu ja jatkokehitys yhdessä Istekki Oy:n kanssa."),
    DemoPartner(FCG, "Digitalisaation tiekartan uudistamisen asiantuntijatuki syksyllä 2022."),
    DemoPartner(MAPTIONNAIRE, "Kilpailutettu kuntalaisosallistamisen työkalu kaavoitukseen."),
    DemoPartner("HAUS kehittämiskeskus Oy", "Fasilitoi digivalmennuskorttien käyttöönottoa."),
    DemoPartner("Luotain Consulting Oy", "Tuotti digitalisaation verkkokoulutuksia henkilöstön oppimisympäristöön."),
    DemoPartner(HURRY, "Kaupungin sopimustoimittaja; viestintämateriaalit ja D10-motivaatiovideot."),
]


@dataclass(frozen=True)
class DemoTechnology:
    name: str
    description: str = ""
    end_of_support: datetime.date | None = None


AURORAAI = "AuroraAI-chatbot-alusta"
MAPTIONNAIRE_TOOL = "Maptionnaire"
POWER_BI = "Power BI"
D10 = "D10-asianhallintajärjestelmä"
SMILEE = "Smilee-live chat"
IDEAPULPUTTAMO = "IdeaPulputtamo-alusta"
KUHA = "KUHA-intranet"

# Only AuroraAI has an end of support the report supports: the national programme ended 31.12.2022.
TECHNOLOGIES: list[DemoTechnology] = [
    DemoTechnology(
        AURORAAI,
        "Kansallisen tekoälyohjelma AuroraAI:n chatbot-teknologia ja muotoilumenetelmät. Ohjelma päättyi "
        "vuoden 2022 lopussa, eikä kaupungilla tai Istekillä ole osaamista jatkaa sen käyttöä.",
        D(2022, 12, 31),
    ),
    DemoTechnology(MAPTIONNAIRE_TOOL, "Karttapohjainen kysely- ja osallistamistyökalu."),
    DemoTechnology(POWER_BI, "Data-analytiikan ja raportoinnin työkalu."),
    DemoTechnology(D10, "Kaupungin uusi asianhallintajärjestelmä."),
    DemoTechnology(SMILEE, "Live chat -palvelu, johon kirjaston botin integrointia selvitettiin."),
    DemoTechnology(IDEAPULPUTTAMO, "Henkilöstön idea- ja osallisuusalusta, lanseerattu syyskuussa 2022."),
    DemoTechnology(KUHA, "Kaupungin henkilöstön intranet."),
]


# ---------------------------------------------------------------------------------------------
# People (fictional)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    title: str
    role: str  # COORDINATOR, STEERING, OWNER or VIEWER
    login: bool = False  # True: gets the shared demo password, listed in the credentials table
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


PEOPLE: list[DemoPerson] = [
    DemoPerson("koordinaattori", "Katja", "Räsänen", "projektikoordinaattori", COORDINATOR, login=True, is_staff=True),
    DemoPerson("ohjausryhma", "Pekka", "Korhonen", "strategiajohtaja", STEERING, login=True),
    DemoPerson("omistaja1", "Sari", "Kinnunen", "asiakkuusjohtaja", OWNER, login=True),
    DemoPerson("omistaja2", "Juha", "Savolainen", "tiedonhallintapäällikkö", OWNER, login=True),
    DemoPerson("katselija", "Ville", "Miettinen", "suunnittelija", VIEWER, login=True),
    # Accounts without a printed password (an unusable password is set when they are created).
    DemoPerson(PROJECT_MANAGER, "Mikko", "Hyvärinen", "projektipäällikkö", COORDINATOR),
    DemoPerson("arkistopaallikko", "Leena", "Tuovinen", "arkistopäällikkö", OWNER),
    DemoPerson("hyvinvointipaallikko", "Anne", "Partanen", "hyvinvoinnin edistämisen päällikkö", OWNER),
    DemoPerson("innovaatiopaallikko", "Timo", "Heikkinen", "innovaatiopäällikkö", OWNER),
]

ROLE_LABELS = {
    COORDINATOR: "coordinator",
    STEERING: "steering group",
    OWNER: "experiment owner",
    VIEWER: "viewer (no role)",
}


# ---------------------------------------------------------------------------------------------
# History events
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseEvent:
    """A move of the lifecycle state machine (one step; see experiments.lifecycle)."""

    effective_date: datetime.date
    to_phase: str
    reason: str


@dataclass(frozen=True)
class StatusEvent:
    """A status update; health is on_track, at_risk or off_track."""

    effective_date: datetime.date
    health: str
    what_happened: str
    next_steps: str = ""


Event = PhaseEvent | StatusEvent

ON, RISK, OFF = "on_track", "at_risk", "off_track"


def P(day: datetime.date, to_phase: str, reason: str) -> PhaseEvent:  # noqa: N802 - short data constructor
    return PhaseEvent(day, to_phase, reason)


def S(day: datetime.date, health: str, what_happened: str, next_steps: str = "") -> StatusEvent:  # noqa: N802
    return StatusEvent(day, health, what_happened, next_steps)


# Dates used by several histories (all from the report).
AUTUMN_2020_TEAMS = D(2020, 10, 15)  # coaching teams and seven cases started in autumn 2020
END_2020 = D(2020, 12, 15)  # end of the first coaching cycle (monitoring period 7–12/2020)
SPRING_PARTY_2021 = D(2021, 5, 20)  # the teams' spring party 20.5.2021
DIGIKATSASTUS_2021 = D(2021, 12, 9)  # interim seminar "Kuopion Digikatsastus" 9.12.2021
CHATBOT_MEETING = D(2022, 9, 21)  # joint chatbot-team events 17.8. and 21.9.2022
FINAL_SEMINAR = D(2022, 11, 30)  # closing seminar "Ennakkoviisat" 30.11.2022
REPORT_DRAFT = D(2022, 12, 12)  # the last monitoring report's draft 12.12.2022


# ---------------------------------------------------------------------------------------------
# The 14 experiments
# ---------------------------------------------------------------------------------------------

EXPERIMENTS: dict[int, dict] = {
    1: {
        "slug": "palautepalvelu",
        "name_fi": "Asiakaslähtöisen palautepalvelun muotoilu",
        "name_en": "Designing a customer-oriented feedback service",
        "summary_fi": (
            "Selkiytetään palautekanavia, palautteen ohjautumista ja käsittelyä sekä vuorovaikutusta kuntalaisen "
            "kanssa palauteprosessin aikana. Tavoitteena on lisätä palautteen läpinäkyvyyttä ja "
            "kuntalaistyytyväisyyttä."
        ),
        "summary_en": (
            "Clarifies the feedback channels, how feedback is routed and handled, and how the city keeps in touch "
            "with the resident while the feedback is processed. The aim is more transparent feedback handling and "
            "more satisfied residents."
        ),
        "origin_fi": "Tiimi 5 Asiakaspalvelu, case Vikailmoitus ja palaute",
        "origin_en": "Team 5 Customer service, case on fault reports and feedback",
        "team": "tiimi5",
        "service_areas": ["elko"],
        "partners": [SAVONIA],
        "technologies": [],
        "start_date": D(2020, 9, 1),
        "receiving_unit": None,
        "owner": "omistaja1",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 5 aloitti syksyn 2020 valmennuksessa vikailmoitus- ja palautecasen, ja kehitettävä palvelu "
                "kirkastettiin.",
            ),
            S(
                END_2020,
                ON,
                "Ensimmäisessä valmennussyklissä kartoitettiin kaupungin palautekanavat ja palautteen käsittelyn "
                "nykytila. Palautteet ohjautuvat hajanaisesti eri kanaviin.",
                "Kevään 2021 valmennuksissa muotoillaan palautteen ohjautuminen ja vuorovaikutus kuntalaisen kanssa.",
            ),
            P(
                D(2021, 3, 22),
                "pilot",
                "Uutta palautemallia kokeillaan; valmennusviikon 12 teemana olivat korjausliikkeet ja kokeilut.",
            ),
            S(
                SPRING_PARTY_2021,
                ON,
                "Palautekanavien selkiyttämistä ja palautteen käsittelyä kokeiltiin. Tulokset esiteltiin tiimien "
                "kevätjuhlassa 20.5.2021.",
                "Viimeistellään malli ja valmistellaan sen siirto virkatyöhön syksyllä 2021.",
            ),
            P(
                D(2021, 11, 30),
                "consolidating",
                "Keissi valmistui syksyllä 2021 ja siirrettiin jatkokehitettäväksi virkatyönä.",
            ),
            S(
                DIGIKATSASTUS_2021,
                ON,
                "Keissi saatiin valmiiksi ja siirrettiin jatkokehitettäväksi virkatyönä. Tulokset esiteltiin "
                "Kuopion Digikatsastuksessa 9.12.2021.",
                "Omistaja vastaa jatkokehityksestä; seurataan palautteen käsittelyaikoja ja kuntalaistyytyväisyyttä.",
            ),
            S(
                FINAL_SEMINAR,
                ON,
                "Palautepalvelun jatkokehitys on jatkunut virkatyönä. Keissille on tehty jatkosuunnitelma siitä, "
                "miten työ jatkuu hankkeen jälkeen.",
                "Vahvistetaan pysyvä omistajuus ja seurantamittarit ennen hankkeen päättymistä 31.12.2022.",
            ),
        ],
    },
    2: {
        "slug": "arkiston-tietopyyntolomake",
        "name_fi": "Kaupunginarkiston kiinteistöasiakkaiden tietopyyntölomake",
        "name_en": "City archive information-request form for property customers",
        "summary_fi": (
            "Sähköinen lomakkeisto kiinteistöasiakirjojen tilaamiseen kaupunginarkistosta. Lomakkeisto nopeuttaa "
            "tietopalvelua ja selkeyttää massa-asiakkaiden, kuten kiinteistövälittäjien, asiointia."
        ),
        "summary_en": (
            "An online form set for ordering property documents from the city archive. It speeds up the "
            "information service and makes things simpler for bulk customers such as estate agents."
        ),
        "origin_fi": "Tiimi 3 Tiedon saatavuus, case Kiinteistöasiakirjojen tilaaminen",
        "origin_en": "Team 3 Access to information, case on ordering property documents",
        "team": "tiimi3",
        "service_areas": ["arkisto", "tietohallinto"],
        "partners": [SAVONIA],
        "technologies": [],
        "start_date": D(2020, 9, 1),
        "receiving_unit": "arkisto",
        "owner": "arkistopaallikko",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 3 aloitti syksyllä 2020 kiinteistöasiakirjojen tilaamisen casen.",
            ),
            S(
                D(2020, 11, 30),
                ON,
                "Casen pohjana käytetään kesän 2020 tietopyyntöseurantaa, johon saatiin 582 vastausta. Siinä "
                "selvitettiin, millaista tietoa kaupungilta pyydetään ja miten se on säilötty.",
                "Kuvataan kiinteistöasiakkaiden asiointipolku ja tietopyyntöjen käsittely kaupunginarkistossa.",
            ),
            P(
                D(2021, 3, 22),
                "pilot",
                "Tietopyyntölomakkeen ensimmäistä versiota kokeillaan kaupunginarkiston asiakaspalvelussa.",
            ),
            S(
                SPRING_PARTY_2021,
                ON,
                "Lomakkeiston prototyyppiä kehitettiin yhdessä kaupunginarkiston ja tietohallinnon kanssa.",
                "Viimeistellään lomakkeisto ja valmistellaan käyttöönotto syksyllä 2021.",
            ),
            P(
                D(2021, 11, 30),
                "consolidating",
                "Keissi valmistui syksyllä 2021 ja siirrettiin kaupunginarkistolle käyttöön otettavaksi "
                "tietohallinnon tukemana.",
            ),
            S(
                DIGIKATSASTUS_2021,
                ON,
                "Tietopyyntölomake valmistui ja siirrettiin kaupunginarkistolle käyttöön otettavaksi.",
                "Kaupunginarkisto ottaa lomakkeiston käyttöön tietohallinnon tuella.",
            ),
            S(
                D(2022, 11, 28),
                ON,
                "Lomakkeiston käyttöönotto kaupunginarkistossa jatkuu tietohallinnon tukemana.",
                "Varmistetaan lomakkeiston ylläpitovastuu ja seurataan tietopyyntöjen käsittelyaikoja hankkeen "
                "jälkeen.",
            ),
        ],
    },
    3: {
        "slug": "kaavoituksen-osallisuus",
        "name_fi": "Kaavatyön kuntalaisosallisuus",
        "name_en": "Citizen participation in land-use planning",
        "summary_fi": (
            "Kokeillaan digitaalisia tapoja osallistaa kuntalaisia kaavatyöhön. Kilpailutettua Maptionnaire-"
            "työkalua käytettiin Kelloniemen työpajoissa ja tiedonkeruussa."
        ),
        "summary_en": (
            "Tries out digital ways of involving residents in land-use planning. Maptionnaire, chosen by "
            "tender, was used in the Kelloniemi workshops and for collecting information."
        ),
        "origin_fi": "Tiimi 1 Palveluverkosto, case Kuntalaisosallisuus kaavoitusprosessissa",
        "origin_en": "Team 1 Service network, case on citizen participation in the zoning process",
        "team": "tiimi1",
        "service_areas": ["kaavoitus"],
        "partners": [SAVONIA, MAPTIONNAIRE],
        "technologies": [MAPTIONNAIRE_TOOL],
        "start_date": D(2020, 9, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 1 aloitti syksyllä 2020 casen kuntalaisosallisuudesta kaavoitusprosessissa.",
            ),
            S(
                END_2020,
                ON,
                "Syksyn valmennuksessa kirkastettiin, mihin muutosta tarvitaan: kuntalaisten osallistamiseen "
                "kaavatyöhön tarvitaan digitaalisia välineitä ja selkeämpää viestintää.",
                "Tarkennetaan digitaalisen osallistamistyökalun tarpeet kevään 2021 valmennuksissa.",
            ),
            S(
                SPRING_PARTY_2021,
                ON,
                "Kevään 2021 valmennuksissa työstettiin kokeilua ja käyttöönoton valmistelua. Tarve "
                "kilpailuttaa työkalu kuntalaisosallistamiseen tarkentui.",
                "Kilpailutetaan osallistamistyökalu.",
            ),
            P(
                D(2022, 2, 15),
                "pilot",
                "Kilpailutuksen voittajaksi valittiin Maptionnaire, jota kokeillaan Kelloniemen työpajoissa ja "
                "tiedonkeruussa.",
            ),
            S(
                D(2022, 6, 15),
                ON,
                "Maptionnairea hyödynnettiin Kelloniemen työpajoissa ja tiedonkeruussa. Tiimi panosti selkeään "
                "viestintään, tutustui Vantaan osallisuustyön malleihin ja teki toiminnastaan podcast-jakson.",
                "Jatketaan Maptionnairen testaamista kaavoituksen ja kuntalaisosallisuuden välineenä syksyllä 2022.",
            ),
            S(
                D(2022, 8, 29),
                RISK,
                "Valmennusten palautepajassa 29.8.2022 Maptionnaire sai kiitosta, mutta resurssien riittävyys "
                "jatkossa nähtiin haasteena.",
                "Selvitetään, kuka kaavoituksessa jatkaa työtä hankkeen jälkeen.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Maptionnairen testausta jatkettiin syksyllä 2022. Uusia käytäntöjä on otettu käyttöön vain vähän; "
                "työ olisi tarvinnut enemmän asemakaavoituksen panosta, jota ei resurssisyistä ollut riittävästi. "
                "Kokeilulle ei ole nimetty omistajaa hankkeen jälkeen.",
                "Yleis- ja asemakaavoituksen on nimettävä vastuuhenkilö, joka jalkauttaa opitut keinot kaavatyöhön.",
            ),
        ],
    },
    4: {
        "slug": "hyvinvointitiedon-tietomalli",
        "name_fi": "Koulujen hyvinvointijohtamisen tietomalli",
        "name_en": "Data model for wellbeing management in schools",
        "summary_fi": (
            "Koulujen hyvinvointitiedon tietomalli ja mittaristo tiedolla johtamisen tueksi. Tietolähteet ja "
            "mittaristo luonnosteltiin hyvinvoinnin edistämisen palvelualueen käyttöön, mutta Power BI "
            "-visualisointi jäi hankeaikana tekemättä."
        ),
        "summary_en": (
            "A data model and set of indicators for schools' wellbeing data, to support data-driven management. "
            "The data sources and indicators were drafted for the wellbeing-promotion service area, but the "
            "Power BI visualisation was not finished during the programme."
        ),
        "origin_fi": "Tiimi 2 Hyvinvointitieto, case Hyvinvointikertomus ja tiedolla johtaminen arjen työkaluksi",
        "origin_en": "Team 2 Wellbeing data, case on the wellbeing report and data-driven management in daily work",
        "team": "tiimi2",
        "service_areas": ["hyvinvointi"],
        "partners": [SAVONIA, PIIRREC],
        "technologies": [POWER_BI],
        "start_date": D(2020, 9, 1),
        "receiving_unit": "hyvinvointi",
        "owner": "hyvinvointipaallikko",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 2 aloitti syksyllä 2020 casen hyvinvointikertomuksesta ja tiedolla johtamisesta arjen "
                "työkaluna.",
            ),
            S(
                END_2020,
                ON,
                "Kartoitettiin hyvinvointitiedon lähteitä ja johtamisen tietotarpeita.",
                "Rajataan kehittämisen kohde kevään 2021 valmennuksissa.",
            ),
            S(
                SPRING_PARTY_2021,
                ON,
                "Tiimi työsti tiedolla johtamisen mallia, ja kohteeksi tarkentui koulujen hyvinvointitieto. "
                "Henkilöstölle järjestettiin Power BI -koulutuksia 2.2., 10.2., 28.4. ja 29.4.2021.",
                "Aloitetaan koulujen hyvinvointitiedon tietomallin rakentaminen.",
            ),
            P(
                D(2022, 2, 15),
                "pilot",
                "Koulujen hyvinvointitiedon tietomallia rakennetaan ja visualisoidaan palvelumuotoilukumppani "
                "PiirreC:n kanssa.",
            ),
            S(
                D(2022, 6, 15),
                ON,
                "Tiimi rakensi tietomallia ja työsti siitä visuaalisen mallin PiirreC:n kanssa. Pohdinnan alla ovat "
                "raportin muoto ja kohdennus; oppia haettiin myös Vantaalta.",
                "Suunnitellaan, miten malli ja tulokset esitellään ja juurrutetaan kaupungin prosesseihin.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Tietolähteet ja mittaristo luonnosteltiin hyvinvoinnin edistämisen palvelualueen käyttöön. Power BI "
                "-visualisointi jäi hankeaikana tekemättä. Loppuvuodesta valmisteltiin dataratkaisun toteutusta ja "
                "selvitettiin tiedonkeruun automatisointia.",
                "Hyvinvoinnin edistämisen palvelualue päättää visualisoinnin toteutuksesta ja resursoinnista "
                "vuonna 2023.",
            ),
        ],
    },
    5: {
        "slug": "d10-asianhallinta",
        "name_fi": "D10-asianhallintajärjestelmän käyttöönoton ja käytön muotoilu",
        "name_en": "Designing the adoption and use of the D10 case-management system",
        "summary_fi": (
            "Tuetaan uuden D10-asianhallintajärjestelmän käyttöönottoa yhdessä varsinaisen käyttöönottoprojektin "
            "kanssa. Tuotoksina syntyivät kolme motivaatiovideota ja lähitukihenkilömalli."
        ),
        "summary_en": (
            "Supports the roll-out of the new D10 case-management system together with the actual deployment "
            "project. The outputs were three motivational videos and a local support-person model."
        ),
        "origin_fi": "Tiimi 3 Tiedon saatavuus, case Asianhallinnan uudistuminen",
        "origin_en": "Team 3 Access to information, case on renewing case management",
        "team": "tiimi3",
        "service_areas": ["elko", "tietohallinto"],
        "partners": [SAVONIA, HURRY],
        "technologies": [D10],
        "start_date": D(2020, 9, 1),
        "receiving_unit": None,
        "owner": "omistaja2",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 3 aloitti syksyllä 2020 asianhallinnan uudistumisen casen D10-käyttöönoton tueksi.",
            ),
            S(
                END_2020,
                ON,
                "Kartoitettiin asianhallintajärjestelmän käyttöönoton kipupisteitä käyttäjien näkökulmasta.",
                "Muotoillaan käyttöönoton tuki yhdessä D10-käyttöönottoprojektin kanssa.",
            ),
            P(
                D(2022, 1, 17),
                "pilot",
                "Tiimi tuottaa motivaatiovideosarjaa tiiviissä yhteistyössä D10-käyttöönottoprojektin kanssa.",
            ),
            S(
                D(2022, 6, 15),
                ON,
                "Keväällä 2022 tuotettiin kolmen motivaatiovideon sarja, jonka toivotaan madaltavan kynnystä ottaa "
                "ohjelma käyttöön. Tiimin toiminnasta tehtiin podcast-jakso.",
                "Videot julkaistaan syksyllä 2022 käyttöönoton tueksi.",
            ),
            P(
                D(2022, 9, 15),
                "consolidating",
                "Motivaatiovideoita julkaistaan käyttöönoton tukena, ja asianhallinnan tueksi luotu "
                "lähitukihenkilömalli on otettu käyttöön.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Motivaatiovideoita julkaistiin pitkin syksyä uuden asianhallintajärjestelmän käyttöönoton tukena. "
                "Lähitukihenkilömalli luotiin IDK-selvitysten perusteella. Arvioinnissa D10:tä kuitenkin pidettiin "
                "käyttäjäystävällisyydeltään heikkona järjestelmänä.",
                "Lähitukihenkilöiden mallia ylläpidetään esihenkilöiden tuella; seurataan käytön ongelmia ja "
                "käyttäjätuen tarvetta.",
            ),
        ],
    },
    6: {
        "slug": "osallisuusalusta",
        "name_fi": "Osallisuusprosessin määrittely ja digitaalinen osallisuusalusta",
        "name_en": "Defining the participation process and a digital participation platform",
        "summary_fi": (
            "Määritellään kuntalaisten osallisuusprosessi ja valmistellaan digitaalisen osallisuusalustan "
            "(OmaKuopio) hankintaa. Alusta ei edennyt talousarvioesitykseen, joten sitä ei ilmeisesti toteuteta."
        ),
        "summary_en": (
            "Defines the residents' participation process and prepares the procurement of a digital participation "
            "platform (OmaKuopio). The platform did not make it into the budget proposal, so it will probably not "
            "be built."
        ),
        "origin_fi": "Tiimi 4 Hyvinvointipalvelut, case OmaKuopio-palvelualusta (kuntalaisosallisuus)",
        "origin_en": "Team 4 Wellbeing services, case on the OmaKuopio service platform (citizen participation)",
        "team": "tiimi4",
        "service_areas": ["hyvinvointi"],
        "partners": [SAVONIA],
        "technologies": [],
        "start_date": D(2020, 9, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 4 aloitti syksyllä 2020 casen OmaKuopio-palvelualustasta kuntalaisosallisuuden välineenä.",
            ),
            S(
                END_2020,
                ON,
                "Syksyn valmennuksessa kirkastettiin osallisuusprosessin tarpeet ja digitaalisen osallisuusalustan "
                "rooli.",
                "Kuvataan kuntalaisen osallistumisen polku.",
            ),
            S(
                D(2021, 6, 15),
                ON,
                "Hanke osallistui OmaKunta-palveluiden digitalisoinnin priorisointipajoihin, ja tuotetut "
                "asiakaspolut kytketään tuleviin palvelukehityksiin.",
                "Suunnitellaan asukastyöpajat palvelumuotoilijoiden tuella.",
            ),
            S(
                D(2022, 3, 15),
                ON,
                "Työpajat järjestettiin 15.3.2022 Riistavedellä, Maaningalla ja Karttulassa palvelumuotoilijoiden "
                "tuella.",
                "Kootaan työpajojen tulokset ja valmistellaan alustan hankkeistaminen.",
            ),
            S(
                D(2022, 6, 30),
                RISK,
                "Oppia haettiin Vantaan osallisuustyöstä, ja tiimin toiminnasta tehtiin podcast-jakso. Alustan "
                "rahoitus on vielä auki.",
                "Osallisuusalustan hankinta on saatava talousarvioesitykseen.",
            ),
            S(
                FINAL_SEMINAR,
                OFF,
                "Osallisuusalustan valmistelu ja hankkeistaminen eivät edenneet talousarvioesitykseen, joten alustaa "
                "ei ilmeisesti toteuteta. Kokeilulle ei ole nimetty omistajaa.",
                "Päätettävä, keskeytetäänkö kokeilu vai etsitäänkö sille omistaja ja rahoitus.",
            ),
        ],
    },
    7: {
        "slug": "tilavaraus",
        "name_fi": "Tilavarausprosessin ja digitaalisen alustan muotoilu",
        "name_en": "Designing the space-booking process and digital platform",
        "summary_fi": (
            "Muotoillaan kaupungin tilojen varaajan polku ja digitaalisen tilavarausalustan tarpeet. Tuloksia "
            "hyödyntää kaupungin tilojen käyttö ja digitaaliset tilavarauspalvelut -kehitysryhmä."
        ),
        "summary_en": (
            "Designs the customer journey for booking city premises and the requirements for a digital booking "
            "platform. The results are used by the city's development group for premises and digital booking."
        ),
        "origin_fi": "Tiimi 5 Asiakaspalvelu, case Digitaalinen tilavarauspalvelu",
        "origin_en": "Team 5 Customer service, case on a digital space-booking service",
        "team": "tiimi5",
        "service_areas": ["elko", "hyvinvointi"],
        "partners": [SAVONIA],
        "technologies": [],
        "start_date": D(2020, 9, 1),
        "receiving_unit": "tilavarausryhma",
        "owner": "omistaja1",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                AUTUMN_2020_TEAMS,
                "concept",
                "Tiimi 5 aloitti syksyllä 2020 digitaalisen tilavarauspalvelun casen.",
            ),
            S(
                END_2020,
                ON,
                "Kartoitettiin tilavaraajan nykyinen asiointi ja digitaalisen tilavarauspalvelun tarpeet.",
                "Muotoillaan tilavaraajan polku kevään 2021 valmennuksissa.",
            ),
            S(
                D(2021, 11, 30),
                ON,
                "Kaupungin tilojen käyttö ja digitaaliset tilavarauspalvelut -kehitysryhmä aloitti, ja hanke "
                "osallistuu sen työhön.",
                "Testataan tilavaraajan polkua asukkaiden ja työntekijöiden kanssa.",
            ),
            P(
                D(2022, 3, 15),
                "pilot",
                "Tilavaraajan polkua testattiin Riistaveden pitäjäraadin ja työntekijöiden työpajassa 15.3.2022.",
            ),
            S(
                D(2022, 6, 15),
                ON,
                "Tiimi muotoili tilavaraajan polun, kävi läpi työpajojen tulokset, suunnitteli viestintää ja teki "
                "toiminnastaan podcast-jakson.",
                "Tulokset luovutetaan tilavarauspalveluiden kehitysryhmän käyttöön.",
            ),
            P(
                D(2022, 9, 1),
                "consolidating",
                "Tiimin tuloksia hyödynnetään tiiviissä yhteistyössä kaupungin tilavarauspalveluiden "
                "kehitysryhmän kanssa.",
            ),
            S(
                FINAL_SEMINAR,
                ON,
                "Tilavarauspalveluiden kehitysryhmä hyödyntää tiimin tuloksia digitaalisen tilavarausalustan "
                "kehittämisessä.",
                "Sovitaan kehitysryhmän kanssa alustan hankinnan aikataulu ja vastuut hankkeen jälkeen.",
            ),
        ],
    },
    8: {
        "slug": "ideapulputtamo",
        "name_fi": "IdeaPulputtamo – henkilöstön idea- ja osallisuusalusta",
        "name_en": "IdeaPulputtamo – staff ideas and participation platform",
        "summary_fi": (
            "Henkilöstön idea- ja osallisuusalusta, jolla kehitysideoiden ja aloitteiden kerääminen on helpompaa "
            "ja ideoita voi peukuttaa, kommentoida ja jalostaa yhdessä. Alusta lanseerattiin syyskuussa 2022."
        ),
        "summary_en": (
            "A staff platform that makes it easier to collect development ideas and initiatives, and lets staff "
            "upvote, comment on and refine ideas together. It was launched in September 2022."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: henkilöstön digitaalinen ideointi- ja kehitysaloitekokeilu",
        "origin_en": "Need raised during the programme: a digital ideas and initiatives channel for staff",
        "team": "tarve",
        "service_areas": ["strategia"],
        "partners": [ISTEKKI, ADVANIA],
        "technologies": [IDEAPULPUTTAMO, KUHA],
        "start_date": D(2020, 11, 1),
        "receiving_unit": "strategia",
        "owner": "innovaatiopaallikko",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            S(
                END_2020,
                ON,
                "Henkilöstön matalan kynnyksen kehitysideoiden alustaa, IdeaPulputtamoa, kehitetään edelleen osana "
                "hankkeen vakiinnuttamistyötä.",
                "Kootaan henkilöstön tarpeet ideoinnin ja aloitteiden alustalle.",
            ),
            P(
                D(2021, 6, 15),
                "concept",
                "IdeaPulputtamo otettiin kokeiluksi kohderyhmästä nousseen tarpeen pohjalta, valmennuksen "
                "palvelutuotantokokeilujen rinnalle.",
            ),
            S(
                DIGIKATSASTUS_2021,
                ON,
                "Uuden alustan muotoilu toteutettiin syksyllä 2021 Istekki Oy:n ja Valtti Kumppanit Oy:n kanssa. "
                "Tavoitteena on helpottaa ideoiden keräämistä ja lisätä yhteiskehittämistä.",
                "Ratkaistaan alustan tekniset kysymykset keväällä 2022.",
            ),
            P(
                D(2022, 2, 1),
                "pilot",
                "Alustaa testataan, ja teknisiä ongelmia ratkotaan kaupungin eri käyttäjäryhmien yhteensovittamisessa.",
            ),
            S(
                D(2022, 6, 15),
                ON,
                "Kevään 2022 aikana ratkottiin palvelun teknisiä ongelmia eri käyttäjäryhmien yhteensovittamisessa.",
                "IdeaPulputtamo lanseerataan syksyllä 2022.",
            ),
            P(
                D(2022, 9, 15),
                "consolidating",
                "IdeaPulputtamo lanseerattiin koko henkilöstölle syyskuussa 2022.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Lanseerauksen jälkeen alustaan lisättiin ideoihin vastuuhenkilöitä merkitsevä botti ja "
                "KUHA-intranet-integraatio näkyvyyden lisäämiseksi (Istekki Oy ja Advania Oy, ent. Valtti "
                "Kumppanit Oy). Arvioinnissa lanseerausta pidettiin haasteellisena.",
                "Seurataan ideoiden määrää ja käsittelyä; sovitaan ylläpidon resursseista innovaatiopäällikön "
                "johdolla.",
            ),
        ],
    },
    9: {
        "slug": "chatbot-business-kuopio",
        "name_fi": "Chatbot: Business Kuopio",
        "name_en": "Chatbot: Business Kuopio",
        "summary_fi": (
            "Keskusteleva tekoäly, joka ohjaa yritysasiakkaat mahdollisimman nopeasti oikeaan palveluun tai "
            "asiantuntijalle. Botti rakennettiin kansallisen AuroraAI-ohjelman alustalle, joka päättyi 31.12.2022."
        ),
        "summary_en": (
            "A conversational assistant that routes business customers as quickly as possible to the right service "
            "or expert. It was built on the national AuroraAI programme's platform, which ended on 31 December 2022."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: AuroraAI-chatbottien hyödyntäminen asiakaspalvelussa",
        "origin_en": "Need raised during the programme: using AuroraAI chatbots in customer service",
        "team": "tarve",
        "service_areas": ["business_kuopio"],
        "partners": [GOFORE],
        "technologies": [AURORAAI],
        "start_date": D(2021, 11, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                D(2021, 11, 15),
                "concept",
                "Chatbotin muotoilu aloitettiin marraskuussa 2021 Business Kuopiolle yhdessä AuroraAI:n "
                "chatbot-muotoilua toteuttavan Gofore Oy:n kanssa.",
            ),
            S(
                DIGIKATSASTUS_2021,
                ON,
                "Muotoilun tavoitteena on parantaa asiakaskokemusta ja ohjata yritysasiakkaat chatbotin avulla "
                "nopeasti oikeaan palveluun tai asiantuntijalle.",
                "Jatketaan botin muotoilua AuroraAI:n menetelmin keväällä 2022.",
            ),
            S(
                D(2022, 3, 31),
                ON,
                "Chatbotin palvelumuotoiluryhmä kokoontui AuroraAI:n ja Gofore Oy:n lisäresursseilla.",
                "Julkaistaan botin ensimmäinen versio kesällä 2022.",
            ),
            P(
                D(2022, 6, 30),
                "pilot",
                "Business Kuopion botin ensimmäinen versio julkaistiin kesällä 2022.",
            ),
            S(
                CHATBOT_MEETING,
                RISK,
                "Chatbot-tiimit jatkoivat bottien kehittämistä omana työnään; yhteiset tilaisuudet pidettiin 17.8. "
                "ja 21.9.2022. AuroraAI-ohjelma päättyy vuodenvaihteessa, joten botin jatko on epävarma.",
                "Selvitetään, voiko kaupunki tai Istekki jatkaa AuroraAI-alustan käyttöä.",
            ),
            S(
                REPORT_DRAFT,
                OFF,
                "Arvioinnin mukaan yrityspalvelun chatbot ei ole käytössä, ja alustavalinta osoittautui vääräksi. "
                "AuroraAI päättyy 31.12.2022, eikä kaupungilla tai Istekillä ole osaamista jatkaa sen käyttöä. "
                "Teknologian vaihtamista pohdittiin AuroraAI-ohjelman, Istekin ja muiden pilottien kanssa.",
                "Päätettävä, siirretäänkö bottisisältö uudelle teknologialle vai lopetetaanko kokeilu. Kokeilulle ei "
                "ole omistajaa.",
            ),
        ],
    },
    10: {
        "slug": "chatbot-kirjasto",
        "name_fi": "Chatbot: kirjasto",
        "name_en": "Chatbot: library",
        "summary_fi": (
            "Kirjaston asiakaspalvelun chatbot, joka muotoiltiin AuroraAI:n menetelmin ja teknologioin Istekki "
            "Oy:n kanssa. Integrointia Smilee-live chattiin selvitettiin, mutta sitä ei tehty AuroraAI:n "
            "päättymisen vuoksi."
        ),
        "summary_en": (
            "A chatbot for the library's customer service, designed with AuroraAI's methods and technology "
            "together with Istekki Oy. Integration with the Smilee live chat was studied but not carried out "
            "because AuroraAI was ending."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: chatbot-muotoilun laajennus kirjastoon",
        "origin_en": "Need raised during the programme: extending chatbot design to the library",
        "team": "tarve",
        "service_areas": ["kirjasto"],
        "partners": [ISTEKKI],
        "technologies": [AURORAAI, SMILEE],
        "start_date": D(2021, 12, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                D(2021, 12, 15),
                "concept",
                "Chatbot-muotoilun laajennus kirjastoon aloitettiin joulukuussa 2021 asiantuntijaostopalveluna "
                "Istekki Oy:n kanssa.",
            ),
            S(
                D(2022, 3, 31),
                ON,
                "Kirjaston bottia muotoiltiin AuroraAI:n muotoilumenetelmin ja teknologioin. Business Kuopion ja "
                "kirjaston yhteistyö chatbot-työssä jatkui.",
                "Selvitetään botin integrointia kirjaston live chattiin.",
            ),
            P(
                D(2022, 5, 16),
                "pilot",
                "Kirjaston bottia kokeillaan, ja sen integrointia Smilee-live chattiin selvitetään.",
            ),
            S(
                D(2022, 6, 30),
                ON,
                "Botin integrointia Smilee-live chattiin selvitettiin keväällä 2022.",
                "Muotoilua jatketaan syksyllä 2022.",
            ),
            S(
                CHATBOT_MEETING,
                RISK,
                "Chatbot-tiimien yhteiset tilaisuudet pidettiin 17.8. ja 21.9.2022. AuroraAI-botin käytön jatkaminen "
                "on vaakalaudalla, joten integroinnista ei ole tehty päätöstä.",
                "Odotetaan tietoa AuroraAI-alustan jatkosta.",
            ),
            S(
                REPORT_DRAFT,
                OFF,
                "Bottia ei päädytty integroimaan Smilee-live chattiin, koska AuroraAI-botin käytön jatkaminen oli "
                "vaakalaudalla. AuroraAI päättyy 31.12.2022, ja teknologian vaihtamista harkitaan.",
                "Kartoitetaan teknologiavaihtoehdot ja nimetään kirjastosta vastuuhenkilö ennen jatkopäätöstä.",
            ),
        ],
    },
    11: {
        "slug": "chatbot-tyonantajapalvelut",
        "name_fi": "Chatbot: työnantajapalvelut",
        "name_en": "Chatbot: employer services",
        "summary_fi": (
            "Kaupungin sisäinen chatbot työnantajapalveluihin, muotoiltu AuroraAI:n menetelmin Istekki Oy:n "
            "kanssa. Jatko on epävarma, koska AuroraAI-ohjelma päättyi vuoden 2022 lopussa."
        ),
        "summary_en": (
            "An internal chatbot for the city's employer services, designed with AuroraAI's methods together with "
            "Istekki Oy. Its future is uncertain because the AuroraAI programme ended at the end of 2022."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: chatbot-muotoilun laajennus työnantajapalveluihin",
        "origin_en": "Need raised during the programme: extending chatbot design to employer services",
        "team": "tarve",
        "service_areas": ["tyonantajapalvelut"],
        "partners": [ISTEKKI],
        "technologies": [AURORAAI],
        "start_date": D(2021, 12, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                D(2021, 12, 15),
                "concept",
                "Chatbot-muotoilun laajennus kaupungin sisäisiin työnantajapalveluihin aloitettiin joulukuussa 2021 "
                "Istekki Oy:n kanssa.",
            ),
            S(
                D(2022, 3, 31),
                ON,
                "Työnantajapalveluiden bottia muotoiltiin AuroraAI:n muotoilumenetelmin.",
                "Jatketaan muotoilua ja kootaan botin sisällöt.",
            ),
            S(
                D(2022, 6, 30),
                ON,
                "Botin sisältöjä koottiin yhdessä työnantajapalveluiden kanssa.",
                "Muotoilua jatketaan syksyllä 2022.",
            ),
            S(
                CHATBOT_MEETING,
                RISK,
                "Tiimi jatkoi botin kehittämistä omana työnään. AuroraAI-ohjelman päättyminen vuodenvaihteessa "
                "uhkaa botin jatkoa.",
                "Selvitetään bottien käytön jatkomahdollisuudet.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Loppuvuonna selvitettiin bottien käytön jatkomahdollisuuksia, kartoitettiin teknologiavaihtoehtoja "
                "ja koottiin ymmärrystä bottityön tarpeista ja visioista. Jatko on epävarma AuroraAI:n päättyessä.",
                "Päätetään teknologiavaihtoehdosta ja nimetään työnantajapalveluista omistaja.",
            ),
        ],
    },
    12: {
        "slug": "tyopistevaraus",
        "name_fi": "Monipaikkatyötä tukevat työpistevarauskokeilut",
        "name_en": "Desk-booking trials supporting multi-location work",
        "summary_fi": (
            "Koronapandemian etätyöloikan myötä aloitettujen työpistevarausjärjestelmien kokeilujen kokemukset ja "
            "tulokset kootaan yhteen palvelumuotoiluryhmässä. Käyttäjäkokemuskysely tehtiin marraskuussa 2022."
        ),
        "summary_en": (
            "Pulls together the experience and results of the desk-booking system trials that began with the "
            "pandemic's sudden shift to remote work, in a service-design group. A user-experience survey was run in "
            "November 2022."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: koronapandemian etätyöloikka",
        "origin_en": "Need raised during the programme: the pandemic's leap to remote work",
        "team": "tarve",
        "service_areas": ["elko"],
        "partners": [],
        "technologies": [],
        "start_date": D(2020, 11, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            S(
                END_2020,
                ON,
                "Koronapandemian etätyöloikka nosti tarpeen edistää monipaikkaista työskentelyä, myös etätyötä.",
                "Kartoitetaan työpistevarausjärjestelmien kokeilumahdollisuudet.",
            ),
            P(
                D(2021, 3, 15),
                "concept",
                "Monipaikkatyön tueksi suunnitellaan työpistevarausjärjestelmien kokeiluja.",
            ),
            P(
                D(2021, 9, 15),
                "pilot",
                "Työpistevarausjärjestelmien kokeilut ovat käynnissä kaupungin työpisteissä.",
            ),
            S(
                D(2022, 4, 15),
                ON,
                "Kokeilujen kokemusten ja tulosten yhteen vetämiseksi koottiin palvelumuotoiluryhmä, joka aloitti "
                "kokoontumisensa keväällä 2022.",
                "Ryhmä jatkaa työtään syksyllä 2022.",
            ),
            S(
                D(2022, 10, 14),
                ON,
                "Palvelumuotoiluryhmä piti syksyllä työpajoja kokeilujen kokemuksista.",
                "Tehdään käyttäjäkokemuskysely kaikille työpistepiloteissa mukana oleville.",
            ),
            S(
                FINAL_SEMINAR,
                ON,
                "Ryhmä piti syksyllä 2022 kolme työpajaa, ja marraskuussa 2022 tehtiin käyttäjäkokemuskysely kaikille "
                "työpistepiloteissa mukana oleville työntekijöille. Kokeiluille ei ole nimetty omistajaa hankkeen "
                "jälkeen.",
                "Kootaan kyselyn tulokset ja nimetään vastuutaho työpistevarauksen jatkolle.",
            ),
        ],
    },
    13: {
        "slug": "muutosvaikutusten-arviointi",
        "name_fi": "Muutosvaikutusten arviointimenettelyn rakentaminen (MVA)",
        "name_en": "Building a change impact assessment procedure (MVA)",
        "summary_fi": (
            "Rakennetaan kaupungille tiedonhallintalain (906/2019, 8 §) edellyttämä muutosvaikutusten "
            "arviointimenettely Istekki Oy:n kanssa. Menettelyä testattiin TargetorPro- ja OmaKunta-projekteissa; "
            "mallipohja on olemassa, mutta käytäntö ei ole vielä vakiintunut."
        ),
        "summary_en": (
            "Builds the change impact assessment procedure required by the Information Management Act (906/2019, "
            "section 8) together with Istekki Oy. It was tested on the TargetorPro and OmaKunta projects; a "
            "template exists, but the practice is not yet established."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: tiedonhallintalain muutosvaikutusten arviointi",
        "origin_en": "Need raised during the programme: change impact assessment under the Information Management Act",
        "team": "tarve",
        "service_areas": ["tietohallinto", "strategia"],
        "partners": [ISTEKKI],
        "technologies": [],
        "start_date": D(2022, 3, 1),
        "receiving_unit": None,
        "owner": "omistaja2",
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            P(
                D(2022, 3, 15),
                "concept",
                "Muutosvaikutusten arviointimenettelyn rakentaminen Kuopion kaupungille aloitettiin keväällä 2022 "
                "Istekki Oy:n kanssa.",
            ),
            S(
                D(2022, 5, 31),
                ON,
                "Menettelyn rakentamisen työpajoja pidettiin neljä: tiedonhallinta ja siihen oleellisesti vaikuttava "
                "muutos, MVA:n toteutus ja dokumentointi (kaksi kertaa) sekä MVA:n käynnistys ja lähtötiedot.",
                "Testataan rakennettua menetelmää kahdessa projektissa.",
            ),
            P(
                D(2022, 6, 15),
                "pilot",
                "Rakennettua arviointimenetelmää testataan TargetorPro- ja OmaKunta-projekteissa.",
            ),
            S(
                D(2022, 7, 29),
                ON,
                "Menetelmää testattiin TargetorPro- ja OmaKunta-projekteissa.",
                "MVA-pajoja voidaan järjestää optiona muillekin projekteille syksyllä 2022.",
            ),
            S(
                FINAL_SEMINAR,
                ON,
                "Syksyllä 2022 MVA-pajoja järjestettiin projekteille seitsemän. Menettelylle on olemassa mallipohja, "
                "mutta toimintatapaa ei ole vielä vakiinnutettu.",
                "Valmistellaan MVA-päätöspalaveri 14.12.2022.",
            ),
            S(
                D(2022, 12, 14),
                ON,
                "MVA-päätöspalaveri pidettiin 14.12.2022. Testikohteiden (TargetorPro ja OmaKunta) arvioinnit "
                "odottavat päätöstä.",
                "Omistaja vastaa menettelyn vakiinnuttamisesta hankkeen jälkeen: MVA tehdään ennen muutosten "
                "käynnistämistä.",
            ),
        ],
    },
    14: {
        "slug": "digitiekartta",
        "name_fi": "Digitiekartan uudistaminen",
        "name_en": "Renewing the digital roadmap",
        "summary_fi": (
            "Kuopion kaupungin digitalisaation tiekartan uudistaminen FCG Finnish Consulting Groupin "
            "asiantuntijatuella syksyllä 2022. Tiekartalle on nimettävä omistaja, jonka vastuulle kehittämistyö ja "
            "vakiinnuttaminen jäävät."
        ),
        "summary_en": (
            "Renewal of the City of Kuopio's digitalisation roadmap with expert support from FCG Finnish Consulting "
            "Group in autumn 2022. The roadmap needs an owner who will carry its development and consolidation."
        ),
        "origin_fi": "Hankkeen aikana noussut tarve: digitalisaation tiekartan uudistaminen",
        "origin_en": "Need raised during the programme: renewing the digitalisation roadmap",
        "team": "tarve",
        "service_areas": ["strategia"],
        "partners": [FCG],
        "technologies": [],
        "start_date": D(2022, 6, 1),
        "receiving_unit": None,
        "owner": None,
        "cadence_days": DEFAULT_CADENCE_DAYS,
        "history": [
            S(
                D(2022, 6, 30),
                ON,
                "Digitalisaation tiekartan uudistaminen käynnistettiin. Pohjana ovat digitaalisten palveluiden "
                "johtoryhmän kanssa 8.2.2021 pidetty tarvepaja ja uudelle valtuustolle 14.10.2021 esitelty "
                "tiekarttatyö.",
                "Hankitaan asiantuntijatuki tiekartan uudistamiseen.",
            ),
            P(
                D(2022, 9, 7),
                "concept",
                "Uudistamistyön kick off -tilaisuus pidettiin 7.9.2022 FCG Finnish Consulting Groupin "
                "asiantuntijatuella.",
            ),
            S(
                D(2022, 10, 31),
                ON,
                "Uudistustyön avoimia työpajoja järjestettiin, ja konsultti teki tiedonhankintaa ja kyselyn oleellisen "
                "tiedon keräämiseksi.",
                "Esitellään työ palvelualueiden ICT-johtoryhmille.",
            ),
            S(
                FINAL_SEMINAR,
                RISK,
                "Työpajoja ja lisätyöpajoja pidettiin yhteensä seitsemän sekä yksi dynaamisen digitiekartan työpaja. "
                "Tuloksia esiteltiin palvelualueiden ICT-johtoryhmissä, kaupunginjohtajan johtoryhmässä, "
                "kaupunginhallituksessa ja hankkeen loppuseminaarissa.",
                "Sovitaan tiekartan jatkotyöstä ja vastuista.",
            ),
            S(
                REPORT_DRAFT,
                RISK,
                "Tiekartan uudistus käynnistettiin hyvin lyhyenä hankkeena kiireisimpään aikaan loppuvuodesta. "
                "Tiekartalle ei ole nimetty omistajaa, jonka vastuulle kehittämistyö ja vakiinnuttaminen jäävät.",
                "Nimetään digitiekartalle omistaja ja kytketään kokeilujen seuranta tiekartan seurantaan.",
            ),
        ],
    },
}

# The point of the demo: these experiments have no owner (domain.md, "Owners in the demo data").
UNOWNED_NUMBERS = frozenset(n for n, e in EXPERIMENTS.items() if e["owner"] is None)
