"""MVA services: template versioning, the phase flow, freezing and revisions, what stays editable after
approval, and bad input refused with nothing half-saved."""

# Fixtures are shared by importing them from test_mva_support (tests own no conftest here).
# ruff: noqa: F811

import pytest
import time_machine
from django.core.exceptions import ValidationError

from mva import services
from mva.models import Action, Assessment, AssessmentArea, TemplateVersion, Workshop

from .test_mva_support import (  # noqa: F401
    DEFAULT_KEYS,
    D,
    action_person,
    approved,
    assessment,
    assessor,
    english,
    move_to,
    rate_all,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today", "english")]

Phase = Assessment.Phase


@pytest.fixture
def frozen_today():
    with time_machine.travel(D(2023, 2, 1), tick=False):
        yield


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- Template versioning --------------------------------------------------------------------


def test_new_assessment_copies_the_current_template(assessment):
    assert assessment.template_version.number == 1
    assert list(assessment.areas.values_list("key", flat=True)) == DEFAULT_KEYS
    area = assessment.areas.get(key="archiving")
    assert (area.name_fi, area.name_en) == (
        "arkistointi, säilytys ja hävittäminen",
        "archiving, retention and destruction",
    )


def test_editing_the_template_leaves_existing_assessments_unchanged(assessment, coordinator_user, assessor):
    draft = services.template_draft_create(by=coordinator_user)
    assert (draft.number, draft.is_draft) == (2, True)
    security = draft.areas.get(key="security")
    services.template_area_save(
        version=draft,
        area=security,
        data={"key": "security", "order": 7, "name_fi": "kyberturvallisuus", "name_en": "cyber security"},
    )
    services.template_area_remove(area=draft.areas.get(key="disclosure"))
    services.template_area_save(
        version=draft, data={"key": "ai", "order": 13, "name_fi": "tekoäly", "name_en": "artificial intelligence"}
    )
    services.template_publish(version=draft, by=coordinator_user, notes="Tekoäly lisätty")

    # The old assessment keeps version 1 and its own copies.
    assessment.refresh_from_db()
    assert assessment.template_version.number == 1
    assert assessment.areas.get(key="security").name_fi == "tietoturvallisuus"
    assert assessment.areas.filter(key="disclosure").exists()
    assert not assessment.areas.filter(key="ai").exists()
    # Version 1 itself is untouched too.
    assert TemplateVersion.objects.get(number=1).areas.get(key="security").name_fi == "tietoturvallisuus"

    # A new assessment uses version 2.
    new = services.assessment_create(by=coordinator_user, title="Uusi", what_changes="Muutos", assessor=assessor)
    assert new.template_version.number == 2
    keys = list(new.areas.values_list("key", flat=True))
    assert "ai" in keys and "disclosure" not in keys and len(keys) == 12
    assert new.areas.get(key="security").name_en == "cyber security"


def test_published_template_versions_cannot_be_edited(coordinator_user):
    version = TemplateVersion.objects.get(number=1)
    with pytest.raises(ValidationError, match="published template version cannot be changed"):
        services.template_area_save(version=version, area=version.areas.first(), data={"key": "x", "name_fi": "x"})
    with pytest.raises(ValidationError):
        services.template_area_remove(area=version.areas.first())
    assert version.areas.count() == 12


def test_only_one_draft_at_a_time_and_duplicate_keys_refused(coordinator_user):
    draft = services.template_draft_create(by=coordinator_user)
    assert services.template_draft_create(by=coordinator_user) == draft
    with pytest.raises(ValidationError) as excinfo:
        services.template_area_save(version=draft, data={"key": "security", "name_fi": "toinen"})
    assert "key" in excinfo.value.error_dict


# --- Phase flow -----------------------------------------------------------------------------


def test_phase_flow_forward_one_step_and_back_any(assessment, assessor):
    assert assessment.phase == Phase.LAUNCH
    with pytest.raises(ValidationError, match="one phase at a time"):
        services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.ASSESSMENT)
    assessment = move_to(assessment, Phase.RISKS, assessor)
    assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.BACKGROUND)
    assert assessment.phase == Phase.BACKGROUND
    assert assessment.version == 5  # created 1, three moves forward, one back


def test_model_update_and_follow_up_only_after_approval(assessment, assessor):
    assessment = move_to(assessment, Phase.DECISION, assessor)
    with pytest.raises(ValidationError, match="after the assessment is approved"):
        services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.MODEL_UPDATE)


def test_approval_moves_to_model_update_and_follow_up_needs_the_model_date(assessment, assessor, steering_user):
    area = assessment.areas.get(key="model")
    services.area_save(area=area, by=assessor, data={"model_change_needed": True})
    assessment = approved(assessment, assessor, steering_user)
    assert (assessment.phase, assessment.outcome) == (Phase.MODEL_UPDATE, "approved")
    with pytest.raises(ValidationError, match="record when the model was updated"):
        services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.FOLLOW_UP)
    services.later_phases_save(
        assessment=assessment,
        by=assessor,
        data={"model_updated_on": D(2023, 1, 20), "model_update_notes": "Päivitetty"},
    )
    assessment = services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.FOLLOW_UP)
    assert assessment.phase == Phase.FOLLOW_UP


