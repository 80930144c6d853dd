"""Writes for change impact assessments. Every function validates first and writes in one transaction,
so a refused change leaves nothing half-saved. Views, the import page and command, and the demo loader
call these; after any write that can change the gate the experiment's derived values are refreshed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from experiments.derived import refresh_derived
from experiments.models import Experiment

from .models import Action, Assessment, AssessmentArea, Exemption, Rating, TemplateArea, TemplateVersion, Workshop

HEADER_FIELDS = ("title", "what_changes", "background", "participants", "assessor")
AREA_FIELDS = ("rating", "description", "risks", "model_change_needed")
LATER_FIELDS = ("model_update_notes", "model_updated_on", "follow_up_notes")
TRANSLATED_AREA_FIELDS = ("name", "questions")


def languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


class StaleEdit(ValidationError):
    """Someone else saved the object after this user opened it (optimistic locking)."""

    def __init__(self, current):
        super().__init__(
            _("Someone else saved this in the meantime. Their version is shown below; yours is kept in the form.")
        )
        self.current = current


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleEdit(obj)


def _refuse_superseded(assessment: Assessment) -> None:
    if not assessment.is_current:
        raise ValidationError(_("This is a superseded revision; it cannot be changed. Open the current revision."))


def _refuse_frozen(assessment: Assessment) -> None:
    """The assessed content of a decided assessment is frozen; changing it takes a new revision."""
    _refuse_superseded(assessment)
    if assessment.is_decided:
        raise ValidationError(
            _("This assessment has been decided, so its assessed content is frozen. Start a new revision to change it.")
        )


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _refresh_gate(assessment: Assessment) -> None:
    if assessment.experiment_id:
        refresh_derived(Experiment.objects.get(pk=assessment.experiment_id))


def _not_future(errors: dict, field: str, value, message) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(field, []).append(message)


def _copy_translated(source, target, fields=TRANSLATED_AREA_FIELDS) -> None:
    for field in fields:
        for code in languages():
            name = build_localized_fieldname(field, code)
            setattr(target, name, getattr(source, name))
        _set_base(target, field, getattr(source, build_localized_fieldname(field, "fi")))


def _set_base(obj, field: str, value) -> None:
    """Set the untranslated base column without modeltranslation writing it into the active language."""
    obj.__dict__[field] = value or ""


# --- Template -------------------------------------------------------------------------------


def template_current() -> TemplateVersion:
    version = TemplateVersion.objects.current()
    if version is None:
        raise ValidationError(_("There is no published MVA template. A coordinator must publish one first."))
    return version


def template_draft_create(*, by) -> TemplateVersion:
    """The draft version coordinators edit: a copy of the current published one (one draft at a time)."""
    with transaction.atomic():
        draft = TemplateVersion.objects.select_for_update().filter(published_on__isnull=True).first()
        if draft is not None:
            return draft
        current = TemplateVersion.objects.current()
        number = (TemplateVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
        draft = TemplateVersion.objects.create(number=number, created_by=by)
        if current is not None:
            for area in current.areas.all():
                copy = TemplateArea(version=draft, key=area.key, order=area.order)
                _copy_translated(area, copy)
                copy.save()
    return draft


def _validate_template_area(version: TemplateVersion, data: dict, area: TemplateArea | None = None) -> dict:
    errors: dict[str, list] = {}
    if not version.is_draft:
        raise ValidationError(_("A published template version cannot be changed. Create a new version instead."))
    key = slugify(data.get("key") or "").replace("-", "_")
    if not key:
        errors["key"] = [_("Give the area a short key (letters, numbers, underscores).")]
    elif version.areas.filter(key=key).exclude(pk=area.pk if area else None).exists():
        errors["key"] = [_("Another area of this version already has this key.")]
    if not (data.get("name_fi") or "").strip():
        errors["name_fi"] = [_("Give the area a Finnish name.")]
    if errors:
        raise ValidationError(errors)
    return {**data, "key": key}


def template_area_save(*, version: TemplateVersion, data: dict, area: TemplateArea | None = None) -> TemplateArea:
    """Add an area to a draft version, or change one of its areas."""
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        data = _validate_template_area(version, data, area)
        if area is None:
            area = TemplateArea(version=version)
        else:
            area = TemplateArea.objects.get(pk=area.pk, version=version)
        area.key = data["key"]
        area.order = data.get("order") or 0
        for field in TRANSLATED_AREA_FIELDS:
            for code in languages():
                name = build_localized_fieldname(field, code)
                if name in data:
                    setattr(area, name, (data[name] or "").strip())
        _set_base(area, "name", area.name_fi)
        _set_base(area, "questions", area.questions_fi)
        area.save()
    return area


def template_area_remove(*, area: TemplateArea) -> None:
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=area.version_id)
        if not version.is_draft:
            raise ValidationError(_("A published template version cannot be changed. Create a new version instead."))
        area.delete()


def template_publish(
    *, version: TemplateVersion, by, notes: str = "", published_on: datetime.date | None = None
) -> TemplateVersion:
    """Publish a draft: new assessments use it from now on; existing ones keep their own version."""
    published_on = published_on or timezone.localdate()
    with transaction.atomic():
        version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise ValidationError(_("This template version has already been published."))
        if not version.areas.exists():
            raise ValidationError(_("A template needs at least one impact area."))
        latest = TemplateVersion.objects.published().order_by("-published_on").first()
        if latest and published_on < latest.published_on:
            raise ValidationError(
                {"published_on": [_("The publication date cannot be before the previous version's.")]}
            )
        version.published_on = published_on
        if notes.strip():
            version.notes = notes.strip()
        version.save(update_fields=["published_on", "notes"])
    return version


# --- Assessments ----------------------------------------------------------------------------


def _validate_header(data: dict) -> None:
    errors: dict[str, list] = {}
    if "title" in data and not (data.get("title") or "").strip():
        errors["title"] = [_("Give the assessment a title.")]
    if "what_changes" in data and not (data.get("what_changes") or "").strip():
        errors["what_changes"] = [_("Describe what is changing.")]
    if "assessor" in data and data.get("assessor") is None:
        errors["assessor"] = [_("Name the responsible assessor.")]
    elif data.get("assessor") is not None and not data["assessor"].is_active:
        errors["assessor"] = [_("The responsible assessor must have an active account.")]
    if errors:
        raise ValidationError(errors)


def assessment_create(
    *,
    by,
    title: str,
    what_changes: str,
    assessor,
    experiment: Experiment | None = None,
    participants: str = "",
    background: str = "",
    template_version: TemplateVersion | None = None,
) -> Assessment:
    """Start an assessment with a copy of the template's areas (the current published version by default)."""
    _validate_header({"title": title, "what_changes": what_changes, "assessor": assessor})
    version = template_version or template_current()
    if version.is_draft:
        raise ValidationError(_("Assessments can only be made with a published template version."))
    with transaction.atomic():
        assessment = Assessment.objects.create(
            experiment=experiment,
            template_version=version,
            title=title.strip(),
            what_changes=what_changes.strip(),
            background=(background or "").strip(),
            participants=(participants or "").strip(),
            assessor=assessor,
            created_by=by,
        )
        areas = []
        for template_area in version.areas.all():
            area = AssessmentArea(assessment=assessment, key=template_area.key, order=template_area.order)
            _copy_translated(template_area, area)
            areas.append(area)
        AssessmentArea.objects.bulk_create(areas)
    return assessment


