"""The dashboard's month-end series on PostgreSQL (one SQL query, reports.selectors.SERIES_SQL) gives exactly the
reference implementation's figures (the Python one used on SQLite, which tests/test_reports_dashboard.py checks
against hand-written values), on a random portfolio full of edge cases: changes and updates dated on month-ends,
several changes on one day, changes before the start date, stopped and restarted experiments, ownership history,
no start date. Run with DATABASE_URL=postgres://... (CI's PostgreSQL pass)."""

import datetime
import random

import pytest
import time_machine

from experiments.lifecycle import Phase
from experiments.models import PhaseChange, StatusUpdate
from reports import selectors

from .factories import ExperimentFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
D = datetime.date
PHASES = [p.value for p in Phase]


def random_date(rng: random.Random) -> datetime.date:
    if rng.random() < 0.2:  # a month-end, or the day after one
        year, month = rng.randint(2019, 2021), rng.randint(1, 12)
        end = selectors.month_ends(D(year, 12, 31), start=D(year, 1, 31))[month - 1]
        return end + datetime.timedelta(days=rng.choice([0, 1]))
    return D(2019, 10, 1) + datetime.timedelta(days=rng.randint(0, 900))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_series_equals_the_reference(seed):
    rng = random.Random(seed)
    owners = [UserFactory(username=f"omistaja-{seed}-{i}") for i in range(3)]
    for _ in range(40):
        with time_machine.travel(datetime.datetime.combine(random_date(rng), datetime.time(22, 30), datetime.UTC)):
            experiment = ExperimentFactory(
                owner=rng.choice([None, *owners]),
                start_date=rng.choice([None, random_date(rng)]),
                status_cadence_days=rng.choice([14, 30, 90]),
            )
        for _ in range(rng.randint(0, 3)):  # ownership history
            with time_machine.travel(
                datetime.datetime.combine(random_date(rng), datetime.time(rng.randint(0, 23)), datetime.UTC)
            ):
                experiment.owner = rng.choice([None, *owners])
                experiment.save()
        day = random_date(rng)
        for _ in range(rng.randint(0, 4)):
            if rng.random() < 0.7:
                day += datetime.timedelta(days=rng.randint(0, 200))
            PhaseChange.objects.create(
                experiment=experiment,
                from_phase=rng.choice(PHASES),
                to_phase=rng.choice(PHASES),
                effective_date=day,
                reason="x",
            )
        for _ in range(rng.randint(0, 6)):
            StatusUpdate.objects.create(
                experiment=experiment, effective_date=random_date(rng), health="on_track", what_happened="x"
            )

    for today in (D(2020, 6, 30), D(2021, 2, 17), D(2022, 3, 31)):
        ends = selectors.month_ends(today)
        if ends[-1] != today:
            ends.append(today)
        assert selectors._series_in_sql(ends) == selectors._series_in_python(ends), today