def test_rejection_keeps_the_decision_phase_and_freezes(assessment, assessor, steering_user):
    assessment = approved(assessment, assessor, steering_user, outcome=Assessment.Outcome.REJECTED)
    assert (assessment.phase, assessment.is_frozen, assessment.is_approved) == (Phase.DECISION, True, False)
    with pytest.raises(ValidationError, match="start a new revision"):
        services.assessment_set_phase(assessment=assessment, by=assessor, phase=Phase.RISKS)


# --- Bad input ------------------------------------------------------------------------------


def test_rating_outside_the_scale_is_refused(assessment, assessor):
    area = assessment.areas.get(key="security")
    with pytest.raises(ValidationError) as excinfo:
        services.area_save(area=area, by=assessor, data={"rating": "catastrophic", "description": "Uusi kuvaus"})
    assert excinfo.value.message_dict == {"rating": ["Choose an impact rating from the scale."]}
    area.refresh_from_db()
    assert (area.rating, area.description, area.version) == ("", "", 1)


def test_action_needs_a_responsible_person_and_a_due_date(assessment, assessor):
    with pytest.raises(ValidationError) as excinfo:
        services.action_save(assessment=assessment, by=assessor, data={"title": "Tee jotain"})
    assert excinfo.value.message_dict == {
        "responsible": ["Name the person responsible for the action."],
        "due_date": ["Give a due date."],
    }
    assert Action.objects.count() == 0


def test_action_area_must_belong_to_the_assessment(assessment, assessor, coordinator_user):
    other = services.assessment_create(by=coordinator_user, title="Toinen", what_changes="x", assessor=assessor)
    with pytest.raises(ValidationError) as excinfo:
        services.action_save(
            assessment=assessment,
            by=assessor,
            data={"title": "x", "responsible": assessor, "due_date": D(2023, 3, 1), "area": other.areas.first()},
        )
    assert "area" in excinfo.value.message_dict


def test_decision_with_unrated_areas_is_refused(assessment, assessor, steering_user):
    assessment = move_to(assessment, Phase.ASSESSMENT, assessor)
    for area in assessment.areas.exclude(key__in=["archiving", "publicity"]):
        services.area_save(area=area, by=assessor, data={"rating": "none"})
    assessment = move_to(assessment, Phase.DECISION, assessor)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            assessment=assessment, by=steering_user, outcome="approved", decided_on=D(2023, 1, 10), decision_maker="JR"
        )
    assert messages_of(excinfo) == (
        "Every area must be rated before the decision. Not rated: publicity of documents and confidentiality, "
        "archiving, retention and destruction."
    )
    assessment.refresh_from_db()
    assert (assessment.outcome, assessment.decided_on, assessment.phase) == ("", None, Phase.DECISION)


def test_decision_input_is_validated(assessment, assessor, steering_user):
    rate_all(assessment, assessor)
    assessment = move_to(assessment, Phase.DECISION, assessor)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(
            assessment=assessment,
            by=steering_user,
            outcome="approved_with_conditions",
            decided_on=D(2023, 2, 2),
            decision_maker="",
        )
    assert set(excinfo.value.message_dict) == {"decided_on", "decision_maker", "conditions"}
    with pytest.raises(ValidationError, match="Choose the outcome"):
        services.decision_record(
            assessment=assessment, by=steering_user, outcome="maybe", decided_on=D(2023, 1, 1), decision_maker="JR"
        )


def test_decision_needs_the_decision_phase(assessment, assessor, steering_user):
    rate_all(assessment, assessor)
    with pytest.raises(ValidationError, match="decision phase"):
        services.decision_record(
            assessment=assessment, by=steering_user, outcome="approved", decided_on=D(2023, 1, 1), decision_maker="JR"
        )


def test_stale_area_edit_is_refused(assessment, assessor, coordinator_user):
    area = assessment.areas.get(key="systems")
    services.area_save(area=area, by=coordinator_user, data={"description": "Koordinaattorin"}, expected_version=1)
    with pytest.raises(services.StaleEdit):
        services.area_save(area=area, by=assessor, data={"description": "Arvioijan"}, expected_version=1)
    area.refresh_from_db()
    assert (area.description, area.version) == ("Koordinaattorin", 2)


# --- Freezing and revisions -----------------------------------------------------------------


@pytest.fixture
def decided(assessment, assessor, steering_user, action_person):
    services.action_save(
        assessment=assessment,
        by=assessor,
        data={
            "title": "Päivitä arkistonmuodostussuunnitelma",
            "area": assessment.areas.get(key="archiving"),
            "responsible": action_person,
            "due_date": D(2023, 1, 15),
        },
    )
    services.workshop_add(assessment=assessment, by=assessor, held_on=D(2022, 11, 1), title="Paja 1")
    return approved(assessment, assessor, steering_user)


