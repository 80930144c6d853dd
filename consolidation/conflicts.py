"""What another person changed while this user was editing (for the "no lost updates" message).

Uses the audit history: the version the user started from is compared with the current row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


def changes_since(obj, version: int | None, fields: list[str]) -> list[FieldChange]:
    if version is None:
        return []
    started_from = obj.history.filter(version=version).order_by("-history_date").first()
    if started_from is None:
        return []
    changes = []
    for name in fields:
        before, after = getattr(started_from, name, None), getattr(obj, name, None)
        if before != after:
            field = obj._meta.get_field(name)
            if field.choices:
                before = dict(field.flatchoices).get(before, before)
                after = dict(field.flatchoices).get(after, after)
            changes.append(FieldChange(label=str(field.verbose_name), before=before, after=after))
    return changes


def save_versioned(form, save) -> tuple[bool, list[FieldChange]]:
    """Run `save(data, expected_version)` for a valid form with a hidden `version` field.

    On a stale edit the form keeps what this person typed, moves to the current version (so saving
    again works) and the other person's changes are returned for display. Domain errors go onto the
    form. Returns (saved, their_changes).
    """
    from django.core.exceptions import ValidationError

    from experiments.views import apply_validation_error

    from .services import StaleEdit

    version = form.cleaned_data.get("version")
    data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
    try:
        save(data, version)
    except StaleEdit as stale:
        form.add_error(None, stale)
        form.data = form.data.copy()
        form.data["version"] = stale.current.version
        return False, changes_since(stale.current, version, list(form.Meta.fields))
    except ValidationError as error:
        apply_validation_error(form, error)
        return False, []
    return True, []
