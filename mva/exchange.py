"""Export an assessment as JSON (the whole assessment, importable) or as CSV (its areas and actions),
and import the JSON back as a new assessment.

People travel as user names (with name and e-mail, so an import into an empty database can create the
account, without a usable password); the experiment travels as its slug; the template version as its
number and areas (recreated if the target database does not have that version).
"""

from __future__ import annotations

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from experiments.models import Experiment

from . import services
from .models import Action, Assessment, AssessmentArea, Rating, TemplateArea, TemplateVersion, Workshop

FORMAT = "idkportal.mva.assessment"
FORMAT_VERSION = 1
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email}


def _translated(obj, field: str) -> dict:
    return {code: getattr(obj, build_localized_fieldname(field, code)) or "" for code in services.languages()}


def assessment_export(assessment: Assessment) -> dict:
    version = assessment.template_version
    areas = list(assessment.areas.all())
    area_keys = {area.pk: area.key for area in areas}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "template": {
            "number": version.number,
            "published_on": _date(version.published_on),
            "notes": version.notes,
            "areas": [
                {
                    "key": area.key,
                    "order": area.order,
                    "name": _translated(area, "name"),
                    "questions": _translated(area, "questions"),
                }
                for area in version.areas.all()
            ],
        },
        "assessment": {
            "title": assessment.title,
            "experiment": assessment.experiment.slug if assessment.experiment_id else None,
            "what_changes": assessment.what_changes,
            "background": assessment.background,
            "assessor": _person(assessment.assessor),
            "participants": assessment.participants,
            "phase": assessment.phase,
            "revision": assessment.revision,
            "revision_reason": assessment.revision_reason,
            "decision": {
                "outcome": assessment.outcome,
                "decided_on": _date(assessment.decided_on),
                "decision_maker": assessment.decision_maker,
                "conditions": assessment.conditions,
                "notes": assessment.decision_notes,
            }
            if assessment.is_decided
            else None,
            "model_update_notes": assessment.model_update_notes,
            "model_updated_on": _date(assessment.model_updated_on),
            "follow_up_notes": assessment.follow_up_notes,
        },
        "areas": [
            {
                "key": area.key,
                "order": area.order,
                "name": _translated(area, "name"),
                "questions": _translated(area, "questions"),
                "rating": area.rating,
                "description": area.description,
                "risks": area.risks,
                "model_change_needed": area.model_change_needed,
            }
            for area in areas
        ],
        "workshops": [
            {
                "held_on": _date(workshop.held_on),
                "title": workshop.title,
                "participants": workshop.participants,
                "notes": workshop.notes,
            }
            for workshop in assessment.workshops.all()
        ],
        "actions": [
            {
                "area": area_keys.get(action.area_id),
                "title": action.title,
                "responsible": _person(action.responsible),
                "due_date": _date(action.due_date),
                "done_on": _date(action.done_on),
                "progress_note": action.progress_note,
                "decided": action.decided,
            }
            for action in assessment.actions.select_related("responsible")
        ],
    }


