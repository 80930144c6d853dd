"""A readable change timeline from the audit history (django-simple-history).

Every tracked model keeps a history row per save and delete with who and when; this module turns the
rows of one experiment and everything hanging off it into "who changed what, from what to what".
One query per tracked model, whatever the history's length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

# (app label, model name, lookup from the historical row to the experiment's pk, field naming the object)
TRACKED = [
    ("experiments", "Experiment", "id", None),
    ("consolidation", "ContinuationPlan", "experiment_id", None),
    ("consolidation", "Milestone", "experiment_id", "title"),
    ("consolidation", "Handover", "experiment_id", "status"),
    ("consolidation", "Decision", "experiment_id", "kind"),
    ("mva", "Assessment", "experiment_id", "title"),
    ("mva", "Exemption", "experiment_id", "reason"),
]
# Bookkeeping, and values derived from the status log (which has its own timeline).
SKIP_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "approved_snapshot",
    "awaiting_decision",
    "updated_by",
    "health",
    "last_update_on",
    "next_steps",
    "status_due_on",
    "platform_end_of_support",
}
ACTION_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime.datetime
    who: object
    what: str
    action: str
    object_label: str
    changes: list[Change] = field(default_factory=list)


def _display(record, model_field, related: dict) -> str:
    value = getattr(record, model_field.attname, None)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation:
        # Resolved in bulk by _related_objects; a deleted row shows its id.
        value = related.get((model_field.related_model, value), f"#{value}")
    return Truncator(str(value)).chars(120)


def _related_objects(rows, fields) -> dict:
    """Fetch every related object the rows point at, one query per related model."""
    wanted: dict = {}
    for model_field in fields:
        if model_field.is_relation:
            ids = {getattr(row, model_field.attname) for row in rows} - {None}
            wanted.setdefault(model_field.related_model, set()).update(ids)
    related = {}
    for related_model, ids in wanted.items():
        if ids:
            for pk, obj in related_model._default_manager.in_bulk(ids).items():
                related[(related_model, pk)] = obj
    return related


def _tracked_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in SKIP_FIELDS and not f.name.startswith("history_")
    ]


def experiment_timeline(experiment, limit: int = 100) -> list[Entry]:
    """The newest `limit` changes to the experiment and its plan, milestones, handovers, decisions, MVAs."""
    entries: list[Entry] = []
    for app_label, model_name, lookup, label_field in TRACKED:
        if not apps.is_installed(app_label):
            continue
        model = apps.get_model(app_label, model_name)
        if not hasattr(model, "history"):
            continue
        history_model = model.history.model
        rows = list(
            history_model.objects.filter(**{lookup: experiment.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        fields = _tracked_fields(model)
        related = _related_objects(rows, fields)
        label_model_field = model._meta.get_field(label_field) if label_field else None
        previous_by_object: dict = {}
        for row in rows:
            previous = previous_by_object.get(row.id)
            changes = []
            if previous is not None and row.history_type == "~":
                for model_field in fields:
                    before, after = _display(previous, model_field, related), _display(row, model_field, related)
                    if before != after:
                        changes.append(Change(str(model_field.verbose_name), before, after))
                if not changes:
                    previous_by_object[row.id] = row
                    continue
            previous_by_object[row.id] = row
            entries.append(
                Entry(
                    when=row.history_date,
                    who=row.history_user,
                    what=str(model._meta.verbose_name),
                    action=str(ACTION_LABELS.get(row.history_type, row.history_type)),
                    object_label=_display(row, label_model_field, related) if label_model_field else "",
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
