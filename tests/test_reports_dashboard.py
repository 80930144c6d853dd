"""Steering-group dashboard: the month-end series on a hand-built portfolio, the charts' accessibility,
and a query count that does not grow with the portfolio."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiments.lifecycle import Phase
from experiments.models import PhaseChange, StatusUpdate
from reports.selectors import month_end_series, month_ends

from .factories import ExperimentFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
D = datetime.date


def at(year, month, day):
    """Noon UTC on a day: the same calendar day in Helsinki, for frozen-time history records."""
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def change(experiment, when, from_phase, to_phase):
    # Rows written directly: the series reads only PhaseChange rows, whatever guards allowed them.
    PhaseChange.objects.create(
        experiment=experiment, from_phase=from_phase, to_phase=to_phase, effective_date=when, reason="testi"
    )


def update(experiment, when):
    StatusUpdate.objects.create(experiment=experiment, effective_date=when, health="on_track", what_happened="x")


def by_date(points):
    return {p.month_end: p for p in points}


def test_month_ends_run_from_january_2020_to_the_last_completed_month():
    ends = month_ends(D(2020, 4, 29))
    assert ends == [D(2020, 1, 31), D(2020, 2, 29), D(2020, 3, 31)]
    assert month_ends(D(2020, 4, 30))[-1] == D(2020, 4, 30)


@time_machine.travel(at(2021, 4, 15), tick=False)
def test_consolidation_progress_at_each_month_end():
    """GIVEN three experiments with phase changes on known dates (one starting later)
    THEN each month-end counts the phase of the last change on or before it; changes dated on the
    month-end itself count; an experiment before its start date is not counted."""
    a = ExperimentFactory(phase=Phase.PERMANENT, start_date=D(2020, 1, 15))
    change(a, D(2020, 2, 10), Phase.IDEA, Phase.CONCEPT)
    change(a, D(2020, 3, 31), Phase.CONCEPT, Phase.PILOT)
    change(a, D(2020, 6, 30), Phase.PILOT, Phase.CONSOLIDATING)
    change(a, D(2021, 1, 31), Phase.CONSOLIDATING, Phase.PERMANENT)
    b = ExperimentFactory(phase=Phase.STOPPED, start_date=D(2020, 5, 1))
    change(b, D(2020, 5, 20), Phase.IDEA, Phase.CONCEPT)
    change(b, D(2020, 11, 30), Phase.CONCEPT, Phase.STOPPED)
    c = ExperimentFactory(phase=Phase.CONCEPT, start_date=D(2021, 2, 1))
    change(c, D(2021, 3, 31), Phase.IDEA, Phase.CONCEPT)

    points = month_end_series()

    # 15 month-ends (01/2020–03/2021) and today.
    assert len(points) == 16
    assert points[-1].month_end == D(2021, 4, 15)
    series = by_date(points)
    expected = {
        # month-end: (started, permanent, consolidating, stopped)
        D(2020, 1, 31): (1, 0, 0, 0),  # a is an idea from its start date
        D(2020, 3, 31): (1, 0, 0, 0),  # a: pilot (dated on the month-end)
        D(2020, 4, 30): (1, 0, 0, 0),  # b starts 1.5.
        D(2020, 6, 30): (2, 0, 1, 0),  # a consolidating on the month-end; b concept
        D(2020, 10, 31): (2, 0, 1, 0),
        D(2020, 11, 30): (2, 0, 1, 1),  # b stopped
        D(2021, 1, 31): (2, 1, 0, 1),  # a permanent; c has not started
        D(2021, 2, 28): (3, 1, 0, 1),  # c started, an idea
        D(2021, 3, 31): (3, 1, 0, 1),
        D(2021, 4, 15): (3, 1, 0, 1),
    }
    for day, counts in expected.items():
        point = series[day]
        assert (point.started, point.permanent, point.consolidating, point.stopped) == counts, day


def test_unowned_trend_comes_from_the_ownership_history(owner, other_owner):
    """GIVEN an experiment owned from 10.3.2020, unowned from 5.5. and owned again from 20.8., and one
    entered unowned on 15.6.2020 (both started 1.1.2020)
    THEN before an experiment was entered its ownership is 'not recorded', never guessed."""
    with time_machine.travel(at(2020, 3, 10), tick=False):
        first = ExperimentFactory(owner=owner, start_date=D(2020, 1, 1))
    with time_machine.travel(at(2020, 5, 5), tick=False):
        first.owner = None
        first.save()
    with time_machine.travel(at(2020, 6, 15), tick=False):
        ExperimentFactory(owner=None, start_date=D(2020, 1, 1))
    with time_machine.travel(at(2020, 8, 20), tick=False):
        first.owner = other_owner
        first.save()
    with time_machine.travel(at(2020, 9, 10), tick=False):
        series = by_date(month_end_series())

    expected = {
        # month-end: (unowned, ownership not recorded)
        D(2020, 1, 31): (0, 2),
        D(2020, 3, 31): (0, 1),
        D(2020, 5, 31): (1, 1),
        D(2020, 6, 30): (2, 0),
        D(2020, 7, 31): (2, 0),
        D(2020, 8, 31): (1, 0),
        D(2020, 9, 10): (1, 0),
    }
    for day, counts in expected.items():
        assert (series[day].unowned, series[day].ownership_unrecorded) == counts, day


@time_machine.travel(at(2020, 9, 15), tick=False)
def test_stale_trend_uses_status_update_dates_and_the_cadence():
    """GIVEN a 30-day cadence and updates on 10.2., 20.4. and 1.6.2020, one experiment never updated, and
    one stopped on 15.3.2020 after a single update on 5.1.2020
    THEN stale means 'last update + 30 days is before the month-end', and stopped or never-updated
    experiments are not stale."""
    kept = ExperimentFactory(start_date=D(2020, 1, 1), status_cadence_days=30)
    for day in (D(2020, 2, 10), D(2020, 4, 20), D(2020, 6, 1)):
        update(kept, day)
    ExperimentFactory(start_date=D(2020, 1, 1), status_cadence_days=30)  # never updated
    stopped = ExperimentFactory(start_date=D(2020, 1, 1), status_cadence_days=30, phase=Phase.STOPPED)
    update(stopped, D(2020, 1, 5))
    change(stopped, D(2020, 3, 15), Phase.IDEA, Phase.STOPPED)

    series = by_date(month_end_series())

    expected = {
        D(2020, 1, 31): 0,  # stopped one: due 4.2.
        D(2020, 2, 29): 1,  # stopped one (not yet stopped) is overdue; kept is due 11.3.
        D(2020, 3, 31): 1,  # kept overdue since 11.3.; the other one is stopped now
        D(2020, 4, 30): 0,  # kept updated 20.4., due 20.5.
        D(2020, 5, 31): 1,
        D(2020, 6, 30): 0,  # updated 1.6., due 1.7.
        D(2020, 7, 31): 1,
        D(2020, 9, 15): 1,
    }
    for day, stale in expected.items():
        assert series[day].stale == stale, day


def test_dashboard_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_any_staff_member_sees_the_dashboard_with_accessible_charts(client_for, viewer):
    ExperimentFactory(phase=Phase.PILOT, health="at_risk")
    page = client_for(viewer).get(URL).content.decode()
    assert "<h1>" in page
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) == 6  # indicators, phase, health, readiness, progress, unowned/stale
    for svg in svgs:
        assert 'role="img"' in svg
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
        assert width > 300 and height > 0
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg).group(1)
        assert f'<title id="{chart_id}-title">' in page
        assert f'<desc id="{chart_id}-desc">' in page
    # A data table follows every chart but the indicators (whose table is always shown).
    assert page.count('<details class="chart-data">') == 5
    assert page.count("<caption>") == 6
    assert '<th scope="row">' in page and '<th scope="col"' in page
    # The CSP forbids inline styles.
    assert "style=" not in page


def test_bars_carry_text_labels_not_just_colour(client_for, viewer):
    ExperimentFactory(phase=Phase.PILOT)
    ExperimentFactory(phase=Phase.PILOT)
    page = client_for(UserFactory(language="en")).get(URL).content.decode()
    pilot_row = re.search(r'<g class="chart-row bar-phase-pilot">(.*?)</g>', page, re.S).group(1)
    assert ">Pilot</text>" in pilot_row
    assert 'class="chart-value"' in pilot_row and ">2</text>" in pilot_row


def test_dashboard_query_count_does_not_grow_with_the_portfolio(client_for, viewer, django_assert_num_queries):
    def add_experiments(count):
        for _ in range(count):
            experiment = ExperimentFactory(owner=None, start_date=D(2021, 1, 1))
            update(experiment, D(2021, 2, 1))
            change(experiment, D(2021, 3, 1), Phase.IDEA, Phase.CONCEPT)

    client = client_for(viewer)
    add_experiments(10)
    client.get(URL)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(URL).status_code == 200
    add_experiments(90)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert client.get(URL).status_code == 200
