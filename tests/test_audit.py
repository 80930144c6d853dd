"""The audit trail: who changed what and when, readable on the experiment page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from consolidation import services

from .factories import ExperimentFactory, plan_for

pytestmark = pytest.mark.django_db


def test_plan_change_shows_who_and_before_after(client_for, owner, viewer):
    experiment = ExperimentFactory(owner=owner)
    plan_for(experiment, target_state="Vanha tavoite")
    client_for(owner).post(
        reverse("consolidation:plan", args=[experiment.slug]),
        {
            "intended_outcome": "make_permanent",
            "target_state": "Uusi tavoite",
            "review_months": "3, 6",
            "version": experiment.continuation_plan.version,
        },
    )
    response = client_for(viewer).get(reverse("experiments:detail", args=[experiment.slug]))
    entries = response.context["audit"]
    plan_changes = [e for e in entries if e.changes and any(c.before == "Vanha tavoite" for c in e.changes)]
    assert len(plan_changes) == 1
    entry = plan_changes[0]
    assert entry.who == owner
    change = next(c for c in entry.changes if c.before == "Vanha tavoite")
    assert change.after == "Uusi tavoite"
    assert "Uusi tavoite" in response.content.decode()


def test_milestone_deletion_is_recorded(owner):
    from accounts.audit import experiment_timeline

    experiment = ExperimentFactory(owner=owner)
    milestone = services.milestone_save(
        experiment=experiment, by=owner, data={"title": "Poistettava", "due_date": datetime.date(2023, 1, 1)}
    )
    milestone.delete()
    with translation.override("en"):
        actions = [e.action for e in experiment_timeline(experiment) if e.object_label == "Poistettava"]
    assert actions == ["deleted", "created"]  # newest first


def test_timeline_query_count_does_not_grow(owner, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.audit import experiment_timeline

    experiment = ExperimentFactory(owner=owner)
    services.milestone_save(experiment=experiment, by=owner, data={"title": "A", "due_date": datetime.date(2023, 1, 1)})
    with CaptureQueriesContext(connection) as small:
        experiment_timeline(experiment)
    for i in range(15):
        services.milestone_save(
            experiment=experiment, by=owner, data={"title": f"M{i}", "due_date": datetime.date(2023, 1, 1)}
        )
    with django_assert_num_queries(len(small.captured_queries)):
        experiment_timeline(experiment)
