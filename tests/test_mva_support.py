"""Shared fixtures and helpers for the MVA tests (imported by the other tests/test_mva_*.py modules).

Personas on top of tests/personas.py: `assessor` (the responsible assessor of `assessment`) and
`action_person` (responsible for one action, nothing else).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from mva import services
from mva.models import Assessment, Rating

from .factories import UserFactory

D = datetime.date

# The default template seeded by migration 0002, in order (hand-written from reference/mva.md).
DEFAULT_KEYS = [
    "model",
    "processes",
    "systems",
    "data_stores",
    "interoperability",
    "disclosure",
    "security",
    "data_protection",
    "publicity",
    "case_management",
    "archiving",
    "responsibilities",
]


@pytest.fixture
def english():
    """Messages are asserted in the English source language (the Finnish catalogue changes independently)."""
    with translation.override("en"):
        yield


@pytest.fixture
def assessor(db):
    return UserFactory(
        username="aino.arvioija", first_name="Aino", last_name="Arvioija", title="tiedonhallintapäällikkö"
    )


@pytest.fixture
def action_person(db):
    return UserFactory(username="teemu.tekija", first_name="Teemu", last_name="Tekijä")


@pytest.fixture
def assessment(experiment, assessor, coordinator_user):
    return services.assessment_create(
        by=coordinator_user,
        experiment=experiment,
        title="Palautepalvelun uusi järjestelmä",
        what_changes="Palautteet siirtyvät uuteen järjestelmään.",
        assessor=assessor,
        participants="Aino Arvioija\nIstekki Oy",
    )


def move_to(assessment: Assessment, phase: str, by) -> Assessment:
    """Walk forward one phase at a time (the only way the service allows)."""
    order = Assessment.PHASE_ORDER
    while order.index(assessment.phase) < order.index(phase):
        assessment = services.assessment_set_phase(
            assessment=assessment, by=by, phase=order[order.index(assessment.phase) + 1]
        )
    return assessment


def rate_all(assessment: Assessment, by, rating: str = Rating.MINOR) -> None:
    for area in assessment.areas.all():
        services.area_save(
            area=area, by=by, data={"rating": rating, "description": f"Kuvaus {area.key}", "risks": f"Riski {area.key}"}
        )


def approved(assessment: Assessment, by, decider, *, outcome: str = Assessment.Outcome.APPROVED) -> Assessment:
    """Rate every area, move to the decision phase and record an approval on 14.12.2022."""
    assessment = move_to(assessment, Assessment.Phase.ASSESSMENT, by)
    rate_all(assessment, by)
    assessment = move_to(assessment, Assessment.Phase.DECISION, by)
    return services.decision_record(
        assessment=assessment,
        by=decider,
        outcome=outcome,
        decided_on=D(2022, 12, 14),
        decision_maker="MVA-päätöspalaveri",
        conditions="Ehto" if outcome == Assessment.Outcome.APPROVED_WITH_CONDITIONS else "",
    )


def test_default_template_is_seeded_in_order(db):
    from mva.models import TemplateVersion

    version = TemplateVersion.objects.current()
    assert version.number == 1
    assert list(version.areas.values_list("key", flat=True)) == DEFAULT_KEYS
    security = version.areas.get(key="security")
    assert (security.name_fi, security.name_en) == ("tietoturvallisuus", "information security")
    assert security.questions_fi and security.questions_en
