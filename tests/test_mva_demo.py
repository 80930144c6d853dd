"""mva.demo.load_mva_demo: the MVA procedure (experiment 13) approved at the 14.12.2022 decision meeting,
the TargetorPro and OmaKunta test cases awaiting decision, exemptions for experiments 1 and 2; idempotent."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import io

import pytest

from mva.demo import load_mva_demo
from mva.models import Assessment, Exemption

from .factories import ExperimentFactory, UserFactory, coordinator
from .test_mva_support import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_portfolio():
    coordinator(username="koordinaattori")
    assessor = UserFactory(username="omistaja2", title="tiedonhallintapäällikkö")
    for number in (1, 2, 13):
        ExperimentFactory(number=number, owner=assessor if number == 13 else None)


def test_demo_loads_the_procedure_test_cases_and_exemptions(demo_portfolio):
    out = io.StringIO()
    assert load_mva_demo(stdout=out) == {"assessments": 3, "exemptions": 2}
    assert "MVA assessments:" in out.getvalue()

    procedure = Assessment.objects.get(experiment__number=13)
    assert (procedure.outcome, procedure.decided_on, procedure.phase) == ("approved", D(2022, 12, 14), "model_update")
    dates = list(procedure.workshops.values_list("held_on", flat=True))
    assert len(dates) == 11
    assert len([d for d in dates if d.year == 2022 and d.month <= 6]) == 4  # spring 2022
    assert len([d for d in dates if d.year == 2022 and d.month >= 8]) == 7  # autumn 2022
    assert procedure.experiment.readiness_missing.count("mva") == 0

    for name in ("TargetorPro", "OmaKunta"):
        case = Assessment.objects.get(title__startswith=name)
        assert (case.experiment, case.phase, case.outcome) == (None, "decision", "")  # awaiting decision
        assert case.awaits_decision
        assert all(day.year == 2022 for day in case.workshops.values_list("held_on", flat=True))
        assert case.workshops.exists()

    exemptions = Exemption.objects.order_by("experiment__number")
    assert [(e.experiment.number, e.granted_on) for e in exemptions] == [(1, D(2022, 12, 15)), (2, D(2022, 12, 15))]
    assert all("2021" in e.reason for e in exemptions)


def test_demo_is_idempotent(demo_portfolio):
    load_mva_demo()
    assert load_mva_demo() == {"assessments": 0, "exemptions": 0}
    assert Assessment.objects.count() == 3
    assert Exemption.objects.count() == 2


def test_demo_without_users_is_skipped_quietly(db):
    out = io.StringIO()
    assert load_mva_demo(stdout=out) == {"assessments": 0, "exemptions": 0}
    assert "skipped" in out.getvalue()
