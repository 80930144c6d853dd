"""The experiment lifecycle as an explicit state machine: the only place where a phase may change.

    idea → concept → pilot → consolidating → permanent
    any active phase → paused (resumes to the phase it was paused from) → …
    any phase but stopped → stopped

Every change is recorded as a PhaseChange with who, why and the real-world effective date.
Other apps add *guards* (e.g. consolidation reserves permanent/stopped for steering-group decisions
and checks the readiness gates) with `register_guard`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Experiment, PhaseChange


class Phase(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concept")
    PILOT = "pilot", _("Pilot")
    CONSOLIDATING = "consolidating", _("Consolidating")
    PERMANENT = "permanent", _("Permanent")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


MAIN_LINE = [Phase.IDEA, Phase.CONCEPT, Phase.PILOT, Phase.CONSOLIDATING, Phase.PERMANENT]
ACTIVE_PHASES = frozenset({Phase.IDEA, Phase.CONCEPT, Phase.PILOT, Phase.CONSOLIDATING})
CLOSED_PHASES = frozenset({Phase.PERMANENT, Phase.STOPPED})

# Forward moves along the main line; pausing and stopping are added below.
_FORWARD = {
    Phase.IDEA: Phase.CONCEPT,
    Phase.CONCEPT: Phase.PILOT,
    Phase.PILOT: Phase.CONSOLIDATING,
    Phase.CONSOLIDATING: Phase.PERMANENT,
}

# A guard gets (experiment, target phase, context dict) and returns error messages (empty = allowed).
Guard = Callable[["Experiment", str, dict], list[str]]
_guards: list[Guard] = []


def register_guard(guard: Guard) -> Guard:
    """Register a guard that every transition must pass; usable as a decorator."""
    if guard not in _guards:
        _guards.append(guard)
    return guard


def allowed_targets(experiment: Experiment) -> list[str]:
    """The phases the state machine lets this experiment move to next (before guards)."""
    phase = experiment.phase
    if phase == Phase.STOPPED:
        return []
    if phase == Phase.PAUSED:
        resume_to = experiment.paused_from_phase()
        return [p for p in (resume_to, Phase.STOPPED) if p]
    targets = []
    if phase in _FORWARD:
        targets.append(_FORWARD[phase])
    if phase in ACTIVE_PHASES:
        targets.append(Phase.PAUSED)
    targets.append(Phase.STOPPED)
    return targets


def check_transition(experiment: Experiment, to_phase: str, context: dict | None = None) -> list[str]:
    """All reasons why this transition is refused; an empty list means it may go ahead."""
    context = context or {}
    if to_phase not in Phase.values:
        return [str(_("Unknown phase “%(phase)s”.") % {"phase": to_phase})]
    if to_phase == experiment.phase:
        return [str(_("The experiment is already in this phase."))]
    if to_phase not in allowed_targets(experiment):
        return [
            str(
                _("An experiment cannot move from “%(from)s” to “%(to)s”.")
                % {"from": Phase(experiment.phase).label, "to": Phase(to_phase).label}
            )
        ]
    errors: list[str] = []
    for guard in _guards:
        errors.extend(guard(experiment, to_phase, context))
    return errors


def transition(
    experiment: Experiment,
    *,
    to_phase: str,
    by,
    reason: str,
    effective_date: datetime.date | None = None,
    context: dict | None = None,
    force: bool = False,
) -> PhaseChange:
    """Move the experiment to `to_phase`, or raise ValidationError with every reason it is refused.

    `force` skips the graph and guards; it exists only for revoking a steering-group decision,
    which restores the phase that decision changed.
    """
    from .models import Experiment, PhaseChange

    effective_date = effective_date or timezone.localdate()
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the phase change.")})
    with transaction.atomic():
        locked = Experiment.objects.select_for_update().get(pk=experiment.pk)
        if not force:
            errors = check_transition(locked, to_phase, context)
            if errors:
                raise ValidationError(errors)
        if locked.phase_changed_on and effective_date < locked.phase_changed_on:
            raise ValidationError(
                {
                    "effective_date": _(
                        "The effective date cannot be earlier than the previous phase change (%(date)s)."
                    )
                    % {"date": locked.phase_changed_on.strftime("%d.%m.%Y")}
                }
            )
        change = PhaseChange.objects.create(
            experiment=locked,
            from_phase=locked.phase,
            to_phase=to_phase,
            effective_date=effective_date,
            changed_by=by,
            reason=reason.strip(),
        )
        locked.phase = to_phase
        locked.phase_changed_on = effective_date
        locked.version += 1
        locked._change_reason = reason.strip()[:100]  # the full reason is on the PhaseChange
        locked.save(update_fields=["phase", "phase_changed_on", "version", "updated_at"])
    experiment.refresh_from_db()
    return change
