"""Each readiness rule on its own, the stored n/N, and "changed since approval"."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from consolidation import readiness, services
from consolidation.models import Handover
from experiments.derived import refresh_derived

from .factories import ExperimentFactory, TechnologyFactory, UserFactory, plan_for

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 3, 1)


def check(key, experiment, today=TODAY):
    return {r.item.key: r.ok for r in readiness.evaluate(experiment, today)}[key]


def test_owner_rule(owner):
    assert check("owner", ExperimentFactory(owner=owner))
    assert not check("owner", ExperimentFactory(owner=None))


def test_receiving_owner_rule(owner):
    experiment = ExperimentFactory(owner=owner)
    assert not check("receiving_owner", experiment)
    experiment.receiving_owner = UserFactory()
    assert check("receiving_owner", experiment)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, True),
        ({"person_years_secured": Decimal("0.5")}, False),
        ({"euros_secured": 19999}, False),
        ({"euros_needed": None}, False),
        ({"person_years_needed": 0, "person_years_secured": 0, "euros_needed": 0, "euros_secured": 0}, True),
    ],
)
def test_resources_rule(owner, overrides, expected):
    experiment = ExperimentFactory(owner=owner)
    plan_for(experiment, **overrides)
    assert check("resources", experiment) is expected


def test_resources_rule_without_a_plan(owner):
    assert not check("resources", ExperimentFactory(owner=owner))


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, True), ({"commitment_by": ""}, False), ({"commitment_on": None}, False)],
)
def test_commitment_rule(owner, overrides, expected):
    experiment = ExperimentFactory(owner=owner)
    plan_for(experiment, **overrides)
    assert check("commitment", experiment) is expected


def test_plan_approval_and_changed_since_approval(owner, steering_user):
    experiment = ExperimentFactory(owner=owner, phase="consolidating")
    plan = plan_for(experiment)
    assert not check("plan_approved", experiment)
    services.decision_record(
        experiment=experiment, kind="approve_plan", by=steering_user, rationale="Hyvä", decided_on=TODAY
    )
    experiment.refresh_from_db()
    assert check("plan_approved", experiment)
    # A change of wording outside the substance keeps the approval.
    services.plan_save(experiment=experiment, by=owner, data={"funding_source": "Perusbudjetti"})
    experiment.refresh_from_db()
    assert check("plan_approved", experiment)
    # Changing the target state, resources or receiving unit needs a new approval.
    services.plan_save(experiment=experiment, by=owner, data={"euros_needed": 30000})
    experiment.refresh_from_db()
    plan.refresh_from_db()
    assert plan.changed_since_approval()
    assert plan.awaiting_decision
    assert not check("plan_approved", experiment)


def test_changing_receiving_unit_counts_as_change_in_substance(owner, steering_user):
    from .factories import OrgUnitFactory

    experiment = ExperimentFactory(owner=owner)
    plan_for(experiment)
    services.decision_record(
        experiment=experiment, kind="approve_plan", by=steering_user, rationale="x", decided_on=TODAY
    )
    services.plan_save(experiment=experiment, by=owner, data={"receiving_unit": OrgUnitFactory()})
    experiment.refresh_from_db()
    assert experiment.continuation_plan.changed_since_approval()


@pytest.mark.parametrize(
    ("end_of_support", "alternative", "expected"),
    [
        (None, "", True),
        (datetime.date(2022, 12, 31), "", False),  # already past
        (datetime.date(2023, 8, 28), "", False),  # exactly 180 days ahead
        (datetime.date(2023, 8, 29), "", True),  # 181 days ahead
        (datetime.date(2022, 12, 31), "Siirrytään Smileen", True),  # past, but an alternative exists
    ],
)
def test_technology_rule(owner, end_of_support, alternative, expected):
    experiment = ExperimentFactory(owner=owner)
    experiment.technologies.add(TechnologyFactory(end_of_support=end_of_support))
    experiment.refresh_platform_end_of_support()
    plan_for(experiment, platform_alternative=alternative)
    assert check("technology", experiment) is expected


def test_handover_rule(owner):
    receiver = UserFactory()
    experiment = ExperimentFactory(owner=owner, receiving_owner=receiver)
    handover = services.handover_propose(experiment=experiment, by=owner, on=datetime.date(2023, 1, 2))
    assert not check("handover", experiment)
    services.handover_answer(handover=handover, by=receiver, accept=True, on=datetime.date(2023, 1, 3))
    assert check("handover", experiment)


def test_refresh_stores_n_of_n_and_missing_keys(owner):
    experiment = ExperimentFactory(owner=owner)
    refresh_derived(experiment)
    experiment.refresh_from_db()
    total = len(readiness.items())
    assert experiment.readiness_total == total
    assert experiment.readiness_done == 2  # owner named; technology continuity (no platform)
    assert "receiving_owner" in experiment.readiness_missing
    assert "owner" not in experiment.readiness_missing


def test_handover_accept_switches_owner_and_decline_keeps_reason(owner):
    receiver = UserFactory()
    experiment = ExperimentFactory(owner=owner, receiving_owner=receiver)
    first = services.handover_propose(experiment=experiment, by=owner, on=datetime.date(2023, 1, 2))
    services.handover_answer(
        handover=first, by=receiver, accept=False, reason="Ei resursseja", on=datetime.date(2023, 1, 5)
    )
    experiment.refresh_from_db()
    assert experiment.owner == owner
    assert Handover.objects.get(pk=first.pk).answer_reason == "Ei resursseja"
    second = services.handover_propose(experiment=experiment, by=owner, on=datetime.date(2023, 2, 1))
    services.handover_answer(handover=second, by=receiver, accept=True, on=datetime.date(2023, 2, 2))
    experiment.refresh_from_db()
    assert experiment.owner == receiver
    assert list(experiment.handovers.order_by("proposed_on").values_list("status", flat=True)) == [
        "declined",
        "accepted",
    ]


@pytest.mark.parametrize(
    ("setup", "message_part"),
    [
        ("no_receiver", "receiving owner"),
        ("receiver_is_owner", "already owns"),
        ("open_exists", "already waiting"),
    ],
)
def test_handover_proposal_refused(owner, setup, message_part):
    from django.core.exceptions import ValidationError

    receiver = UserFactory()
    experiment = ExperimentFactory(owner=owner, receiving_owner=receiver)
    if setup == "no_receiver":
        experiment.receiving_owner = None
    elif setup == "receiver_is_owner":
        experiment.receiving_owner = owner
    else:
        services.handover_propose(experiment=experiment, by=owner)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.handover_propose(experiment=experiment, by=owner)
    assert message_part in " ".join(error.value.messages)
    assert Handover.objects.count() == (1 if setup == "open_exists" else 0)


def test_decline_needs_a_reason_and_answer_works_once(owner):
    from django.core.exceptions import ValidationError

    receiver = UserFactory()
    experiment = ExperimentFactory(owner=owner, receiving_owner=receiver)
    handover = services.handover_propose(experiment=experiment, by=owner)
    with pytest.raises(ValidationError):
        services.handover_answer(handover=handover, by=receiver, accept=False, reason=" ")
    services.handover_answer(handover=handover, by=receiver, accept=True)
    with pytest.raises(ValidationError):
        services.handover_answer(handover=handover, by=receiver, accept=False, reason="Muutin mieleni")
    assert Handover.objects.get(pk=handover.pk).status == "accepted"


def test_nightly_refresh_catches_a_platform_reaching_its_end_of_support(owner):
    """GIVEN a platform whose end of support is 200 days away WHEN time passes to 150 days before it
    THEN the nightly task marks technology continuity missing."""
    import time_machine
    from django.core.management import call_command

    from consolidation import tasks

    experiment = ExperimentFactory(owner=owner)
    experiment.technologies.add(TechnologyFactory(end_of_support=datetime.date(2023, 12, 31)))
    experiment.refresh_platform_end_of_support()
    with time_machine.travel(datetime.datetime(2023, 6, 14, 12, 0, tzinfo=datetime.UTC), tick=False):
        call_command("refresh_readiness")
    experiment.refresh_from_db()
    assert "technology" not in experiment.readiness_missing
    with time_machine.travel(datetime.datetime(2023, 8, 3, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert tasks.refresh_readiness.delay().get() == 1
    experiment.refresh_from_db()
    assert "technology" in experiment.readiness_missing
