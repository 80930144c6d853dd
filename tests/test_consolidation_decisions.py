"""Steering-group decisions: gates, write-back to the experiment, revoke, and what is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from consolidation import services
from consolidation.models import Decision
from experiments import lifecycle
from experiments.models import PhaseChange
from mva import services as mva_services

from .factories import ExperimentFactory, OrgUnitFactory, UserFactory, coordinator, plan_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2023, 2, 1)


def decide(experiment, kind, by, **kwargs):
    kwargs.setdefault("rationale", "Perustelu")
    kwargs.setdefault("decided_on", DAY)
    return services.decision_record(experiment=experiment, kind=kind, by=by, **kwargs)


def make_ready(experiment, steering_user):
    """Fill every readiness item: plan with resources and commitment, approval, receiving owner, handover."""
    receiver = UserFactory()
    experiment.receiving_owner = receiver
    experiment.save()
    plan_for(experiment)
    decide(experiment, "approve_plan", steering_user, decided_on=datetime.date(2023, 1, 10))
    handover = services.handover_propose(experiment=experiment, by=experiment.owner, on=datetime.date(2023, 1, 11))
    services.handover_answer(handover=handover, by=receiver, accept=True, on=datetime.date(2023, 1, 12))
    mva_services.exemption_record(
        experiment=experiment,
        by=coordinator(),
        reason="Luovutettu ennen MVA-menettelyä",
        granted_on=datetime.date(2023, 1, 13),
    )
    experiment.refresh_from_db()
    return receiver


@pytest.mark.parametrize("to_phase", ["permanent", "stopped"])
def test_permanent_and_stopped_only_by_decision(coordinator_user, to_phase):
    experiment = ExperimentFactory(phase="consolidating")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        lifecycle.transition(experiment, to_phase=to_phase, by=coordinator_user, reason="Suoraan")
    assert "steering-group decision" in " ".join(error.value.messages)
    experiment.refresh_from_db()
    assert experiment.phase == "consolidating"


def test_make_permanent_refused_with_missing_gates_listed(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        decide(experiment, "make_permanent", steering_user)
    message = " ".join(error.value.messages)
    for missing in [
        "Receiving owner named",
        "Resources secured",
        "Management commitment recorded",
        "Handover accepted",
    ]:
        assert missing in message
    assert "Owner named" not in message
    assert Decision.objects.count() == 0
    assert PhaseChange.objects.count() == 0
    experiment.refresh_from_db()
    assert experiment.phase == "consolidating"


def test_make_permanent_when_ready(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating")
    receiver = make_ready(experiment, steering_user)
    decision = decide(experiment, "make_permanent", steering_user)
    experiment.refresh_from_db()
    assert experiment.phase == "permanent"
    assert experiment.owner == receiver
    assert decision.phase_change.to_phase == "permanent"
    assert decision.phase_change.effective_date == DAY


def test_stop_then_revoke_restores_the_phase(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="pilot")
    stop = decide(experiment, "stop", steering_user)
    experiment.refresh_from_db()
    assert experiment.phase == "stopped"
    revoke = decide(experiment, "revoke", steering_user, revokes=stop, decided_on=datetime.date(2023, 2, 2))
    experiment.refresh_from_db()
    assert experiment.phase == "pilot"
    assert Decision.objects.get(pk=stop.pk).is_revoked
    assert revoke.phase_change.from_phase == "stopped"
    assert revoke.phase_change.to_phase == "pilot"


@pytest.mark.parametrize("kind", ["continue", "approve_plan", "pause", "make_permanent", "transfer", "stop"])
def test_no_decision_but_revoke_on_a_stopped_experiment(owner, steering_user, kind):
    experiment = ExperimentFactory(owner=owner, phase="pilot")
    plan_for(experiment)
    decide(experiment, "stop", steering_user)
    with pytest.raises(ValidationError) as error:
        decide(experiment, kind, steering_user, transfer_to=OrgUnitFactory())
    assert "kind" in error.value.error_dict
    assert Decision.objects.count() == 1


def test_pause_and_resume(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating")
    decide(experiment, "pause", steering_user)
    experiment.refresh_from_db()
    assert experiment.phase == "paused"
    decide(experiment, "resume", steering_user, decided_on=datetime.date(2023, 3, 1))
    experiment.refresh_from_db()
    assert experiment.phase == "consolidating"


def test_resume_refused_when_not_paused(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="pilot")
    with pytest.raises(ValidationError):
        decide(experiment, "resume", steering_user)
    assert Decision.objects.count() == 0


def test_transfer_writes_receiving_unit(owner, steering_user):
    experiment = ExperimentFactory(owner=owner)
    archive = OrgUnitFactory(name_fi="Kaupunginarkisto")
    decide(experiment, "transfer", steering_user, transfer_to=archive)
    experiment.refresh_from_db()
    assert experiment.receiving_unit == archive


def test_revoking_plan_approval_withdraws_it(owner, steering_user):
    experiment = ExperimentFactory(owner=owner)
    plan = plan_for(experiment)
    approval = decide(experiment, "approve_plan", steering_user)
    plan.refresh_from_db()
    assert plan.is_approved
    decide(experiment, "revoke", steering_user, revokes=approval)
    plan.refresh_from_db()
    assert not plan.is_approved


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rationale": " "}, "rationale"),
        ({"decided_on": datetime.date(2999, 1, 1)}, "decided_on"),
        ({"follow_up_on": datetime.date(2023, 1, 1)}, "follow_up_on"),
        ({"kind": "transfer"}, "transfer_to"),
        ({"kind": "revoke"}, "revokes"),
        ({"kind": "approve_plan"}, "kind"),  # no plan to approve
        ({"kind": "explode"}, "kind"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(owner, steering_user, kwargs, field):
    experiment = ExperimentFactory(owner=owner, phase="pilot")
    kind = kwargs.pop("kind", "continue")
    with pytest.raises(ValidationError) as error:
        decide(experiment, kind, steering_user, **kwargs)
    assert field in error.value.error_dict
    assert Decision.objects.count() == 0
    experiment.refresh_from_db()
    assert experiment.phase == "pilot"


def test_a_decision_can_be_revoked_only_once_and_revocations_not_at_all(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="pilot")
    pause = decide(experiment, "pause", steering_user)
    revoke = decide(experiment, "revoke", steering_user, revokes=pause)
    with pytest.raises(ValidationError):
        decide(experiment, "revoke", steering_user, revokes=pause)
    with pytest.raises(ValidationError):
        decide(experiment, "revoke", steering_user, revokes=revoke)


def test_revoke_refused_when_phase_moved_on(owner, steering_user, coordinator_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating")
    pause = decide(experiment, "pause", steering_user)
    decide(experiment, "resume", steering_user, decided_on=datetime.date(2023, 2, 5))
    with pytest.raises(ValidationError) as error:
        decide(experiment, "revoke", steering_user, revokes=pause, decided_on=datetime.date(2023, 2, 6))
    assert "revokes" in error.value.error_dict


def test_portfolio_level_decision_without_experiment(steering_user):
    decision = services.decision_record(kind="continue", by=steering_user, rationale="Fokus viiteen", decided_on=DAY)
    assert decision.experiment is None
