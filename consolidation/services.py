"""Writes for the consolidation workflow. Every function validates first, then writes in one
transaction, so a refused action changes nothing. Views, the demo loader and e-mail actions call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experiments import lifecycle
from experiments.derived import refresh_derived
from experiments.lifecycle import Phase
from experiments.models import Experiment

from .models import ContinuationPlan, Decision, Handover, Meeting, Milestone, SuccessIndicator

PLAN_FIELDS = (
    "intended_outcome",
    "target_state",
    "person_years_needed",
    "person_years_secured",
    "euros_needed",
    "euros_secured",
    "funding_source",
    "in_budget_proposal",
    "commitment_by",
    "commitment_on",
    "platform",
    "platform_end_of_support",
    "platform_alternative",
    "roadmap_theme",
    "review_months",
)

# Decisions that move the experiment through the lifecycle, and where to.
DECISION_PHASES = {
    Decision.Kind.MAKE_PERMANENT: Phase.PERMANENT,
    Decision.Kind.STOP: Phase.STOPPED,
    Decision.Kind.PAUSE: Phase.PAUSED,
}


class StaleEdit(ValidationError):
    """Someone else saved the object after this user opened it (optimistic locking)."""

    def __init__(self, current):
        super().__init__(
            _("Someone else saved this in the meantime. Their changes are shown below; yours are kept in the form.")
        )
        self.current = current


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleEdit(obj)


# --- Continuation plan ----------------------------------------------------------------------


def plan_get_or_new(experiment: Experiment) -> ContinuationPlan:
    try:
        return experiment.continuation_plan
    except Experiment.continuation_plan.RelatedObjectDoesNotExist:
        return ContinuationPlan(experiment=experiment)


def plan_save(
    *, experiment: Experiment, by, data: dict, expected_version: int | None = None, receiving_unit=None
) -> ContinuationPlan:
    """Create or update the continuation plan (and the experiment's receiving unit, which is part of it)."""
    errors = {}
    for needed, secured in (("person_years_needed", "person_years_secured"), ("euros_needed", "euros_secured")):
        for field in (needed, secured):
            value = data.get(field)
            if value is not None and value < 0:
                errors[field] = _("Enter zero or a positive amount.")
    commitment_on = data.get("commitment_on")
    if commitment_on and commitment_on > timezone.localdate():
        errors["commitment_on"] = _("The commitment date cannot be in the future.")
    months = data.get("review_months")
    if months is not None and any((not isinstance(m, int)) or m < 1 or m > 120 for m in months):
        errors["review_months"] = _("Give review months as whole numbers from 1 to 120.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked_experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
        try:
            plan = ContinuationPlan.objects.select_for_update().get(experiment=locked_experiment)
        except ContinuationPlan.DoesNotExist:
            plan = ContinuationPlan(experiment=locked_experiment)
        else:
            _check_version(plan, expected_version)
            plan.version += 1
        for field in PLAN_FIELDS:
            if field in data:
                setattr(plan, field, data[field])
        plan.updated_by = by
        plan.full_clean(exclude=["experiment"])
        plan.save()
        if receiving_unit is not None or "receiving_unit" in data:
            unit = data.get("receiving_unit", receiving_unit)
            if locked_experiment.receiving_unit_id != (unit.pk if unit else None):
                locked_experiment.receiving_unit = unit
                locked_experiment.version += 1
                locked_experiment.save(update_fields=["receiving_unit", "version", "updated_at"])
        plan.experiment = locked_experiment
        refresh_derived(locked_experiment)
    return plan


def plan_submit(*, plan: ContinuationPlan, by, on: datetime.date | None = None) -> ContinuationPlan:
    if not plan.target_state.strip():
        raise ValidationError({"target_state": _("Describe the target state before submitting the plan.")})
    plan.submitted_on = on or timezone.localdate()
    plan.updated_by = by
    plan.save(update_fields=["submitted_on", "updated_by", "updated_at"])
    refresh_derived(plan.experiment)
    return plan


def indicators_replace(*, plan: ContinuationPlan, rows: Iterable[dict]) -> None:
    with transaction.atomic():
        plan.indicators.all().delete()
        SuccessIndicator.objects.bulk_create(SuccessIndicator(plan=plan, **row) for row in rows)


# --- Milestones -----------------------------------------------------------------------------


def milestone_save(
    *, experiment: Experiment, by, data: dict, milestone: Milestone | None = None, expected_version: int | None = None
) -> Milestone:
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the milestone a name.")
    if not data.get("due_date"):
        errors["due_date"] = _("Give a due date.")
    done_on = data.get("done_on")
    if done_on and done_on > timezone.localdate():
        errors["done_on"] = _("The done date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if milestone is None:
            milestone = Milestone(experiment=experiment)
        else:
            milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, experiment=experiment)
            _check_version(milestone, expected_version)
            milestone.version += 1
        for field in ("title", "due_date", "responsible", "done_on", "note"):
            if field in data:
                setattr(milestone, field, data[field])
        milestone.title = milestone.title.strip()
        milestone.save()
    return milestone


def milestone_mark_done(*, milestone: Milestone, by, on: datetime.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"done_on": _("The done date cannot be in the future.")})
    updated = Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
        done_on=on, version=milestone.version + 1
    )
    milestone.refresh_from_db()
    if not updated and milestone.done_on is None:
        raise ValidationError(_("The milestone could not be marked done."))
    return milestone


