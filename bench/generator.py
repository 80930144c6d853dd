"""Synthetic portfolio for benchmarks: N experiments with their history, deterministic from a seed.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/idk_bench \
        .venv/bin/python -m bench.generator --experiments 100000 --seed 1 --reset

What one experiment gets (counts are fixed by phase, so a test can predict them; names, dates, health,
owners and text vary with the seed):

* phase quotas (exact, then shuffled): idea 15 %, concept 15 %, pilot 25 % (+ rounding), consolidating 15 %,
  permanent 15 %, paused 5 %, stopped 10 %; exactly 20 % (rounded down) have no owner;
* status updates: 9 + (index mod 4) for every experiment, and `big_updates` (default 1,000) for experiment
  index 0 (slug ``bench-big``, the "detail with 1,000 updates" page);
* phase changes along the lifecycle: idea 0, concept 1, pilot 2, consolidating 3, permanent 4,
  paused 3 (idea → concept → pilot → paused), stopped 2 (idea → concept → stopped);
* milestones: pilot 2, consolidating 3, permanent 3, every other phase 1;
* a continuation plan, a steering-group decision, an MVA assessment (if the mva app's tables exist) for
  consolidating and permanent experiments; one accepted handover for each permanent one; a decision
  (pause / stop) for each paused / stopped one;
* reminder history (threads, digests, reminders for stale owned experiments) only if the reminders app's
  tables exist; anything skipped is listed in the result's ``skipped``.

The stored, denormalised fields are set as the services would set them: health, last_update_on,
next_steps and status_due_on from the latest generated update (replaying services.status_update_create's
rule), platform_end_of_support from the technologies, awaiting_decision on plans, and readiness_* from the
checklist items registered in consolidation.readiness (evaluated in Python on prefetched data; items this
module does not know are evaluated one experiment at a time with their own check function).

Rows are written with PostgreSQL COPY (bulk_create elsewhere, e.g. SQLite in tests) in one transaction,
with explicit primary keys; sequences are reset afterwards. No audit-history rows are written.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal

PHASE_WEIGHTS = [
    ("idea", 0.15),
    ("concept", 0.15),
    ("pilot", 0.25),
    ("consolidating", 0.15),
    ("permanent", 0.15),
    ("paused", 0.05),
    ("stopped", 0.10),
]
UNOWNED_SHARE = 0.20
PHASE_PATHS = {  # the phase changes each phase gets, in order
    "idea": [],
    "concept": ["concept"],
    "pilot": ["concept", "pilot"],
    "consolidating": ["concept", "pilot", "consolidating"],
    "permanent": ["concept", "pilot", "consolidating", "permanent"],
    "paused": ["concept", "pilot", "paused"],
    "stopped": ["concept", "stopped"],
}
MILESTONES_BY_PHASE = {"pilot": 2, "consolidating": 3, "permanent": 3}
DECISION_BY_PHASE = {"consolidating": "continue", "permanent": "make_permanent", "paused": "pause", "stopped": "stop"}
N_TEAMS, N_SERVICE_AREAS, N_UNITS, N_PARTNERS, N_TECHNOLOGIES, N_MEETINGS = 10, 5, 15, 20, 30, 12
LOAD_USERS = 16  # bench_user_0 … bench_user_15: coordinators, used by the load test
STEERING_USERS = 4  # bench_user_16 … bench_user_19
PASSWORD = "bench-password-1234"
BIG_SLUG = "bench-big"
SMALLINT_MAX = 32767  # Experiment.number is a PositiveSmallIntegerField: experiments above this get no number

# Parallel Finnish / English words, so name_en is a translation of name_fi. "robotti" (1 noun in 30)
# is the free-text search term the benchmark uses.
ADJECTIVES = [
    ("Digitaalinen", "Digital"),
    ("Älykäs", "Smart"),
    ("Uusi", "New"),
    ("Yhteinen", "Shared"),
    ("Kevyt", "Lightweight"),
    ("Avoin", "Open"),
    ("Sähköinen", "Electronic"),
    ("Mobiili", "Mobile"),
    ("Asiakaslähtöinen", "Customer-centred"),
    ("Automaattinen", "Automated"),
    ("Kokeellinen", "Experimental"),
    ("Kaupunkitason", "City-wide"),
]
NOUNS = [
    ("palautepalvelu", "feedback service"),
    ("tilavaraus", "room booking"),
    ("chatbot", "chatbot"),
    ("robotti", "robot"),
    ("asiointi", "e-service"),
    ("tietomalli", "data model"),
    ("osallisuusalusta", "participation platform"),
    ("lomake", "form"),
    ("ajanvaraus", "appointment booking"),
    ("raportointi", "reporting"),
    ("kirjasto", "library"),
    ("työpistevaraus", "desk booking"),
    ("arkisto", "archive"),
    ("kartta", "map"),
    ("analytiikka", "analytics"),
    ("neuvonta", "advice service"),
    ("kyselytyökalu", "survey tool"),
    ("ilmoituspalvelu", "notification service"),
    ("koulutus", "training"),
    ("hankinta", "procurement"),
    ("laskutus", "invoicing"),
    ("rekrytointi", "recruitment"),
    ("sensoriverkko", "sensor network"),
    ("tietopyyntö", "information request"),
    ("kuntalaispaneeli", "resident panel"),
    ("opastus", "guidance"),
    ("verkkokauppa", "web shop"),
    ("mittaristo", "dashboard"),
    ("asianhallinta", "case management"),
    ("etäpalvelu", "remote service"),
]
DOMAINS = [
    ("kouluille", "for schools"),
    ("kirjastoon", "for the library"),
    ("sosiaalipalveluihin", "for social services"),
    ("rakennusvalvontaan", "for building control"),
    ("liikenteeseen", "for traffic"),
    ("työllisyyspalveluihin", "for employment services"),
    ("varhaiskasvatukseen", "for early education"),
    ("kulttuuripalveluihin", "for cultural services"),
    ("henkilöstölle", "for staff"),
    ("yrityksille", "for businesses"),
]
SENTENCES = [
    (
        "Kokeilussa selvitetään, miten palvelu toimii todellisilla käyttäjillä.",
        "The experiment finds out how the service works with real users.",
    ),
    (
        "Tavoitteena on vähentää käsityötä ja nopeuttaa asiointia.",
        "The aim is to cut manual work and speed up service.",
    ),
    (
        "Pilotti tehdään yhdessä palvelualueen ja kumppanin kanssa.",
        "The pilot is run with the service area and a partner.",
    ),
    (
        "Tuloksia mitataan asiakastyytyväisyydellä ja käsittelyajoilla.",
        "Results are measured by satisfaction and handling times.",
    ),
    ("Ratkaisu voidaan ottaa käyttöön muissakin yksiköissä.", "The solution can be taken up by other units too."),
]
HEALTH_WEIGHTS = [("on_track", 60), ("at_risk", 25), ("off_track", 15)]
FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Minna",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
]
LAST_NAMES = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
]


def quotas(n: int) -> dict[str, int]:
    """Exact phase counts for n experiments: floor of each share, the remainder to pilot."""
    counts = {phase: int(n * share) for phase, share in PHASE_WEIGHTS}
    counts["pilot"] += n - sum(counts.values())
    return counts


def updates_for_index(index: int, big_updates: int) -> int:
    return big_updates if index == 0 else 9 + index % 4


# --- Writing rows -------------------------------------------------------------------------------


class Writer:
    """Insert model instances fast: COPY on PostgreSQL, bulk_create elsewhere. Explicit pks are kept."""

    def __init__(self, batch_size: int = 10_000, log: Callable[[str], None] = print):
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.batch_size = batch_size
        self.counts: Counter = Counter()
        self.log = log
        self.models_with_pks: set = set()

    def _fields(self, model):
        return [f for f in model._meta.concrete_fields]

    def write(self, model, objs: Iterable, *, explicit_pk: bool = True) -> int:
        if explicit_pk:
            self.models_with_pks.add(model)
        fields = self._fields(model)
        if not explicit_pk:
            fields = [f for f in fields if not f.primary_key]
        auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        written = 0
        batch: list = []
        for obj in objs:
            for f in auto:
                if getattr(obj, f.attname) is None:
                    setattr(obj, f.attname, f.pre_save(obj, True))
            batch.append(obj)
            if len(batch) >= self.batch_size:
                written += self._flush(model, fields, batch)
                batch = []
        if batch:
            written += self._flush(model, fields, batch)
        self.counts[model._meta.label] += written
        return written

    def _flush(self, model, fields, batch) -> int:
        if not self.postgres:
            model._base_manager.bulk_create(batch, batch_size=self.batch_size)
            return len(batch)
        from django.db.models import JSONField

        json_cols = {f.attname for f in fields if isinstance(f, JSONField)}
        attnames = [f.attname for f in fields]
        columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {self.connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with self.connection.cursor() as cursor:
            with cursor.cursor.copy(sql) as copy:
                for obj in batch:
                    row = []
                    for name in attnames:
                        value = obj.__dict__.get(name)
                        if name in json_cols:
                            value = json.dumps(value)
                        row.append(value)
                    copy.write_row(row)
        return len(batch)

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self.models_with_pks))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def table_exists(model) -> bool:
    from django.db import connection

    return model._meta.db_table in connection.introspection.table_names()


def next_id(model) -> int:
    from django.db.models import Max

    return (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_database(log: Callable[[str], None] = print) -> None:
    """Empty every table of the project's apps (bench databases only: asks no questions)."""
    from django.apps import apps
    from django.db import connection

    existing = set(connection.introspection.table_names())
    labels = {"accounts", "experiments", "consolidation", "mva", "reminders", "reports", "axes", "sessions"}
    tables = [
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in labels and m._meta.db_table in existing
    ]
    # Keep the MVA template seeded by its data migration.
    keep = {"mva_templateversion", "mva_templatearea"}
    tables = [t for t in tables if t not in keep]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside a transaction (e.g. a test) rows written earlier have deferred FK checks pending; TRUNCATE
            # refuses to run until they have fired.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default for its FKs
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for t in tables:
                cursor.execute(f'DELETE FROM "{t}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    log(f"reset: emptied {len(tables)} tables")


# --- The generator ------------------------------------------------------------------------------


def generate(
    n: int,
    seed: int = 1,
    *,
    big_updates: int = 1000,
    batch_size: int = 10_000,
    today: datetime.date | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Generate n experiments and everything around them. Returns {"counts": {label: rows}, "skipped": [...]}."""
    from django.db import transaction
    from django.utils import translation

    started = time.monotonic()
    with translation.override("fi"), transaction.atomic():
        result = _generate(n, seed, big_updates=big_updates, batch_size=batch_size, today=today, log=log)
    result["seconds"] = round(time.monotonic() - started, 1)
    log(f"generated {n} experiments in {result['seconds']} s")
    return result


def _generate(n, seed, *, big_updates, batch_size, today, log) -> dict:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.roles import COORDINATORS, STEERING_GROUP
    from consolidation import readiness
    from consolidation.models import ContinuationPlan, Decision, Handover, Meeting, Milestone
    from experiments.models import Experiment, OrgUnit, Partner, PhaseChange, StatusUpdate, Team, Technology

    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    today = today or timezone.localdate()
    utc = datetime.UTC
    now = timezone.now()
    w = Writer(batch_size=batch_size, log=log)
    skipped: list[str] = []
    User = get_user_model()

    def at(day: datetime.date, second: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=utc) + datetime.timedelta(seconds=second)

    # --- People ---------------------------------------------------------------------------------
    n_users = max(LOAD_USERS + STEERING_USERS, n // 100)
    password = make_password(PASSWORD)
    uid = next_id(User)
    users = []
    for k in range(n_users):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                id=uid + k,
                username=f"bench_user_{k}",
                first_name=first,
                last_name=f"{last}{k}",
                email=f"bench_user_{k}@example.invalid",
                password=password,
                is_active=True,
                is_staff=k < 2,
                is_superuser=k == 0,
                date_joined=now,
                language="fi",
                reminder_frequency="weekly" if k % 5 == 0 else "daily",
                title="",
                email_bounced_at=None,
            )
        )
    w.write(User, users)
    user_ids = [u.id for u in users]
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    steering, _ = Group.objects.get_or_create(name=STEERING_GROUP)
    membership = User.groups.through
    w.write(
        membership,
        [membership(user_id=user_ids[k], group_id=coordinators.id) for k in range(LOAD_USERS)]
        + [
            membership(user_id=user_ids[k], group_id=steering.id)
            for k in range(LOAD_USERS, LOAD_USERS + STEERING_USERS)
        ],
        explicit_pk=False,
    )

    # --- Reference data -------------------------------------------------------------------------
    tid = next_id(Team)
    teams = [
        Team(id=tid + k, name=f"Tiimi {k + 1}", name_fi=f"Tiimi {k + 1}", name_en=f"Team {k + 1}")
        for k in range(N_TEAMS)
    ]
    w.write(Team, teams)
    oid = next_id(OrgUnit)
    areas = [
        OrgUnit(
            id=oid + k,
            name=f"Palvelualue {k + 1}",
            name_fi=f"Palvelualue {k + 1}",
            name_en=f"Service area {k + 1}",
            short_name=f"PA{k + 1}",
            kind="service_area",
            parent_id=None,
        )
        for k in range(N_SERVICE_AREAS)
    ]
    units = [
        OrgUnit(
            id=oid + N_SERVICE_AREAS + k,
            name=f"Yksikkö {k + 1}",
            name_fi=f"Yksikkö {k + 1}",
            name_en=f"Unit {k + 1}",
            short_name="",
            kind="unit",
            parent_id=areas[k % N_SERVICE_AREAS].id,
        )
        for k in range(N_UNITS)
    ]
    w.write(OrgUnit, areas + units)
    pid = next_id(Partner)
    partners = [Partner(id=pid + k, name=f"Kumppani {seed}-{k + 1}", description="") for k in range(N_PARTNERS)]
    w.write(Partner, partners)
    techid = next_id(Technology)
    technologies = []
    for k in range(N_TECHNOLOGIES):
        roll = rng.random()
        eos = None if roll < 0.5 else today + datetime.timedelta(days=rng.randint(-200, 900))
        technologies.append(
            Technology(id=techid + k, name=f"Alusta {seed}-{k + 1}", description="", end_of_support=eos)
        )
    w.write(Technology, technologies)
    meeting_id = next_id(Meeting)
    existing_dates = set(Meeting.objects.values_list("date", flat=True))
    meetings, day = [], today
    while len(meetings) < N_MEETINGS:
        if day not in existing_dates:
            meetings.append(
                Meeting(id=meeting_id + len(meetings), date=day, title="", notes="", created_by_id=user_ids[LOAD_USERS])
            )
        day -= datetime.timedelta(days=30)
    w.write(Meeting, meetings)

    # --- Experiments: attributes first (their stored fields need the children) -------------------
    counts = quotas(n)
    phases = [phase for phase, _share in PHASE_WEIGHTS for _ in range(counts[phase])]
    rng.shuffle(phases)
    unowned = set(rng.sample(range(n), int(n * UNOWNED_SHARE)))
    eid = next_id(Experiment)
    first_number = (
        Experiment.objects.exclude(number=None).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    tech_eos = {t.id: t.end_of_support for t in technologies}
    experiments: list = []
    accepted_handover: set[int] = set()
    m2m_areas, m2m_partners, m2m_techs = [], [], []
    mva_ok = apps.is_installed("mva")
    if mva_ok:
        from mva.models import Assessment, TemplateVersion

        mva_ok = table_exists(Assessment)
    if not mva_ok:
        skipped.append("mva assessments (mva app not installed or its tables do not exist)")
    approved_mva: set[int] = set()

    for i in range(n):
        phase = phases[i]
        adj, noun, dom = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(DOMAINS)
        summary = [rng.choice(SENTENCES) for _ in range(2)]
        start = today - datetime.timedelta(days=rng.randint(400, 1500))
        owner = None if i in unowned else rng.choice(user_ids)
        late_phase = phase in ("consolidating", "permanent")
        e = Experiment(
            id=eid + i,
            number=first_number + i if first_number + i <= SMALLINT_MAX else None,
            name=f"{adj[0]} {noun[0]} {dom[0]}",
            name_fi=f"{adj[0]} {noun[0]} {dom[0]}",
            name_en=f"{adj[1]} {noun[1]} {dom[1]}",
            summary=" ".join(s[0] for s in summary),
            summary_fi=" ".join(s[0] for s in summary),
            summary_en=" ".join(s[1] for s in summary),
            origin="",
            origin_fi="",
            origin_en="",
            slug=BIG_SLUG if i == 0 else f"bench-{seed}-{i}",
            team_id=None if rng.random() < 0.1 else rng.choice(teams).id,
            start_date=start,
            phase=phase,
            owner_id=owner,
            receiving_owner_id=rng.choice(user_ids) if late_phase or rng.random() < 0.2 else None,
            benefit_owner_id=rng.choice(user_ids) if rng.random() < 0.3 else None,
            receiving_unit_id=rng.choice(units).id if late_phase or rng.random() < 0.3 else None,
            status_cadence_days=rng.choice([14, 30, 30, 30, 60, 90]),
            version=1,
            created_at=at(start),
            updated_at=now,
            readiness_done=0,
            readiness_total=0,
            readiness_missing=[],
            health="",
            next_steps="",
            last_update_on=None,
            status_due_on=None,
            phase_changed_on=None,
            platform_end_of_support=None,
        )
        e._update_count = updates_for_index(i, big_updates)
        e._plan = None
        for area in rng.sample(areas, rng.randint(1, 2)):
            m2m_areas.append((e.id, area.id))
        for partner in rng.sample(partners, rng.randint(0, 2)):
            m2m_partners.append((e.id, partner.id))
        techs = rng.sample(technologies, rng.randint(0, 3))
        for tech in techs:
            m2m_techs.append((e.id, tech.id))
        eos = [tech_eos[t.id] for t in techs if tech_eos[t.id] is not None]
        e.platform_end_of_support = min(eos) if eos else None
        experiments.append(e)

    # --- Status updates (streamed) and the stored latest status --------------------------------
    health_values = [h for h, _w in HEALTH_WEIGHTS]
    health_weights = [w_ for _h, w_ in HEALTH_WEIGHTS]

    def status_updates():
        for e in experiments:
            k = e._update_count
            r = random.Random(f"{seed}-su-{e.id - eid}")
            # The latest update: most are recent, a share is older than the cadence (stale).
            last = today - datetime.timedelta(days=r.randint(0, 60) if r.random() < 0.7 else r.randint(60, 240))
            first = max(e.start_date, last - datetime.timedelta(days=max(k * 7, 30)))
            span = max((last - first).days, 1)
            dates = sorted(first + datetime.timedelta(days=r.randint(0, span)) for _ in range(k - 1)) + [last]
            next_steps = ""
            health = ""
            for j, d in enumerate(dates):
                health = r.choices(health_values, health_weights)[0]
                kind = "confirmation" if r.random() < 0.15 else "update"
                steps = "" if kind == "confirmation" else f"Seuraavaksi: vaihe {j + 1}."
                if kind == "update" or not next_steps:
                    next_steps = steps or next_steps
                yield StatusUpdate(
                    experiment_id=e.id,
                    author_id=e.owner_id or r.choice(user_ids),
                    kind=kind,
                    effective_date=d,
                    health=health,
                    what_happened=f"Tilannekatsaus {j + 1}: {r.choice(SENTENCES)[0]}",
                    next_steps=steps,
                    created_at=at(d, j),
                )
            e.health, e.last_update_on, e.next_steps = health, last, next_steps
            e.status_due_on = last + datetime.timedelta(days=e.status_cadence_days)

    w.write(StatusUpdate, status_updates(), explicit_pk=False)
    log(f"  status updates: {w.counts[StatusUpdate._meta.label]}")

    # --- Phase changes, milestones, plans, handovers, decisions, assessments -------------------
    def phase_changes():
        for e in experiments:
            path = PHASE_PATHS[e.phase]
            if not path:
                continue
            r = random.Random(f"{seed}-pc-{e.id - eid}")
            d, previous = e.start_date, "idea"
            for to_phase in path:
                d = min(today, d + datetime.timedelta(days=r.randint(20, 200)))
                yield PhaseChange(
                    experiment_id=e.id,
                    from_phase=previous,
                    to_phase=to_phase,
                    effective_date=d,
                    changed_by_id=r.choice(user_ids[:LOAD_USERS]),
                    reason="Ohjausryhmän päätös.",
                    created_at=at(d),
                )
                previous = to_phase
            e.phase_changed_on = d

    w.write(PhaseChange, phase_changes(), explicit_pk=False)

    def milestones():
        for e in experiments:
            r = random.Random(f"{seed}-ms-{e.id - eid}")
            for j in range(MILESTONES_BY_PHASE.get(e.phase, 1)):
                due = today + datetime.timedelta(days=r.randint(-240, 180))
                done = due - datetime.timedelta(days=r.randint(0, 10)) if due < today and r.random() < 0.7 else None
                yield Milestone(
                    experiment_id=e.id,
                    title=f"Välitavoite {j + 1}",
                    due_date=due,
                    responsible_id=e.owner_id if r.random() < 0.7 else r.choice(user_ids),
                    done_on=done,
                    note="",
                    version=1,
                    created_at=at(e.start_date),
                )

    w.write(Milestone, milestones(), explicit_pk=False)

    plan_id = next_id(ContinuationPlan)
    plan_rows, handovers, decisions, assessments = [], [], [], []
    decision_id = next_id(Decision)
    if mva_ok:
        template = TemplateVersion.objects.current()
        if template is None:
            template = TemplateVersion.objects.create(
                number=next_id(TemplateVersion), published_on=today, notes="bench"
            )
        assessment_id = next_id(Assessment)
    for e in experiments:
        r = random.Random(f"{seed}-cp-{e.id - eid}")
        if e.phase in ("consolidating", "permanent"):
            needed_py = Decimal(r.randint(1, 40)) / 4
            needed_eur = Decimal(r.randint(5, 200) * 1000)
            secured = e.phase == "permanent" or r.random() < 0.5
            plan = ContinuationPlan(
                id=plan_id + len(plan_rows),
                experiment_id=e.id,
                intended_outcome=r.choice(["make_permanent", "make_permanent", "transfer", "continue"]),
                target_state="Palvelu jatkuu pysyvänä.",
                person_years_needed=needed_py.quantize(Decimal("0.01")),
                person_years_secured=(needed_py if secured else needed_py / 2).quantize(Decimal("0.01")),
                euros_needed=needed_eur.quantize(Decimal("0.01")),
                euros_secured=(needed_eur if secured else needed_eur / 2).quantize(Decimal("0.01")),
                funding_source="Talousarvio",
                in_budget_proposal=secured,
                commitment_by="Palvelualuejohtaja" if secured else "",
                commitment_on=today - datetime.timedelta(days=90) if secured else None,
                platform="",
                platform_end_of_support=None,
                platform_alternative="" if r.random() < 0.7 else "Vaihtoehtoinen alusta",
                roadmap_theme_id=None,
                review_months=[],
                submitted_on=None,
                approved_on=None,
                approved_snapshot={},
                version=1,
                updated_at=now,
                updated_by_id=None,
            )
            plan.experiment = e
            roll = r.random()
            if e.phase == "permanent" or roll < 0.4:  # approved
                plan.submitted_on = today - datetime.timedelta(days=120)
                plan.approved_on = today - datetime.timedelta(days=100)
                plan.approved_snapshot = plan.substance()
            elif roll < 0.7:  # submitted, awaiting the steering group
                plan.submitted_on = today - datetime.timedelta(days=r.randint(1, 60))
            plan.awaiting_decision = plan.awaits_approval()
            plan_rows.append(plan)
            e._plan = plan
            if mva_ok:
                approved = e.phase == "permanent" or r.random() < 0.3
                decided = today - datetime.timedelta(days=r.randint(30, 300))
                assessments.append(
                    Assessment(
                        id=assessment_id + len(assessments),
                        experiment_id=e.id,
                        template_version_id=template.id,
                        title=f"MVA: {e.name_fi}"[:200],
                        what_changes="Prosessi ja järjestelmä muuttuvat.",
                        background="",
                        assessor_id=r.choice(user_ids),
                        participants="",
                        phase="follow_up" if approved else "assessment",
                        outcome="approved" if approved else "",
                        decided_on=decided if approved else None,
                        decision_maker="Ohjausryhmä" if approved else "",
                        conditions="",
                        decision_notes="",
                        decision_recorded_by_id=None,
                        model_update_notes="",
                        model_updated_on=None,
                        follow_up_notes="",
                        revision=1,
                        previous_id=None,
                        revision_reason="",
                        is_current=True,
                        version=1,
                        created_by_id=None,
                        created_at=at(decided),
                        updated_at=now,
                    )
                )
                if approved:
                    approved_mva.add(e.id)
        if e.phase == "permanent":
            proposed = today - datetime.timedelta(days=r.randint(30, 200))
            handovers.append(
                Handover(
                    experiment_id=e.id,
                    proposed_by_id=e.owner_id,
                    to_user_id=e.receiving_owner_id,
                    proposed_on=proposed,
                    message="",
                    status="accepted",
                    answered_on=proposed + datetime.timedelta(days=5),
                    answer_reason="",
                )
            )
            accepted_handover.add(e.id)
        kind = DECISION_BY_PHASE.get(e.phase)
        if kind:
            meeting = r.choice(meetings)
            decisions.append(
                Decision(
                    id=decision_id + len(decisions),
                    experiment_id=e.id,
                    meeting_id=meeting.id,
                    kind=kind,
                    decided_on=meeting.date,
                    rationale="Ohjausryhmän linjaus.",
                    conditions="",
                    follow_up_on=today + datetime.timedelta(days=r.randint(-60, 120)) if kind == "continue" else None,
                    transfer_to_id=None,
                    revokes_id=None,
                    phase_change_id=None,
                    recorded_by_id=user_ids[LOAD_USERS],
                    created_at=at(meeting.date),
                )
            )
    w.write(ContinuationPlan, plan_rows)
    w.write(Handover, handovers, explicit_pk=False)
    w.write(Decision, decisions)
    if mva_ok:
        w.write(Assessment, assessments)

    # --- Readiness, as consolidation.readiness computes it ---------------------------------------
    plan_cache = Experiment.continuation_plan.related
    bulk_checks = {"handover": lambda e: e.id in accepted_handover, "mva": lambda e: e.id in approved_mva}
    unknown = [
        item.key
        for item in readiness.items()
        if item.key not in bulk_checks
        and item.key not in {"owner", "receiving_owner", "resources", "commitment", "plan_approved", "technology"}
    ]
    if unknown:
        log(f"  readiness items evaluated one experiment at a time (unknown to the generator): {unknown}")
    items = readiness.items()
    for e in experiments:
        plan_cache.set_cached_value(e, e._plan)
        done, missing = 0, []
        for item in items:
            ok = bulk_checks[item.key](e) if item.key in bulk_checks else bool(item.check(e, today))
            if ok:
                done += 1
            else:
                missing.append(item.key)
        e.readiness_done, e.readiness_total, e.readiness_missing = done, len(items), missing

    w.write(Experiment, experiments)
    for through, rows, col in (
        (Experiment.service_areas.through, m2m_areas, "orgunit_id"),
        (Experiment.partners.through, m2m_partners, "partner_id"),
        (Experiment.technologies.through, m2m_techs, "technology_id"),
    ):
        w.write(through, (through(experiment_id=a, **{col: b}) for a, b in rows), explicit_pk=False)

    # --- Reminder history (only when the reminders app's tables exist) ---------------------------
    if apps.is_installed("reminders"):
        from reminders.models import Message, Reminder, Thread

        if all(table_exists(m) for m in (Message, Reminder, Thread)):
            _reminder_history(w, experiments, today, now, seed)
        else:
            skipped.append("reminder history (reminders app tables do not exist yet: no migration)")
    else:
        skipped.append("reminder history (reminders app not installed)")

    w.reset_sequences()
    for note in skipped:
        log(f"  skipped: {note}")
    return {"counts": dict(w.counts), "skipped": skipped, "n": n, "seed": seed}


def _reminder_history(w: Writer, experiments, today, now, seed) -> None:
    """Three weekly rounds of status-overdue reminders for the stale, owned experiments."""
    from reminders.models import Message, Reminder, Thread

    stale = [e for e in experiments if e.owner_id and e.phase != "stopped" and e.status_due_on < today]
    thread_id, message_id = next_id(Thread), next_id(Message)
    threads, messages, reminders = [], {}, []
    for e in stale:
        thread = Thread(
            id=thread_id + len(threads),
            rule="status_overdue",
            item_key=f"experiment:{e.id}",
            recipient_id=e.owner_id,
            experiment_id=e.id,
            sequence=0,
            last_sent_on=None,
            last_sent_at=None,
            next_due_on=None,
            snoozed_until=None,
            escalated_at=None,
            updated_at=now,
        )
        threads.append(thread)
        for week in range(3):
            day = today - datetime.timedelta(days=7 * (3 - week))
            if day <= e.status_due_on:
                continue
            key = (e.owner_id, day.isoformat())
            if key not in messages:
                messages[key] = Message(
                    id=message_id + len(messages),
                    kind="digest",
                    recipient_id=e.owner_id,
                    period=day.isoformat(),
                    escalation=False,
                    context={},
                    status="sent",
                    created_at=now,
                    claimed_at=now,
                    sent_at=now,
                    attempts=1,
                    next_attempt_at=None,
                    last_error="",
                )
            thread.sequence += 1
            thread.last_sent_on = day
            thread.last_sent_at = datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=datetime.UTC)
            thread.next_due_on = day + datetime.timedelta(days=9)
            reminders.append(
                Reminder(
                    rule="status_overdue",
                    item_key=thread.item_key,
                    recipient_id=e.owner_id,
                    period=day.isoformat(),
                    thread_id=thread.id,
                    experiment_id=e.id,
                    message_id=messages[key].id,
                    role="responsible",
                    sequence=thread.sequence,
                    escalated=False,
                    params={"due_on": e.status_due_on.isoformat()},
                    url="",
                    sent_on=day,
                    created_at=now,
                    answered_at=None,
                    answered_how="",
                    link_used_at=None,
                    link_action="",
                )
            )
    w.write(Thread, threads)
    w.write(Message, list(messages.values()))
    w.write(Reminder, reminders, explicit_pk=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--experiments", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big-updates", type=int, default=1000, help="status updates on the bench-big experiment")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--reset", action="store_true", help="empty the project's tables first (bench databases only)")
    args = parser.parse_args(argv)

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idkportal.settings")
    django.setup()
    from django.db import connection

    from experiments.models import Experiment

    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    if args.reset:
        reset_database()
    elif Experiment.objects.exists():
        print("The database already has experiments: use --reset to empty it first.", file=sys.stderr)
        return 2
    result = generate(args.experiments, args.seed, big_updates=args.big_updates, batch_size=args.batch_size)
    for label, rows in sorted(result["counts"].items()):
        print(f"  {label:45} {rows:>10,}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
