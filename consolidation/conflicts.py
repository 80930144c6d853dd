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
