"""Reads for the steering-group dashboard. Every function costs a fixed number of queries.

Month-end series (consolidation progress, unowned and stale over time) are reconstructed from the
dated records, not from today's stored fields:

* **Phase at a month-end** is the ``to_phase`` of the experiment's last PhaseChange with
  ``effective_date <= month-end`` (ties broken by id). With no change by then, the experiment is in its
  starting phase *idea* if it has started (``start_date``, or the day it was entered in the portal when
  there is no start date, is on or before the month-end), and is *not yet started* otherwise — not counted.
* **Unowned at a month-end**: the owner in the experiment's last history record (django-simple-history)
  made on or before that day (Helsinki time). Ownership is recorded only from the day an experiment was
  entered in the portal; an experiment that had started but had no record yet is counted as
  *ownership not recorded*, never guessed. Stopped experiments are left out (as in the meeting pack).
* **Stale at a month-end**: the last StatusUpdate with ``effective_date <= month-end`` plus the
  experiment's (current) status cadence is before the month-end — the same rule as
  ``Experiment.is_stale`` — and the experiment is not stopped. Never updated: not stale (as today).

On PostgreSQL the series is one query (SERIES_SQL): window functions turn each source into ranges of month-ends
and the database sums them, O(rows) — about 2–3 s at 100 000 experiments and a million status updates on the
benchmark machine, against 8.5–10 s before. Elsewhere (SQLite: the quick start and the tests) each source is
fetched once as (experiment, date, value) tuples — four queries — and the series is computed in Python with a
binary search per experiment and month-end: O(E·M·log k) for E experiments, M month-ends (about 12 a year since
2020-01) and k records per experiment; milliseconds for tens of experiments. The two give the same figures
(tests/test_reports_series_postgres.py compares them on a random portfolio).
"""

from __future__ import annotations

import calendar
import datetime
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from experiments.lifecycle import Phase
from experiments.models import Experiment, PhaseChange, StatusUpdate

from .models import ProgrammeIndicator

SERIES_START = datetime.date(2020, 1, 31)  # the programme started 1.1.2020
PROGRESS_PHASES = (Phase.PERMANENT, Phase.CONSOLIDATING, Phase.STOPPED)


def month_ends(until: datetime.date, start: datetime.date = SERIES_START) -> list[datetime.date]:
    """Every month's last day from `start`'s month up to and including `until` (if it is one)."""
    result = []
    year, month = start.year, start.month
    while True:
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if end > until:
            return result
        result.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass
class MonthPoint:
    month_end: datetime.date
    started: int = 0  # experiments started by this month-end (in any phase)
    permanent: int = 0
    consolidating: int = 0
    stopped: int = 0
    unowned: int = 0
    ownership_unrecorded: int = 0
    stale: int = 0


def _grouped(rows) -> dict[int, tuple[list, list]]:
    """{experiment id: ([dates…], [values…])} from (id, date, value) rows already in date order."""
    grouped: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for experiment_id, date, value in rows:
        dates, values = grouped[experiment_id]
        dates.append(date)
        values.append(value)
    return grouped


def month_end_series(today: datetime.date | None = None) -> list[MonthPoint]:
    """The portfolio at every month-end since 2020-01 up to `today`, and at `today` itself when it is not a
    month-end, so the last point is the current situation (see the module docstring). Two queries on
    PostgreSQL (SERIES_SQL), four elsewhere."""
    today = today or timezone.localdate()
    ends = month_ends(today)
    if not ends or ends[-1] != today:
        ends.append(today)
    if connection.vendor == "postgresql":
        return _series_in_sql(ends)
    return _series_in_python(ends)