def test_approval_freezes_the_assessed_content(decided, assessor, coordinator_user):
    area = decided.areas.get(key="security")
    frozen = "This assessment has been decided, so its assessed content is frozen. Start a new revision to change it."
    for attempt in (
        lambda: services.area_save(area=area, by=coordinator_user, data={"rating": "major"}),
        lambda: services.assessment_update(assessment=decided, by=assessor, data={"title": "Uusi otsikko"}),
        lambda: services.workshop_add(assessment=decided, by=assessor, held_on=D(2023, 1, 5)),
        lambda: services.workshop_delete(workshop=decided.workshops.get(), by=assessor),
    ):
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert messages_of(excinfo) == frozen
    with pytest.raises(ValidationError, match="already been decided"):
        services.decision_record(
            assessment=decided, by=coordinator_user, outcome="rejected", decided_on=D(2023, 1, 1), decision_maker="x"
        )
    area.refresh_from_db()
    decided.refresh_from_db()
    assert (area.rating, decided.title, decided.outcome) == ("minor", "Palautepalvelun uusi järjestelmä", "approved")
    assert Workshop.objects.filter(assessment=decided).count() == 1


def test_after_approval_later_phases_and_action_progress_stay_editable(decided, assessor, action_person):
    action = decided.actions.get()
    assert action.decided is True
    # Progress: new responsible person, due date, progress note, done date.
    action = services.action_save(
        assessment=decided,
        by=assessor,
        action=action,
        data={"responsible": assessor, "due_date": D(2023, 3, 1), "progress_note": "Aloitettu"},
        expected_version=1,
    )
    assert (action.responsible, action.due_date, action.progress_note) == (assessor, D(2023, 3, 1), "Aloitettu")
    # ...but not the decided wording.
    with pytest.raises(ValidationError, match="wording and area are frozen"):
        services.action_save(
            assessment=decided,
            by=assessor,
            action=action,
            data={"title": "Jotain muuta", "responsible": assessor, "due_date": D(2023, 3, 1)},
        )
    # New follow-up actions may be added.
    services.action_save(
        assessment=decided,
        by=assessor,
        data={"title": "Seurantakatsaus", "responsible": action_person, "due_date": D(2023, 6, 1)},
    )
    services.action_mark_done(action=action, by=assessor, on=D(2023, 1, 31))
    services.later_phases_save(assessment=decided, by=assessor, data={"follow_up_notes": "Seurataan kvartaaleittain"})
    decided.refresh_from_db()
    assert decided.follow_up_notes == "Seurataan kvartaaleittain"
    assert list(decided.actions.values_list("title", "done_on")) == [
        ("Päivitä arkistonmuodostussuunnitelma", D(2023, 1, 31)),
        ("Seurantakatsaus", None),
    ]


def test_changing_frozen_content_makes_a_new_revision(decided, assessor, coordinator_user):
    new = services.revision_start(assessment=decided, by=assessor, reason="Järjestelmätoimittaja vaihtui")
    decided.refresh_from_db()
    assert (new.revision, new.previous, new.phase, new.outcome, new.is_current) == (
        2,
        decided,
        Phase.ASSESSMENT,
        "",
        True,
    )
    assert decided.is_current is False
    # The copy carries the content; the new revision is editable again.
    assert new.areas.count() == 12 and new.areas.get(key="security").rating == "minor"
    assert new.workshops.count() == 1
    copied = new.actions.get()
    assert (copied.title, copied.area.assessment, copied.decided) == (
        "Päivitä arkistonmuodostussuunnitelma",
        new,
        False,
    )
    services.area_save(area=new.areas.get(key="security"), by=assessor, data={"rating": "major"})
    # Both stay readable, and the old one keeps its decided values.
    assert decided.areas.get(key="security").rating == "minor"
    assert new.areas.get(key="security").rating == "major"
    assert (decided.outcome, decided.decided_on) == ("approved", D(2022, 12, 14))
    # The superseded revision is read-only, including its actions.
    with pytest.raises(ValidationError, match="superseded revision"):
        services.later_phases_save(assessment=decided, by=assessor, data={"follow_up_notes": "x"})
    with pytest.raises(ValidationError, match="superseded revision"):
        services.action_mark_done(action=decided.actions.get(), by=assessor)
    with pytest.raises(ValidationError, match="superseded revision"):
        services.revision_start(assessment=decided, by=assessor, reason="Uudestaan")


def test_a_revision_needs_a_reason_and_a_decision(assessment, assessor):
    with pytest.raises(ValidationError) as excinfo:
        services.revision_start(assessment=assessment, by=assessor, reason=" ")
    assert "reason" in excinfo.value.message_dict
    with pytest.raises(ValidationError, match="not been decided"):
        services.revision_start(assessment=assessment, by=assessor, reason="Syy")
    assert Assessment.objects.count() == 1


def test_assessment_create_validates_and_writes_nothing_on_error(assessor, coordinator_user):
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_create(by=coordinator_user, title=" ", what_changes="", assessor=assessor)
    assert set(excinfo.value.message_dict) == {"title", "what_changes"}
    assert Assessment.objects.count() == 0 and AssessmentArea.objects.count() == 0
