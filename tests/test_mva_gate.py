"""The MVA gate: 'MVA approved' on the readiness checklist, refused make_permanent without it, and a
coordinator's dated exemption as the way around it."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from consolidation import readiness
from consolidation import services as consolidation_services
from mva import services
from mva.models import Assessment

from .factories import ExperimentFactory, UserFactory, coordinator, plan_for
from .test_mva_support import D, approved, assessor  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(D(2023, 2, 1), tick=False), translation.override("en"):
        yield


def make_ready_except_mva(experiment, steering_user):
    """Every other readiness item: receiving owner, approved plan with resources and commitment, handover."""
    receiver = UserFactory()
    experiment.receiving_owner = receiver
    experiment.save()
    plan_for(experiment)
    consolidation_services.decision_record(
        experiment=experiment, kind="approve_plan", by=steering_user, rationale="OK", decided_on=D(2023, 1, 10)
    )
    handover = consolidation_services.handover_propose(experiment=experiment, by=experiment.owner, on=D(2023, 1, 11))
    consolidation_services.handover_answer(handover=handover, by=receiver, accept=True, on=D(2023, 1, 12))
    experiment.refresh_from_db()


@pytest.fixture
def ready_experiment(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating", slug="valmis")
    make_ready_except_mva(experiment, steering_user)
    return experiment


def make_permanent(experiment, steering_user):
    return consolidation_services.decision_record(
        experiment=experiment,
        kind="make_permanent",
        by=steering_user,
        rationale="Vakiinnutetaan",
        decided_on=D(2023, 2, 1),
    )


def test_mva_approved_is_a_readiness_item():
    item = next(item for item in readiness.items() if item.key == "mva")
    assert str(item.label) == "MVA approved"


def test_without_mva_make_permanent_is_refused_and_lists_mva(ready_experiment, steering_user):
    assert ready_experiment.readiness_missing == ["mva"]
    with pytest.raises(ValidationError) as excinfo:
        make_permanent(ready_experiment, steering_user)
    assert (
        " ".join(excinfo.value.messages) == "The experiment is not ready to be made permanent. Missing: MVA approved."
    )
    ready_experiment.refresh_from_db()
    assert ready_experiment.phase == "consolidating"


def test_an_assessment_awaiting_decision_does_not_pass(ready_experiment, assessor, coordinator_user, steering_user):
    services.assessment_create(
        by=coordinator_user, experiment=ready_experiment, title="Kesken", what_changes="x", assessor=assessor
    )
    with pytest.raises(ValidationError, match="MVA approved"):
        make_permanent(ready_experiment, steering_user)


@pytest.mark.parametrize("outcome", ["approved", "approved_with_conditions"])
def test_approved_assessment_passes_the_gate(ready_experiment, assessor, coordinator_user, steering_user, outcome):
    assessment = services.assessment_create(
        by=coordinator_user, experiment=ready_experiment, title="MVA", what_changes="x", assessor=assessor
    )
    approved(assessment, assessor, steering_user, outcome=outcome)
    ready_experiment.refresh_from_db()
    assert ready_experiment.readiness_missing == []  # refresh_derived ran on the decision
    make_permanent(ready_experiment, steering_user)
    ready_experiment.refresh_from_db()
    assert ready_experiment.phase == "permanent"


def test_rejected_assessment_does_not_pass(ready_experiment, assessor, coordinator_user, steering_user):
    assessment = services.assessment_create(
        by=coordinator_user, experiment=ready_experiment, title="MVA", what_changes="x", assessor=assessor
    )
    approved(assessment, assessor, steering_user, outcome="rejected")
    ready_experiment.refresh_from_db()
    assert ready_experiment.readiness_missing == ["mva"]


def test_a_new_revision_in_progress_closes_the_gate_again(ready_experiment, assessor, coordinator_user, steering_user):
    assessment = services.assessment_create(
        by=coordinator_user, experiment=ready_experiment, title="MVA", what_changes="x", assessor=assessor
    )
    assessment = approved(assessment, assessor, steering_user)
    services.revision_start(assessment=assessment, by=assessor, reason="Muutos laajeni")
    ready_experiment.refresh_from_db()
    assert ready_experiment.readiness_missing == ["mva"]


def test_exemption_passes_the_gate_and_revoking_closes_it(ready_experiment, coordinator_user, steering_user):
    exemption = services.exemption_record(
        experiment=ready_experiment,
        by=coordinator_user,
        reason="Luovutettu syksyllä 2021 ennen MVA-menettelyä",
        granted_on=D(2022, 12, 15),
    )
    ready_experiment.refresh_from_db()
    assert ready_experiment.readiness_missing == []
    services.exemption_revoke(exemption=exemption, by=coordinator_user, on=D(2023, 1, 20))
    ready_experiment.refresh_from_db()
    assert ready_experiment.readiness_missing == ["mva"]
    services.exemption_record(
        experiment=ready_experiment, by=coordinator_user, reason="Uusi perustelu", granted_on=D(2023, 1, 25)
    )
    make_permanent(ready_experiment, steering_user)
    ready_experiment.refresh_from_db()
    assert ready_experiment.phase == "permanent"


def test_exemption_needs_reason_and_date_and_only_one_in_force(experiment):
    user = coordinator()
    with pytest.raises(ValidationError) as excinfo:
        services.exemption_record(experiment=experiment, by=user, reason=" ", granted_on=None)
    assert excinfo.value.message_dict == {
        "reason": ["Give the reason for the exemption."],
        "granted_on": ["Give the date of the exemption."],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.exemption_record(experiment=experiment, by=user, reason="x", granted_on=datetime.date(2023, 2, 2))
    assert excinfo.value.message_dict == {"granted_on": ["The date cannot be in the future."]}
    services.exemption_record(experiment=experiment, by=user, reason="x", granted_on=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="already has an exemption"):
        services.exemption_record(experiment=experiment, by=user, reason="y", granted_on=D(2023, 1, 2))


def test_standalone_assessment_touches_no_experiment(assessor, coordinator_user, steering_user):
    assessment = services.assessment_create(by=coordinator_user, title="Erillinen", what_changes="x", assessor=assessor)
    assessment = approved(assessment, assessor, steering_user)
    assert (assessment.experiment, assessment.outcome) == (None, Assessment.Outcome.APPROVED)
