"""The lifecycle state machine: every allowed and refused transition, pause/resume and the records kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from experiments import lifecycle
from experiments.lifecycle import Phase
from experiments.models import PhaseChange

from .factories import ExperimentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_state_machine(monkeypatch):
    """The state machine alone, without the guards other apps register (tested in their own files)."""
    monkeypatch.setattr(lifecycle, "_guards", [])


# Hand-written: from each phase, the phases the state machine allows next.
ALLOWED = {
    "idea": {"concept", "paused", "stopped"},
    "concept": {"pilot", "paused", "stopped"},
    "pilot": {"consolidating", "paused", "stopped"},
    "consolidating": {"permanent", "paused", "stopped"},
    "permanent": {"stopped"},
    "stopped": set(),
}
ALL_PHASES = ["idea", "concept", "pilot", "consolidating", "permanent", "paused", "stopped"]
CASES = [(src, dst) for src in ALLOWED for dst in ALL_PHASES if dst != src]


@pytest.mark.parametrize(("from_phase", "to_phase"), CASES)
def test_transition_allowed_or_refused(bare_state_machine, coordinator_user, from_phase, to_phase):
    experiment = ExperimentFactory(phase=from_phase)
    day = datetime.date(2022, 5, 1)
    if to_phase in ALLOWED[from_phase]:
        change = lifecycle.transition(
            experiment, to_phase=to_phase, by=coordinator_user, reason="Syy", effective_date=day
        )
        experiment.refresh_from_db()
        assert experiment.phase == to_phase
        assert experiment.phase_changed_on == day
        assert (change.from_phase, change.to_phase, change.changed_by) == (from_phase, to_phase, coordinator_user)
    else:
        with pytest.raises(ValidationError):
            lifecycle.transition(experiment, to_phase=to_phase, by=coordinator_user, reason="Syy", effective_date=day)
        experiment.refresh_from_db()
        assert experiment.phase == from_phase
        assert not PhaseChange.objects.filter(experiment=experiment).exists()


def test_paused_experiment_resumes_to_the_phase_it_was_paused_from(bare_state_machine, coordinator_user):
    experiment = ExperimentFactory(phase=Phase.PILOT)
    lifecycle.transition(
        experiment,
        to_phase="paused",
        by=coordinator_user,
        reason="Resurssipula",
        effective_date=datetime.date(2022, 1, 1),
    )
    assert lifecycle.allowed_targets(experiment) == ["pilot", "stopped"]
    with pytest.raises(ValidationError):
        lifecycle.transition(experiment, to_phase="consolidating", by=coordinator_user, reason="x")
    lifecycle.transition(
        experiment, to_phase="pilot", by=coordinator_user, reason="Jatkuu", effective_date=datetime.date(2022, 3, 1)
    )
    assert experiment.phase == "pilot"


def test_unknown_phase_is_refused_with_a_message(coordinator_user):
    experiment = ExperimentFactory(phase=Phase.PILOT)
    with pytest.raises(ValidationError) as error:
        lifecycle.transition(experiment, to_phase="flying", by=coordinator_user, reason="x")
    assert "flying" in str(error.value)


def test_reason_is_required(coordinator_user):
    experiment = ExperimentFactory(phase=Phase.PILOT)
    with pytest.raises(ValidationError) as error:
        lifecycle.transition(experiment, to_phase="consolidating", by=coordinator_user, reason="  ")
    assert "reason" in error.value.error_dict


def test_effective_date_cannot_precede_the_previous_change(coordinator_user):
    experiment = ExperimentFactory(phase=Phase.IDEA)
    lifecycle.transition(
        experiment, to_phase="concept", by=coordinator_user, reason="a", effective_date=datetime.date(2021, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        lifecycle.transition(
            experiment, to_phase="pilot", by=coordinator_user, reason="b", effective_date=datetime.date(2021, 5, 1)
        )
    assert "effective_date" in error.value.error_dict
    experiment.refresh_from_db()
    assert experiment.phase == "concept"


def test_registered_guard_can_refuse_a_transition(bare_state_machine, coordinator_user):
    def no_permanent(experiment, to_phase, context):
        return ["Ei vielä."] if to_phase == "permanent" else []

    lifecycle.register_guard(no_permanent)
    experiment = ExperimentFactory(phase=Phase.CONSOLIDATING)
    assert lifecycle.check_transition(experiment, "permanent") == ["Ei vielä."]
    assert lifecycle.check_transition(experiment, "paused") == []


def test_each_change_is_kept_in_history_with_version_bump(coordinator_user):
    experiment = ExperimentFactory(phase=Phase.IDEA)
    start_version = experiment.version
    for day, phase in [(datetime.date(2020, 9, 1), "concept"), (datetime.date(2020, 11, 1), "pilot")]:
        lifecycle.transition(experiment, to_phase=phase, by=coordinator_user, reason="etenee", effective_date=day)
    history = list(experiment.phase_changes.order_by("effective_date").values_list("from_phase", "to_phase"))
    assert history == [("idea", "concept"), ("concept", "pilot")]
    assert experiment.version == start_version + 2
    assert experiment.history.count() >= 2