def assessment_update(*, assessment: Assessment, by, data: dict, expected_version: int | None = None) -> Assessment:
    """Change the launch and background data (title, what changes, assessor, participants, background)."""
    data = {key: value for key, value in data.items() if key in HEADER_FIELDS}
    _validate_header(data)
    with transaction.atomic():
        locked = _lock(assessment)
        _refuse_frozen(locked)
        _check_version(locked, expected_version)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        locked.version += 1
        locked.save()
    return locked


def assessment_set_phase(*, assessment: Assessment, by, phase: str, expected_version: int | None = None) -> Assessment:
    """Move through the phases. Before the decision: one step forward or back to any earlier phase.
    Model update and follow-up come only after approval; the decision itself is `decision_record`."""
    if phase not in Assessment.Phase.values:
        raise ValidationError({"phase": [_("Choose a phase.")]})
    with transaction.atomic():
        locked = _lock(assessment)
        _refuse_superseded(locked)
        _check_version(locked, expected_version)
        order = Assessment.PHASE_ORDER
        current, target = order.index(locked.phase), order.index(phase)
        if target == current:
            raise ValidationError({"phase": [_("The assessment is already in this phase.")]})
        if phase in (Assessment.Phase.MODEL_UPDATE, Assessment.Phase.FOLLOW_UP):
            if not locked.is_approved:
                raise ValidationError(
                    {"phase": [_("The model update and follow-up phases come after the assessment is approved.")]}
                )
            if phase == Assessment.Phase.FOLLOW_UP and (
                locked.areas.filter(model_change_needed=True).exists() and not locked.model_updated_on
            ):
                raise ValidationError(
                    {
                        "phase": [
                            _(
                                "Some areas need a change to the information management model: record when the "
                                "model was updated before moving to follow-up."
                            )
                        ]
                    }
                )
        elif locked.is_decided:
            raise ValidationError(
                {"phase": [_("The assessment has been decided; start a new revision to reassess it.")]}
            )
        elif target > current + 1:
            raise ValidationError({"phase": [_("Move forward one phase at a time.")]})
        locked.phase = phase
        locked.version += 1
        locked.save(update_fields=["phase", "version", "updated_at"])
    return locked


