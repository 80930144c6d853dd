"""Writes to the portfolio. Views, the demo loader, e-mail actions and tasks all go through these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import lifecycle
from .models import Experiment, Health, PhaseChange, StatusUpdate

MAX_BACKDATE_DAYS = 366


def status_update_create(
    *,
    experiment: Experiment,
    author,
    health: str,
    what_happened: str,
    next_steps: str = "",
    effective_date: datetime.date | None = None,
    kind: str = StatusUpdate.Kind.UPDATE,
    allow_any_date: bool = False,
) -> StatusUpdate:
    """Append a status update and, if it is now the latest, refresh the experiment's stored status.

    `allow_any_date` is for the demo loader, which replays history from 2020–2022.
    """
    today = timezone.localdate()
    effective_date = effective_date or today
    errors: dict[str, str] = {}
    if health not in Health.values:
        errors["health"] = _("Choose a health value.")
    if not (what_happened or "").strip():
        errors["what_happened"] = _("Describe what happened.")
    if effective_date > today:
        errors["effective_date"] = _("The effective date cannot be in the future.")
    elif not allow_any_date and effective_date < today - datetime.timedelta(days=MAX_BACKDATE_DAYS):
        errors["effective_date"] = _("The effective date can be at most a year in the past.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = Experiment.objects.select_for_update().get(pk=experiment.pk)
        update = StatusUpdate.objects.create(
            experiment=locked,
            author=author,
            kind=kind,
            effective_date=effective_date,
            health=health,
            what_happened=what_happened.strip(),
            next_steps=(next_steps or "").strip(),
        )
        if locked.last_update_on is None or effective_date >= locked.last_update_on:
            locked.health = health
            locked.last_update_on = effective_date
            if kind == StatusUpdate.Kind.UPDATE or not locked.next_steps:
                locked.next_steps = update.next_steps or locked.next_steps
            locked.status_due_on = effective_date + datetime.timedelta(days=locked.status_cadence_days)
            locked.save(update_fields=["health", "last_update_on", "next_steps", "status_due_on", "updated_at"])
    experiment.refresh_from_db()
    return update


def status_confirm(*, experiment: Experiment, author, note: str = "") -> StatusUpdate:
    """'Still accurate': a confirmation that keeps the current health and resets staleness."""
    return status_update_create(
        experiment=experiment,
        author=author,
        health=experiment.health or Health.ON_TRACK,
        what_happened=note or _("Status confirmed as still accurate."),
        next_steps=experiment.next_steps,
        kind=StatusUpdate.Kind.CONFIRMATION,
    )


def experiment_change_phase(
    *,
    experiment: Experiment,
    to_phase: str,
    by,
    reason: str,
    effective_date: datetime.date | None = None,
    context: dict | None = None,
) -> PhaseChange:
    """Move an experiment through the lifecycle state machine (see experiments.lifecycle)."""
    if effective_date and effective_date > timezone.localdate():
        raise ValidationError({"effective_date": _("The effective date cannot be in the future.")})
    return lifecycle.transition(
        experiment, to_phase=to_phase, by=by, reason=reason, effective_date=effective_date, context=context
    )


def experiment_set_cadence(*, experiment: Experiment, days: int) -> None:
    """Change the cadence and move the next due date with it."""
    with transaction.atomic():
        locked = Experiment.objects.select_for_update().get(pk=experiment.pk)
        locked.status_cadence_days = days
        base = locked.last_update_on or locked.start_date or timezone.localdate()
        locked.status_due_on = base + datetime.timedelta(days=days)
        locked.save(update_fields=["status_cadence_days", "status_due_on", "updated_at"])
    experiment.refresh_from_db()