# The series as ranges of month-end indexes. Month-ends are numbered 0…M-1 (`ends`); for a date d,
# width_bucket(d - 1, ends) is the number of month-ends before d, i.e. the index of the first month-end on or
# after d (M if none). A state that holds from date a until date b (exclusive) holds at the month-ends
# [b(a), b(b)). Each experiment contributes such ranges — counted (started), its phase after each change, its
# owner after each history record, stale after each status update — and the counts that combine two states
# (unowned, ownership not recorded and stale are counted only while the experiment is counted and not stopped)
# intersect the experiment's "active" ranges with the other ranges. Every range becomes +1 at its start and -1
# at its end; the query returns those sums per month-end index and kind, and Python adds them up.
SERIES_SQL = """
WITH
ends AS (SELECT %(ends)s::date[] AS e),
experiment AS (
    SELECT x.id, x.status_cadence_days AS cadence,
           width_bucket(COALESCE(x.start_date, (x.created_at AT TIME ZONE %(tz)s)::date) - 1, ends.e) AS starts
    FROM {experiment} x, ends
),
change AS (
    SELECT c.experiment_id AS id, c.to_phase AS phase, b.lo,
           lead(b.lo, 1, %(m)s) OVER w AS hi, row_number() OVER w AS n
    FROM {phasechange} c, ends, LATERAL (SELECT width_bucket(c.effective_date - 1, ends.e) AS lo) b
    WINDOW w AS (PARTITION BY c.experiment_id ORDER BY c.effective_date, c.id)
),
counted AS (
    -- counted from the start or the first change, whichever is first; an idea from the start until the first change
    SELECT x.id, x.starts, COALESCE(c.lo, %(m)s) AS first_change
    FROM experiment x LEFT JOIN change c ON c.id = x.id AND c.n = 1
),
active AS (
    SELECT id, starts AS lo, first_change AS hi FROM counted WHERE starts < first_change
    UNION ALL
    SELECT id, lo, hi FROM change WHERE lo < hi AND phase <> %(stopped)s
),
owner AS (
    SELECT h.id, h.owner_id, b.lo, lead(b.lo, 1, %(m)s) OVER w AS hi, row_number() OVER w AS n
    FROM {history} h, ends,
         LATERAL (SELECT width_bucket((h.history_date AT TIME ZONE %(tz)s)::date - 1, ends.e) AS lo) b
    WINDOW w AS (PARTITION BY h.id ORDER BY h.history_date, h.history_id)
),
update AS (
    -- (descending, as the (experiment, effective_date DESC) index reads: no sort of the million rows)
    SELECT u.experiment_id AS id, u.effective_date AS d,
           lag(u.effective_date) OVER (PARTITION BY u.experiment_id ORDER BY u.effective_date DESC) AS next
    FROM {statusupdate} u
),
stale AS MATERIALIZED (  -- filtered before it meets `active` (the planner would join first otherwise)
    -- stale after an update u once u + cadence < the month-end, until the next update
    SELECT s.id, s.lo, s.hi
    FROM (
        SELECT u.id,
               GREATEST(width_bucket(u.d - 1, ends.e), width_bucket(u.d + x.cadence, ends.e)) AS lo,
               COALESCE(width_bucket(u.next - 1, ends.e), %(m)s) AS hi
        FROM update u JOIN experiment x ON x.id = u.id, ends
        WHERE u.next IS NULL OR u.next > u.d + x.cadence + 1  -- (cheap: most updates are followed in time)
    ) s
    WHERE s.lo < s.hi
),
ranges AS MATERIALIZED (
    SELECT 'started' AS kind, LEAST(starts, first_change) AS lo, %(m)s AS hi FROM counted
    UNION ALL
    SELECT phase, lo, hi FROM change WHERE lo < hi AND phase IN (%(permanent)s, %(consolidating)s, %(stopped)s)
    UNION ALL
    SELECT 'unrecorded', a.lo, LEAST(a.hi, COALESCE(o.lo, %(m)s))
    FROM active a LEFT JOIN owner o ON o.id = a.id AND o.n = 1
    UNION ALL
    SELECT 'unowned', GREATEST(a.lo, o.lo), LEAST(a.hi, o.hi)
    FROM active a JOIN owner o ON o.id = a.id AND o.owner_id IS NULL
    UNION ALL
    SELECT 'stale', GREATEST(a.lo, s.lo), LEAST(a.hi, s.hi) FROM active a JOIN stale s ON s.id = a.id
)
SELECT lo, kind, COUNT(*) FROM ranges WHERE lo < hi GROUP BY lo, kind
UNION ALL
SELECT hi, kind, -COUNT(*) FROM ranges WHERE lo < hi AND hi < %(m)s GROUP BY hi, kind
"""