def area_save(*, area: AssessmentArea, by, data: dict, expected_version: int | None = None) -> AssessmentArea:
    """Save one area's rating, description, risks and model-change flag."""
    data = {key: value for key, value in data.items() if key in AREA_FIELDS}
    rating = data.get("rating", area.rating) or ""
    if rating not in Rating.values and rating != "":
        raise ValidationError({"rating": [_("Choose an impact rating from the scale.")]})
    data["rating"] = rating
    with transaction.atomic():
        _refuse_frozen(_lock(area.assessment))
        locked = AssessmentArea.objects.select_for_update().get(pk=area.pk)
        _check_version(locked, expected_version)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else bool(value))
        locked.version += 1
        locked.updated_by = by
        locked.save()
    return locked


def workshop_add(
    *, assessment: Assessment, by, held_on: datetime.date, title: str = "", participants: str = "", notes: str = ""
) -> Workshop:
    errors: dict[str, list] = {}
    if not held_on:
        errors["held_on"] = [_("Give the date of the workshop.")]
    _not_future(errors, "held_on", held_on, _("A workshop cannot be recorded before it is held."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _refuse_frozen(_lock(assessment))
        return Workshop.objects.create(
            assessment=assessment,
            held_on=held_on,
            title=(title or "").strip(),
            participants=(participants or "").strip(),
            notes=(notes or "").strip(),
        )


def workshop_delete(*, workshop: Workshop, by) -> None:
    with transaction.atomic():
        _refuse_frozen(_lock(workshop.assessment))
        workshop.delete()


def action_save(
    *, assessment: Assessment, by, data: dict, action: Action | None = None, expected_version: int | None = None
) -> Action:
    """Add an action or change one. After the decision the wording and area of a decided action are
    frozen; its responsible person, due date, done date and progress stay editable."""
    errors: dict[str, list] = {}
    if action is None or "title" in data:
        if not (data.get("title") or "").strip():
            errors["title"] = [_("Describe the action.")]
    if data.get("responsible") is None:
        errors["responsible"] = [_("Name the person responsible for the action.")]
    elif not data["responsible"].is_active:
        errors["responsible"] = [_("The responsible person must have an active account.")]
    if not data.get("due_date"):
        errors["due_date"] = [_("Give a due date.")]
    _not_future(errors, "done_on", data.get("done_on"), _("The done date cannot be in the future."))
    area = data.get("area")
    if area is not None and area.assessment_id != assessment.pk:
        errors["area"] = [_("Choose an area of this assessment.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked_assessment = _lock(assessment)
        _refuse_superseded(locked_assessment)
        if action is None:
            action = Action(assessment=locked_assessment)
        else:
            action = Action.objects.select_for_update().get(pk=action.pk, assessment=locked_assessment)
            _check_version(action, expected_version)
            action.version += 1
            if action.decided:
                new_title = (data.get("title", action.title) or "").strip()
                new_area_id = area.pk if area is not None else None
                if "area" not in data:
                    new_area_id = action.area_id
                if new_title != action.title or new_area_id != action.area_id:
                    raise ValidationError(
                        {
                            "title": [
                                _(
                                    "This action was part of the decision: its wording and area are frozen. "
                                    "Start a new revision to change them."
                                )
                            ]
                        }
                    )
        if "title" in data:
            action.title = data["title"].strip()
        if "area" in data:
            action.area = area
        action.responsible = data["responsible"]
        action.due_date = data["due_date"]
        if "done_on" in data:
            action.done_on = data["done_on"]
        if "progress_note" in data:
            action.progress_note = (data["progress_note"] or "").strip()
        action.save()
    return action


def action_mark_done(*, action: Action, by, on: datetime.date | None = None) -> Action:
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"done_on": [_("The done date cannot be in the future.")]})
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("assessment").get(pk=action.pk)
        _refuse_superseded(locked.assessment)
        if locked.done_on is not None:
            raise ValidationError(_("This action is already marked done."))
        locked.done_on = on
        locked.version += 1
        locked.save(update_fields=["done_on", "version"])
    return locked


def decision_record(
    *,
    assessment: Assessment,
    by,
    outcome: str,
    decided_on: datetime.date | None,
    decision_maker: str,
    conditions: str = "",
    notes: str = "",
) -> Assessment:
    """Record the decision meeting's outcome. It freezes the assessed content; approval opens the later phases."""
    errors: dict[str, list] = {}
    if outcome not in Assessment.Outcome.values:
        errors["outcome"] = [_("Choose the outcome of the decision.")]
    if not decided_on:
        errors["decided_on"] = [_("Give the date of the decision.")]
    _not_future(errors, "decided_on", decided_on, _("The decision date cannot be in the future."))
    if not (decision_maker or "").strip():
        errors["decision_maker"] = [_("Name the decision-maker.")]
    if outcome == Assessment.Outcome.APPROVED_WITH_CONDITIONS and not (conditions or "").strip():
        errors["conditions"] = [_("Write down the conditions of the approval.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(assessment)
        _refuse_superseded(locked)
        if locked.is_decided:
            raise ValidationError(_("This assessment has already been decided. Start a new revision to change it."))
        if locked.phase != Assessment.Phase.DECISION:
            raise ValidationError(_("Move the assessment to the decision phase before recording the decision."))
        unrated = [area.name for area in locked.areas.filter(rating="")]
        if unrated:
            raise ValidationError(
                _("Every area must be rated before the decision. Not rated: %(areas)s.") % {"areas": ", ".join(unrated)}
            )
        locked.outcome = outcome
        locked.decided_on = decided_on
        locked.decision_maker = decision_maker.strip()
        locked.conditions = (conditions or "").strip()
        locked.decision_notes = (notes or "").strip()
        locked.decision_recorded_by = by
        if locked.is_approved:
            locked.phase = Assessment.Phase.MODEL_UPDATE
        locked.version += 1
        locked.save()
        locked.actions.update(decided=True)
        _refresh_gate(locked)
    return locked


def later_phases_save(*, assessment: Assessment, by, data: dict, expected_version: int | None = None) -> Assessment:
    """The information-management-model update and follow-up: editable also after approval."""
    data = {key: value for key, value in data.items() if key in LATER_FIELDS}
    errors: dict[str, list] = {}
    _not_future(errors, "model_updated_on", data.get("model_updated_on"), _("The date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(assessment)
        _refuse_superseded(locked)
        _check_version(locked, expected_version)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        locked.version += 1
        locked.save()
    return locked


def revision_start(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Change decided content: copy the assessment into a new revision that refers to this one.
    The old revision stays readable and read-only; the new one goes back to the assessment phase
    and needs a new decision (until then the experiment's MVA gate is not passed)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the decided assessment must change.")]})
    with transaction.atomic():
        old = _lock(assessment)
        _refuse_superseded(old)
        if not old.is_decided:
            raise ValidationError(_("The assessment has not been decided yet; edit it directly."))
        new = Assessment.objects.create(
            experiment_id=old.experiment_id,
            template_version_id=old.template_version_id,
            title=old.title,
            what_changes=old.what_changes,
            background=old.background,
            assessor_id=old.assessor_id,
            participants=old.participants,
            phase=Assessment.Phase.ASSESSMENT,
            model_update_notes=old.model_update_notes,
            model_updated_on=old.model_updated_on,
            follow_up_notes=old.follow_up_notes,
            revision=old.revision + 1,
            previous=old,
            revision_reason=reason.strip(),
            created_by=by,
        )
        area_map = {}
        for area in old.areas.all():
            old_pk = area.pk
            area.pk = area.id = None
            area.assessment = new
            area.version = 1
            area.save()
            area_map[old_pk] = area
        for workshop in old.workshops.all():
            workshop.pk = workshop.id = None
            workshop.assessment = new
            workshop.save()
        for action in old.actions.all():
            action.pk = action.id = None
            action.assessment = new
            action.area = area_map.get(action.area_id)
            action.decided = False
            action.version = 1
            action.save()
        old.is_current = False
        old.version += 1
        old.save(update_fields=["is_current", "version", "updated_at"])
        _refresh_gate(new)
    return new


# --- Exemptions -----------------------------------------------------------------------------


def exemption_record(*, experiment: Experiment, by, reason: str, granted_on: datetime.date | None) -> Exemption:
    """A coordinator lets an experiment become permanent without an approved MVA, with a reason and date."""
    errors: dict[str, list] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the exemption.")]
    if not granted_on:
        errors["granted_on"] = [_("Give the date of the exemption.")]
    _not_future(errors, "granted_on", granted_on, _("The date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Experiment.objects.select_for_update().get(pk=experiment.pk)
        if Exemption.objects.active().filter(experiment=locked).exists():
            raise ValidationError(_("This experiment already has an exemption."))
        exemption = Exemption.objects.create(
            experiment=locked, reason=reason.strip(), granted_on=granted_on, granted_by=by
        )
        refresh_derived(locked)
    return exemption


def exemption_revoke(*, exemption: Exemption, by, on: datetime.date | None = None) -> Exemption:
    with transaction.atomic():
        updated = Exemption.objects.filter(pk=exemption.pk, revoked_on__isnull=True).update(
            revoked_on=on or timezone.localdate(), revoked_by=by
        )
        if not updated:
            raise ValidationError(_("This exemption has already been revoked."))
        refresh_derived(Experiment.objects.get(pk=exemption.experiment_id))
    exemption.refresh_from_db()
    return exemption
