"""Export → import: the JSON of a whole assessment imports into an empty database as the same assessment."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from mva import exchange, services
from mva.models import Action, Assessment, TemplateVersion

from .test_mva_support import D, action_person, approved, assessor  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(D(2023, 2, 1), tick=False), translation.override("en"):
        yield


@pytest.fixture
def full_assessment(assessor, action_person, coordinator_user, steering_user):
    """A standalone assessment with every kind of content: rated areas, workshops, actions, a decision."""
    assessment = services.assessment_create(
        by=coordinator_user,
        title="OmaKunta-palvelun muutos",
        what_changes="Asiointi siirtyy uuteen palveluun.",
        assessor=assessor,
        participants="Aino Arvioija\nIstekki Oy",
        background="Nykyinen lomakepalvelu",
    )
    services.workshop_add(assessment=assessment, by=assessor, held_on=D(2022, 10, 4), title="Paja 1", notes="Muistio")
    services.workshop_add(assessment=assessment, by=assessor, held_on=D(2022, 11, 1), title="Paja 2")
    area = assessment.areas.get(key="data_protection")
    services.area_save(area=area, by=assessor, data={"model_change_needed": True})
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Tee DPIA", "area": area, "responsible": action_person, "due_date": D(2023, 1, 31)},
    )
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={"title": "Päivitä seloste", "responsible": assessor, "due_date": D(2023, 3, 1), "done_on": D(2023, 1, 5)},
    )
    return approved(assessment, assessor, steering_user, outcome="approved_with_conditions")


def without_timestamp(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_export_then_import_into_an_empty_database_gives_the_same_assessment(full_assessment, coordinator_user):
    exported = exchange.assessment_export(full_assessment)
    # Hand-written spot checks of the format.
    assert exported["assessment"]["assessor"]["username"] == "aino.arvioija"
    assert exported["assessment"]["decision"] == {
        "outcome": "approved_with_conditions",
        "decided_on": "2022-12-14",
        "decision_maker": "MVA-päätöspalaveri",
        "conditions": "Ehto",
        "notes": "",
    }
    assert [a["key"] for a in exported["areas"]][:2] == ["model", "processes"]
    assert exported["actions"][0]["area"] == "data_protection"

    # Empty the database of everything the assessment refers to (the importer stays).
    Action.objects.all().delete()
    Assessment.objects.all().delete()
    TemplateVersion.objects.all().delete()
    get_user_model().objects.exclude(pk=coordinator_user.pk).delete()

    imported, notes = exchange.assessment_import(data=exported, by=coordinator_user)
    assert notes == ["User accounts created without a password: aino.arvioija, teemu.tekija."]
    assert without_timestamp(exchange.assessment_export(imported)) == without_timestamp(exported)
    assert imported.is_frozen and imported.template_version.number == 1
    assert imported.assessor.has_usable_password() is False


def test_import_links_to_an_existing_experiment_by_slug(experiment, assessor, coordinator_user):
    assessment = services.assessment_create(
        by=coordinator_user, experiment=experiment, title="Kytketty", what_changes="x", assessor=assessor
    )
    imported, notes = exchange.assessment_import(data=exchange.assessment_export(assessment), by=coordinator_user)
    assert (imported.experiment, notes, imported.template_version) == (experiment, [], assessment.template_version)


def test_import_refuses_bad_content_and_writes_nothing(full_assessment, coordinator_user):
    data = exchange.assessment_export(full_assessment)
    data["areas"][0]["rating"] = "catastrophic"
    data["actions"][0]["responsible"] = None
    data["actions"][1]["due_date"] = "ensi viikolla"
    data["assessment"]["experiment"] = "no-such-experiment"
    with pytest.raises(ValidationError) as excinfo:
        exchange.assessment_import(data=data, by=coordinator_user)
    assert excinfo.value.messages == [
        "The experiment “no-such-experiment” does not exist here. Remove it from the file to import a standalone "
        "assessment.",
        "Area model: the impact rating “catastrophic” is not on the scale.",
        "Action 1 has no responsible person.",
        "Not a date: actions[2].due_date = ensi viikolla.",
    ]
    assert Assessment.objects.count() == 1


def test_import_refuses_a_decision_with_unrated_areas(full_assessment, coordinator_user):
    data = exchange.assessment_export(full_assessment)
    data["areas"][3]["rating"] = ""
    with pytest.raises(ValidationError, match="cannot have unrated areas"):
        exchange.assessment_import(data=data, by=coordinator_user)


def test_import_command(tmp_path, full_assessment, coordinator_user, capsys):
    import json

    path = tmp_path / "mva.json"
    path.write_text(json.dumps(exchange.assessment_export(full_assessment)), encoding="utf-8")
    call_command("mva_import", str(path), by=coordinator_user.username)
    assert Assessment.objects.filter(title="OmaKunta-palvelun muutos").count() == 2