def neutralise(value) -> str:
    """Make a CSV cell safe to open in a spreadsheet: a leading =, +, -, @ gets a single quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


CSV_HEADER = [
    "type",
    "area_key",
    "area",
    "impact",
    "model_change_needed",
    "description",
    "risks",
    "action",
    "responsible",
    "due_date",
    "done_on",
]


def assessment_csv(assessment: Assessment) -> str:
    areas = list(assessment.areas.all())
    by_pk = {area.pk: area for area in areas}
    rows = [CSV_HEADER]
    for area in areas:
        rows.append(
            [
                "area",
                area.key,
                area.name,
                area.get_rating_display() if area.rating else "",
                "yes" if area.model_change_needed else "no",
                area.description,
                area.risks,
                "",
                "",
                "",
                "",
            ]
        )
    for action in assessment.actions.select_related("responsible"):
        area = by_pk.get(action.area_id)
        rows.append(
            [
                "action",
                area.key if area else "",
                area.name if area else "",
                "",
                "",
                "",
                "",
                action.title,
                action.responsible.display_name,
                _date(action.due_date),
                _date(action.done_on) or "",
            ]
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------


def _parse_date(value, field: str, errors: list, required: bool = False) -> datetime.date | None:
    if value in (None, ""):
        if required:
            errors.append(_("Missing date: %(field)s.") % {"field": field})
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(_("Not a date: %(field)s = %(value)s.") % {"field": field, "value": value})
        return None


def _user(data, created: list):
    if not data or not data.get("username"):
        return None
    User = get_user_model()
    user = User.objects.filter(username=data["username"]).first()
    if user is None:
        user = User(
            username=data["username"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
        )
        user.set_unusable_password()
        user.save()
        created.append(user.username)
    return user


def _template_version(data: dict) -> TemplateVersion:
    version = TemplateVersion.objects.filter(number=data.get("number")).first()
    if version is not None:
        return version
    version = TemplateVersion.objects.create(
        number=data["number"],
        published_on=datetime.date.fromisoformat(data["published_on"]) if data.get("published_on") else None,
        notes=data.get("notes", ""),
    )
    for area_data in data.get("areas", []):
        area = TemplateArea(version=version, key=area_data["key"], order=area_data.get("order", 0))
        _set_translated(area, area_data)
        area.save()
    if version.published_on is None:
        version.published_on = timezone.localdate()
        version.save(update_fields=["published_on"])
    return version


def _set_translated(obj, data: dict) -> None:
    for field in services.TRANSLATED_AREA_FIELDS:
        values = data.get(field) or {}
        for code in services.languages():
            setattr(obj, build_localized_fieldname(field, code), values.get(code, ""))
        services._set_base(obj, field, values.get("fi", ""))


def assessment_import(*, data: dict, by) -> tuple[Assessment, list[str]]:
    """Create a new assessment from an export. Returns it and notes for the importer (e.g. accounts created).
    Everything is validated before anything is written; a refused import writes nothing."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not an exported change impact assessment."))
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(_("Unsupported export format version."))
    header = data.get("assessment") or {}
    errors: list[str] = []
    if not (header.get("title") or "").strip():
        errors.append(_("The assessment has no title."))
    if not (header.get("what_changes") or "").strip():
        errors.append(_("The assessment does not say what is changing."))
    if not (header.get("assessor") or {}).get("username"):
        errors.append(_("The assessment has no responsible assessor."))
    if header.get("phase") not in Assessment.Phase.values:
        errors.append(_("Unknown phase: %(phase)s.") % {"phase": header.get("phase")})
    experiment = None
    if header.get("experiment"):
        experiment = Experiment.objects.filter(slug=header["experiment"]).first()
        if experiment is None:
            errors.append(
                _(
                    "The experiment “%(slug)s” does not exist here. "
                    "Remove it from the file to import a standalone assessment."
                )
                % {"slug": header["experiment"]}
            )
    areas = data.get("areas") or []
    keys = [area.get("key") for area in areas]
    if not areas or len(set(keys)) != len(keys) or not all(keys):
        errors.append(_("The areas are missing or their keys are not unique."))
    for area in areas:
        if (area.get("rating") or "") not in [*Rating.values, ""]:
            errors.append(
                _("Area %(key)s: the impact rating “%(rating)s” is not on the scale.")
                % {"key": area.get("key"), "rating": area.get("rating")}
            )
    decision = header.get("decision")
    if decision:
        if decision.get("outcome") not in Assessment.Outcome.values:
            errors.append(_("Unknown decision outcome."))
        if any(not area.get("rating") for area in areas):
            errors.append(_("A decided assessment cannot have unrated areas."))
        _parse_date(decision.get("decided_on"), "decided_on", errors, required=True)
    for number, action in enumerate(data.get("actions") or [], start=1):
        if not (action.get("title") or "").strip():
            errors.append(_("Action %(number)s has no description.") % {"number": number})
        if not (action.get("responsible") or {}).get("username"):
            errors.append(_("Action %(number)s has no responsible person.") % {"number": number})
        _parse_date(action.get("due_date"), f"actions[{number}].due_date", errors, required=True)
        _parse_date(action.get("done_on"), f"actions[{number}].done_on", errors)
        if action.get("area") and action["area"] not in keys:
            errors.append(_("Action %(number)s refers to an unknown area.") % {"number": number})
    for number, workshop in enumerate(data.get("workshops") or [], start=1):
        _parse_date(workshop.get("held_on"), f"workshops[{number}].held_on", errors, required=True)
    _parse_date(header.get("model_updated_on"), "model_updated_on", errors)
    if "template" not in data or "number" not in data["template"]:
        errors.append(_("The template version is missing."))
    if errors:
        raise ValidationError(errors)

    notes: list[str] = []
    created_users: list[str] = []
    with transaction.atomic():
        version = _template_version(data["template"])
        assessment = Assessment.objects.create(
            experiment=experiment,
            template_version=version,
            title=header["title"].strip(),
            what_changes=header["what_changes"].strip(),
            background=header.get("background", ""),
            assessor=_user(header["assessor"], created_users),
            participants=header.get("participants", ""),
            phase=header["phase"],
            revision=header.get("revision") or 1,
            revision_reason=header.get("revision_reason", ""),
            model_update_notes=header.get("model_update_notes", ""),
            model_updated_on=_parse_date(header.get("model_updated_on"), "", []),
            follow_up_notes=header.get("follow_up_notes", ""),
            created_by=by,
        )
        if decision:
            assessment.outcome = decision["outcome"]
            assessment.decided_on = _parse_date(decision["decided_on"], "", [])
            assessment.decision_maker = decision.get("decision_maker", "")
            assessment.conditions = decision.get("conditions", "")
            assessment.decision_notes = decision.get("notes", "")
            assessment.decision_recorded_by = by
            assessment.save()
        area_rows = {}
        for area_data in areas:
            area = AssessmentArea(
                assessment=assessment,
                key=area_data["key"],
                order=area_data.get("order", 0),
                rating=area_data.get("rating") or "",
                description=area_data.get("description", ""),
                risks=area_data.get("risks", ""),
                model_change_needed=bool(area_data.get("model_change_needed")),
            )
            _set_translated(area, area_data)
            area.save()
            area_rows[area.key] = area
        for workshop in data.get("workshops") or []:
            Workshop.objects.create(
                assessment=assessment,
                held_on=_parse_date(workshop["held_on"], "", []),
                title=workshop.get("title", ""),
                participants=workshop.get("participants", ""),
                notes=workshop.get("notes", ""),
            )
        for action in data.get("actions") or []:
            Action.objects.create(
                assessment=assessment,
                area=area_rows.get(action.get("area")),
                title=action.get("title", ""),
                responsible=_user(action["responsible"], created_users),
                due_date=_parse_date(action["due_date"], "", []),
                done_on=_parse_date(action.get("done_on"), "", []),
                progress_note=action.get("progress_note", ""),
                decided=bool(action.get("decided")),
            )
        services._refresh_gate(assessment)
    if created_users:
        notes.append(
            _("User accounts created without a password: %(users)s.") % {"users": ", ".join(sorted(set(created_users)))}
        )
    return assessment, notes