# --- Handover -------------------------------------------------------------------------------


def handover_propose(*, experiment: Experiment, by, message: str = "", on: datetime.date | None = None) -> Handover:
    """Propose that the experiment's receiving owner takes the result on."""
    if experiment.receiving_owner_id is None:
        raise ValidationError(_("Name a receiving owner before proposing a handover."))
    if experiment.receiving_owner_id == experiment.owner_id:
        raise ValidationError(_("The receiving owner already owns this experiment."))
    if experiment.phase in lifecycle.CLOSED_PHASES:
        raise ValidationError(_("A handover cannot be proposed for a permanent or stopped experiment."))
    with transaction.atomic():
        Experiment.objects.select_for_update().get(pk=experiment.pk)
        if experiment.handovers.filter(status=Handover.Status.PROPOSED).exists():
            raise ValidationError(_("A handover is already waiting for an answer."))
        handover = Handover.objects.create(
            experiment=experiment,
            proposed_by=by,
            to_user=experiment.receiving_owner,
            proposed_on=on or timezone.localdate(),
            message=message.strip(),
        )
    return handover


def handover_answer(
    *, handover: Handover, by, accept: bool, reason: str = "", on: datetime.date | None = None
) -> Handover:
    """Accept (the receiving owner becomes the owner) or decline with a reason."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"answer_reason": _("Tell the owner why you decline.")})
    on = on or timezone.localdate()
    if on < handover.proposed_on:
        raise ValidationError({"answered_on": _("The answer cannot be dated before the proposal.")})
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.status != Handover.Status.PROPOSED:
            raise ValidationError(_("This handover has already been answered."))
        locked.status = Handover.Status.ACCEPTED if accept else Handover.Status.DECLINED
        locked.answered_on = on
        locked.answer_reason = reason
        locked.save()
        experiment = Experiment.objects.select_for_update().get(pk=locked.experiment_id)
        if accept:
            experiment.owner = locked.to_user
            experiment.version += 1
            experiment._change_reason = "handover accepted"
            experiment.save(update_fields=["owner", "version", "updated_at"])
        refresh_derived(experiment)
    handover.refresh_from_db()
    return handover


def handover_withdraw(*, handover: Handover, by) -> Handover:
    updated = Handover.objects.filter(pk=handover.pk, status=Handover.Status.PROPOSED).update(
        status=Handover.Status.WITHDRAWN, answered_on=timezone.localdate()
    )
    if not updated:
        raise ValidationError(_("This handover has already been answered."))
    handover.refresh_from_db()
    return handover


# --- Decisions ------------------------------------------------------------------------------


def decision_record(
    *,
    kind: str,
    by,
    rationale: str,
    decided_on: datetime.date | None = None,
    experiment: Experiment | None = None,
    meeting: Meeting | None = None,
    conditions: str = "",
    follow_up_on: datetime.date | None = None,
    transfer_to=None,
    revokes: Decision | None = None,
) -> Decision:
    """Record a steering-group decision and write its effect back onto the experiment."""
    decided_on = decided_on or (meeting.date if meeting else timezone.localdate())
    errors: dict[str, list[str]] = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    if kind not in Decision.Kind.values:
        error("kind", _("Choose a decision type."))
    if not (rationale or "").strip():
        error("rationale", _("Give the rationale for the decision."))
    if decided_on > timezone.localdate():
        error("decided_on", _("The decision date cannot be in the future."))
    if follow_up_on and follow_up_on < decided_on:
        error("follow_up_on", _("The follow-up date cannot be before the decision date."))
    if experiment is None and kind != Decision.Kind.CONTINUE:
        error("experiment", _("This decision needs an experiment."))
    if kind == Decision.Kind.TRANSFER and transfer_to is None:
        error("transfer_to", _("Choose the unit the experiment is transferred to."))
    if kind == Decision.Kind.REVOKE:
        if revokes is None:
            error("revokes", _("Choose the decision to revoke."))
        elif revokes.experiment_id != (experiment.pk if experiment else None):
            error("revokes", _("The revoked decision must concern the same experiment."))
        elif revokes.kind == Decision.Kind.REVOKE:
            error("revokes", _("A revocation cannot itself be revoked; record a new decision instead."))
        elif Decision.objects.filter(revokes=revokes).exists():
            error("revokes", _("That decision has already been revoked."))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = Experiment.objects.select_for_update().get(pk=experiment.pk) if experiment else None
        if locked is not None and locked.phase == Phase.STOPPED and kind != Decision.Kind.REVOKE:
            raise ValidationError(
                {"kind": [_("The experiment is stopped: the only decision allowed is to revoke the stop.")]}
            )
        decision = Decision(
            experiment=locked,
            meeting=meeting,
            kind=kind,
            decided_on=decided_on,
            rationale=rationale.strip(),
            conditions=(conditions or "").strip(),
            follow_up_on=follow_up_on,
            transfer_to=transfer_to,
            revokes=revokes,
            recorded_by=by,
        )
        if locked is not None:
            decision.phase_change = _apply_decision(decision, locked, by)
        decision.save()
        if locked is not None:
            locked.refresh_from_db()
            refresh_derived(locked)
    return decision


def _apply_decision(decision: Decision, experiment: Experiment, by):
    """Write the decision's effect; return the PhaseChange it made, if any. Raises ValidationError to refuse."""
    kind = decision.kind
    reason = _("Steering-group decision: %(kind)s. %(rationale)s") % {
        "kind": decision.get_kind_display(),
        "rationale": decision.rationale,
    }
    context = {"decision": decision}
    if kind in DECISION_PHASES:
        return _transition(experiment, DECISION_PHASES[kind], by, reason, decision.decided_on, context)
    if kind == Decision.Kind.RESUME:
        if experiment.phase != Phase.PAUSED:
            raise ValidationError({"kind": [_("Only a paused experiment can be resumed.")]})
        return _transition(experiment, experiment.paused_from_phase(), by, reason, decision.decided_on, context)
    if kind == Decision.Kind.APPROVE_PLAN:
        plan = plan_get_or_new(experiment)
        if plan.pk is None:
            raise ValidationError({"kind": [_("The experiment has no continuation plan to approve.")]})
        plan.approved_on = decision.decided_on
        plan.approved_snapshot = plan.substance()
        plan.version += 1
        plan.save(update_fields=["approved_on", "approved_snapshot", "version", "updated_at"])
        return None
    if kind == Decision.Kind.TRANSFER:
        experiment.receiving_unit = decision.transfer_to
        experiment.version += 1
        experiment.save(update_fields=["receiving_unit", "version", "updated_at"])
        return None
    if kind == Decision.Kind.REVOKE:
        return _revert(decision.revokes, experiment, by, reason, decision.decided_on)
    return None  # CONTINUE: recorded, no state change


