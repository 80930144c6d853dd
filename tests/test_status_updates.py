"""The append-only status log and the stored latest status it keeps on the experiment."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from experiments import services
from experiments.models import Experiment, StatusUpdate

from .factories import ExperimentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 3, 15)


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_latest_update_sets_health_last_update_and_next_due(owner):
    experiment = ExperimentFactory(owner=owner, status_cadence_days=30)
    services.status_update_create(
        experiment=experiment, author=owner, health="at_risk", what_happened="Viivettä", next_steps="Budjetti"
    )
    experiment.refresh_from_db()
    assert experiment.health == "at_risk"
    assert experiment.last_update_on == datetime.date(2023, 3, 15)
    assert experiment.status_due_on == datetime.date(2023, 4, 14)
    assert experiment.next_steps == "Budjetti"


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_backdated_update_is_kept_but_does_not_replace_the_latest(owner):
    experiment = ExperimentFactory(owner=owner)
    services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="Uusin")
    services.status_update_create(
        experiment=experiment,
        author=owner,
        health="off_track",
        what_happened="Vanha korjaus",
        effective_date=datetime.date(2023, 2, 1),
    )
    experiment.refresh_from_db()
    assert experiment.health == "on_track"
    assert experiment.last_update_on == datetime.date(2023, 3, 15)
    assert experiment.status_updates.count() == 2


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"health": "great", "what_happened": "x"}, "health"),
        ({"health": "on_track", "what_happened": "   "}, "what_happened"),
        ({"health": "on_track", "what_happened": "x", "effective_date": datetime.date(2023, 3, 16)}, "effective_date"),
        ({"health": "on_track", "what_happened": "x", "effective_date": datetime.date(2022, 3, 1)}, "effective_date"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(owner, kwargs, field):
    experiment = ExperimentFactory(owner=owner)
    with pytest.raises(ValidationError) as error:
        services.status_update_create(experiment=experiment, author=owner, **kwargs)
    assert field in error.value.error_dict
    assert StatusUpdate.objects.count() == 0
    assert Experiment.objects.get(pk=experiment.pk).health == ""


def test_status_updates_are_append_only(owner):
    experiment = ExperimentFactory(owner=owner)
    update = services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="x")
    update.what_happened = "muutettu"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    assert StatusUpdate.objects.get(pk=update.pk).what_happened == "x"


def test_stale_when_last_update_is_older_than_cadence(owner):
    with time_machine.travel(datetime.datetime(2023, 1, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        experiment = ExperimentFactory(owner=owner, status_cadence_days=14)
        services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="x")
    experiment.refresh_from_db()
    assert experiment.status_due_on == datetime.date(2023, 1, 16)
    assert not experiment.is_stale(datetime.date(2023, 1, 16))
    assert experiment.is_stale(datetime.date(2023, 1, 17))
    assert list(Experiment.objects.stale(datetime.date(2023, 1, 17))) == [experiment]
    assert list(Experiment.objects.stale(datetime.date(2023, 1, 16))) == []


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_confirmation_keeps_health_and_resets_staleness(owner):
    experiment = ExperimentFactory(owner=owner, status_cadence_days=30)
    services.status_update_create(
        experiment=experiment,
        author=owner,
        health="at_risk",
        what_happened="x",
        next_steps="Selvitetään",
        effective_date=datetime.date(2023, 1, 1),
    )
    services.status_confirm(experiment=experiment, author=owner)
    experiment.refresh_from_db()
    assert experiment.health == "at_risk"
    assert experiment.next_steps == "Selvitetään"
    assert experiment.status_due_on == datetime.date(2023, 4, 14)
    assert experiment.status_updates.first().kind == "confirmation"


def test_continuity_risk_from_technology_end_of_support(owner):
    from .factories import TechnologyFactory

    experiment = ExperimentFactory(owner=owner)
    aurora = TechnologyFactory(name="AuroraAI", end_of_support=datetime.date(2022, 12, 31))
    experiment.technologies.add(aurora)
    experiment.refresh_platform_end_of_support()
    assert experiment.platform_end_of_support == datetime.date(2022, 12, 31)
    assert experiment.has_continuity_risk(datetime.date(2022, 7, 5))  # within 180 days
    assert not experiment.has_continuity_risk(datetime.date(2022, 7, 3))  # 181 days before
    aurora.end_of_support = datetime.date(2030, 1, 1)
    aurora.save()
    assert Experiment.objects.get(pk=experiment.pk).platform_end_of_support == datetime.date(2030, 1, 1)