def _series_in_sql(ends: list[datetime.date]) -> list[MonthPoint]:
    """The series in one PostgreSQL query (SERIES_SQL): O(rows) in the database with window functions, instead of
    a binary search per experiment and month-end in Python."""
    sql = SERIES_SQL.format(
        experiment=connection.ops.quote_name(Experiment._meta.db_table),
        phasechange=connection.ops.quote_name(PhaseChange._meta.db_table),
        statusupdate=connection.ops.quote_name(StatusUpdate._meta.db_table),
        history=connection.ops.quote_name(Experiment.history.model._meta.db_table),
    )
    params = {
        "ends": ends,
        "m": len(ends),
        "tz": timezone.get_current_timezone_name(),
        "permanent": Phase.PERMANENT.value,
        "consolidating": Phase.CONSOLIDATING.value,
        "stopped": Phase.STOPPED.value,
    }
    steps: dict[str, list[int]] = defaultdict(lambda: [0] * len(ends))
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compilation costs more than it saves here (about a second at 100k experiments).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for at, kind, step in cursor.fetchall():
            steps[kind][at] += step
    fields = {
        "started": "started",
        Phase.PERMANENT.value: "permanent",
        Phase.CONSOLIDATING.value: "consolidating",
        Phase.STOPPED.value: "stopped",
        "unowned": "unowned",
        "unrecorded": "ownership_unrecorded",
        "stale": "stale",
    }
    points = [MonthPoint(month_end=end) for end in ends]
    for kind, field in fields.items():
        running = 0
        for point, step in zip(points, steps[kind], strict=True):
            running += step
            setattr(point, field, running)
    return points


def _series_in_python(ends: list[datetime.date]) -> list[MonthPoint]:
    """The reference implementation (four queries; O(E·M·log k)): a binary search per experiment and month-end.
    Used where the database is not PostgreSQL (SQLite: the quick start and the tests)."""
    experiments = list(
        Experiment.objects.order_by().values_list("pk", "start_date", "created_at", "status_cadence_days")
    )
    changes = _grouped(
        PhaseChange.objects.order_by("experiment_id", "effective_date", "id").values_list(
            "experiment_id", "effective_date", "to_phase"
        )
    )
    updates = _grouped(
        StatusUpdate.objects.order_by("experiment_id", "effective_date").values_list(
            "experiment_id", "effective_date", "effective_date"
        )
    )
    history = Experiment.history.order_by("id", "history_date", "history_id")
    owners = _grouped(
        (experiment_id, timezone.localdate(when), owner_id)
        for experiment_id, when, owner_id in history.values_list("id", "history_date", "owner_id")
    )
    points = [MonthPoint(month_end=end) for end in ends]
    empty: tuple[list, list] = ([], [])
    for pk, start_date, created_at, cadence in experiments:
        start = start_date or timezone.localdate(created_at)
        change_dates, to_phases = changes.get(pk, empty)
        update_dates = updates.get(pk, empty)[0]
        owner_dates, owner_ids = owners.get(pk, empty)
        stale_after = datetime.timedelta(days=cadence)
        for point in points:
            end = point.month_end
            i = bisect_right(change_dates, end)
            if i:
                phase = to_phases[i - 1]
            elif start <= end:
                phase = Phase.IDEA
            else:
                continue  # not yet started
            point.started += 1
            if phase == Phase.PERMANENT:
                point.permanent += 1
            elif phase == Phase.CONSOLIDATING:
                point.consolidating += 1
            elif phase == Phase.STOPPED:
                point.stopped += 1
                continue
            j = bisect_right(owner_dates, end)
            if not j:
                point.ownership_unrecorded += 1
            elif owner_ids[j - 1] is None:
                point.unowned += 1
            k = bisect_right(update_dates, end)
            if k and update_dates[k - 1] + stale_after < end:
                point.stale += 1
    return points


@dataclass
class ReadinessBucket:
    label: str
    count: int
    done: int | None  # None: not yet assessed


def readiness_distribution() -> tuple[int, list[ReadinessBucket]]:
    """How many experiments (stopped ones aside) have 0, 1, …, N of the N readiness items done (one query)."""
    from consolidation import readiness

    total_items = len(readiness.items())
    rows = (
        Experiment.objects.exclude(phase=Phase.STOPPED)
        .order_by()
        .values_list("readiness_done", "readiness_total")
        .annotate(n=Count("pk"))
    )
    counts: Counter = Counter()
    not_assessed = 0
    for done, total, n in rows:
        if total == 0:
            not_assessed += n
        else:
            counts[min(done, total_items)] += n
    buckets = [
        ReadinessBucket(
            label=gettext("%(done)d of %(total)d") % {"done": done, "total": total_items}, count=counts[done], done=done
        )
        for done in range(total_items + 1)
    ]
    if not_assessed:
        buckets.append(ReadinessBucket(label=gettext("Not assessed"), count=not_assessed, done=None))
    return total_items, buckets


def indicators() -> list[ProgrammeIndicator]:
    return list(ProgrammeIndicator.objects.all())