def _transition(experiment, to_phase, by, reason, on, context):
    try:
        return lifecycle.transition(
            experiment, to_phase=to_phase, by=by, reason=reason, effective_date=on, context=context
        )
    except ValidationError as error:
        raise ValidationError({"kind": error.messages}) from error


def _revert(revoked: Decision, experiment: Experiment, by, reason: str, on):
    """Undo what the revoked decision did: restore its phase, or withdraw its plan approval."""
    if revoked.phase_change is not None:
        change = revoked.phase_change
        if experiment.phase != change.to_phase:
            raise ValidationError(
                {"revokes": [_("The phase has changed since that decision; it can no longer be revoked.")]}
            )
        return lifecycle.transition(
            experiment, to_phase=change.from_phase, by=by, reason=reason, effective_date=on, force=True
        )
    if revoked.kind == Decision.Kind.APPROVE_PLAN:
        plan = plan_get_or_new(experiment)
        if plan.pk:
            plan.approved_on = None
            plan.approved_snapshot = {}
            plan.version += 1
            plan.save(update_fields=["approved_on", "approved_snapshot", "version", "updated_at"])
    return None


# --- Meetings -------------------------------------------------------------------------------


def meeting_create(*, date: datetime.date, by, title: str = "", attendees=(), notes: str = "") -> Meeting:
    if Meeting.objects.filter(date=date).exists():
        raise ValidationError({"date": _("There is already a meeting on this date.")})
    with transaction.atomic():
        meeting = Meeting.objects.create(date=date, title=title.strip(), notes=notes, created_by=by)
        meeting.attendees.set(attendees)
    return meeting
