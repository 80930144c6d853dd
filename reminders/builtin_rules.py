"""The built-in reminder rules. Each is one unit with its own tests (tests/test_reminders_rules.py).

Thresholds come from settings (REMINDERS_*) and, where it makes sense, from the experiment: its status
cadence (Experiment.status_cadence_days) and its ExperimentReminderSettings overrides.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consolidation.models import ContinuationPlan, Handover, Milestone
from experiments.lifecycle import CLOSED_PHASES, Phase
from experiments.models import Experiment, StatusUpdate

from .models import ExperimentReminderSettings
from .rules import BaseRule, Candidate, SweepContext


def _date(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _path_maker(viewname: str, kwarg: str):
    """reverse() once with a placeholder, then format per row (cheap for 100k rows)."""
    marker = "0000000000" if kwarg == "pk" else "slug-placeholder"
    template = reverse(viewname, kwargs={kwarg: marker})
    return lambda value: template.replace(marker, str(value))


def _max_override(field: str, default: int) -> int:
    value = ExperimentReminderSettings.objects.aggregate(m=Max(field))["m"]
    return max(default, value or 0)


class StatusOverdue(BaseRule):
    """The owner has not posted or confirmed a status within the experiment's cadence."""

    key = "status_overdue"
    label = gettext_lazy("Status update overdue")
    confirmable = True

    def candidates(self, ctx: SweepContext):
        limit = ctx.today - datetime.timedelta(days=settings.REMINDERS_STATUS_GRACE_DAYS)
        latest_update = (
            StatusUpdate.objects.filter(experiment=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
        )
        rows = (
            Experiment.objects.stale(limit)
            .filter(owner__isnull=False)
            .annotate(acted_at=Subquery(latest_update))
            .values_list(
                "pk", "slug", "owner_id", "status_due_on", "acted_at", "reminder_settings__repeat_working_days"
            )
            .order_by("pk")
        )
        path = _path_maker("experiments:detail", "slug")
        for pk, slug, owner_id, due_on, acted_at, repeat in rows.iterator(chunk_size=2000):
            yield Candidate(
                item_key=f"experiment:{pk}",
                recipient_ids=(owner_id,),
                experiment_id=pk,
                url=path(slug),
                params={"due_on": due_on.isoformat()},
                acted_at=acted_at,
                repeat_working_days=repeat,
            )

    def describe(self, reminder) -> str:
        return _(
            "The status of “%(experiment)s” was due on %(date)s. Post an update, or confirm it is still accurate."
        ) % {
            "experiment": reminder.experiment,
            "date": _date(reminder.params.get("due_on")),
        }


class MilestoneDue(BaseRule):
    """A milestone is due within REMINDERS_MILESTONE_LEAD_DAYS, or overdue: remind the responsible person."""

    key = "milestone_due"
    label = gettext_lazy("Milestone due")

    def candidates(self, ctx: SweepContext):
        default_lead = settings.REMINDERS_MILESTONE_LEAD_DAYS
        horizon = ctx.today + datetime.timedelta(days=_max_override("milestone_lead_days", default_lead))
        rows = (
            Milestone.objects.open()
            .filter(due_date__lte=horizon)
            .exclude(experiment__phase__in=CLOSED_PHASES)
            .values_list(
                "pk",
                "title",
                "due_date",
                "responsible_id",
                "experiment_id",
                "experiment__owner_id",
                "experiment__reminder_settings__milestone_lead_days",
                "experiment__reminder_settings__repeat_working_days",
            )
            .order_by("pk")
        )
        path = _path_maker("consolidation:milestone_edit", "pk")
        for pk, title, due_date, responsible_id, experiment_id, owner_id, lead, repeat in rows.iterator(
            chunk_size=2000
        ):
            lead = default_lead if lead is None else lead
            recipient = responsible_id or owner_id
            if recipient is None or due_date > ctx.today + datetime.timedelta(days=lead):
                continue
            yield Candidate(
                item_key=f"milestone:{pk}",
                recipient_ids=(recipient,),
                experiment_id=experiment_id,
                url=path(pk),
                params={"title": title, "due_date": due_date.isoformat()},
                repeat_working_days=repeat,
            )

    def describe(self, reminder) -> str:
        due = reminder.params.get("due_date")
        values = {"title": reminder.params.get("title", ""), "experiment": reminder.experiment, "date": _date(due)}
        if due and datetime.date.fromisoformat(due) < reminder.sent_on:
            return _("Milestone “%(title)s” of “%(experiment)s” is overdue: it was due on %(date)s.") % values
        return _("Milestone “%(title)s” of “%(experiment)s” is due on %(date)s.") % values


class ReviewDue(BaseRule):
    """A post-programme review (ContinuationPlan.review_dates()) is due: remind the owner and the benefit owner.

    A review opens REMINDERS_REVIEW_LEAD_DAYS before its date and is done when the experiment gets a status
    update dated on or after that; a later review that opens replaces an earlier one that was never done.
    """

    key = "review_due"
    label = gettext_lazy("Post-programme review due")

    def candidates(self, ctx: SweepContext):
        lead = datetime.timedelta(days=settings.REMINDERS_REVIEW_LEAD_DAYS)
        end = settings.IDK_PROGRAMME_END_DATE
        rows = (
            ContinuationPlan.objects.exclude(experiment__phase__in=CLOSED_PHASES)
            .values_list(
                "review_months",
                "experiment_id",
                "experiment__slug",
                "experiment__owner_id",
                "experiment__benefit_owner_id",
                "experiment__last_update_on",
                "experiment__reminder_settings__repeat_working_days",
            )
            .order_by("pk")
        )
        path = _path_maker("experiments:detail", "slug")
        for months, experiment_id, slug, owner_id, benefit_owner_id, last_update_on, repeat in rows.iterator(
            chunk_size=2000
        ):
            dates = [end + relativedelta(months=int(m)) for m in sorted(months or settings.IDK_REVIEW_MONTHS)]
            opened = [d for d in dates if d - lead <= ctx.today]
            if not opened:
                continue
            review_on = opened[-1]
            if last_update_on is not None and last_update_on >= review_on - lead:
                continue  # reported on since the review opened
            recipients = tuple(dict.fromkeys(r for r in (owner_id, benefit_owner_id) if r))
            if not recipients:
                continue
            yield Candidate(
                item_key=f"review:{experiment_id}:{review_on.isoformat()}",
                recipient_ids=recipients,
                experiment_id=experiment_id,
                url=path(slug),
                params={"review_on": review_on.isoformat()},
                repeat_working_days=repeat,
            )

    def describe(self, reminder) -> str:
        return _(
            "The post-programme review of “%(experiment)s” is due on %(date)s. "
            "Post a status update on how the continuation plan is going."
        ) % {
            "experiment": reminder.experiment,
            "date": _date(reminder.params.get("review_on")),
        }


class HandoverUnanswered(BaseRule):
    """A handover was proposed and the receiving owner has not answered in REMINDERS_HANDOVER_ANSWER_DAYS."""

    key = "handover_unanswered"
    label = gettext_lazy("Handover waiting for your answer")

    def candidates(self, ctx: SweepContext):
        default_days = settings.REMINDERS_HANDOVER_ANSWER_DAYS
        shortest = min(
            [default_days]
            + [
                v
                for v in ExperimentReminderSettings.objects.filter(handover_answer_days__isnull=False)
                .values_list("handover_answer_days", flat=True)
                .distinct()
            ]
        )
        rows = (
            Handover.objects.filter(
                status=Handover.Status.PROPOSED, proposed_on__lte=ctx.today - datetime.timedelta(days=shortest)
            )
            .values_list(
                "pk",
                "to_user_id",
                "experiment_id",
                "proposed_on",
                "experiment__reminder_settings__handover_answer_days",
                "experiment__reminder_settings__repeat_working_days",
            )
            .order_by("pk")
        )
        path = _path_maker("consolidation:handover_answer", "pk")
        for pk, to_user_id, experiment_id, proposed_on, days, repeat in rows.iterator(chunk_size=2000):
            days = default_days if days is None else days
            if proposed_on > ctx.today - datetime.timedelta(days=days):
                continue
            yield Candidate(
                item_key=f"handover:{pk}",
                recipient_ids=(to_user_id,),
                experiment_id=experiment_id,
                url=path(pk),
                params={"proposed_on": proposed_on.isoformat()},
                repeat_working_days=repeat,
            )

    def describe(self, reminder) -> str:
        return _(
            "You were proposed as the receiving owner of “%(experiment)s” on %(date)s. Accept or decline the handover."
        ) % {
            "experiment": reminder.experiment,
            "date": _date(reminder.params.get("proposed_on")),
        }


class NoReachableOwner(BaseRule):
    """An experiment has no owner, or its owner is deactivated or their e-mail bounced: tell the staff."""

    key = "no_reachable_owner"
    label = gettext_lazy("No reachable owner")
    escalates = False  # it already goes to the coordinators and the steering group

    def candidates(self, ctx: SweepContext):
        if not ctx.staff_ids:
            return
        rows = (
            Experiment.objects.exclude(phase=Phase.STOPPED)
            .filter(
                Q(owner__isnull=True)
                | Q(owner__is_active=False)
                | Q(owner__email_bounced_at__isnull=False)
                | Q(owner__email="")
            )
            .values_list("pk", "slug", "owner_id", "owner__is_active", "reminder_settings__repeat_working_days")
            .order_by("pk")
        )
        path = _path_maker("experiments:detail", "slug")
        for pk, slug, owner_id, owner_active, repeat in rows.iterator(chunk_size=2000):
            if owner_id is None:
                reason = "unowned"
            elif not owner_active:
                reason = "inactive"
            else:
                reason = "unreachable"
            yield Candidate(
                item_key=f"experiment:{pk}",
                recipient_ids=ctx.staff_ids,
                experiment_id=pk,
                url=path(slug),
                params={"reason": reason},
                repeat_working_days=repeat,
            )

    def describe(self, reminder) -> str:
        reason = reminder.params.get("reason")
        values = {"experiment": reminder.experiment}
        if reason == "unowned":
            return _("“%(experiment)s” has no owner. Name one, or decide what happens to it.") % values
        if reason == "inactive":
            return _("The owner of “%(experiment)s” has left (the account is deactivated). Name a new owner.") % values
        return (
            _(
                "The owner of “%(experiment)s” cannot be reached: their e-mail bounces. "
                "Check the address or name a new owner."
            )
            % values
        )


BUILTIN_RULES = (StatusOverdue(), MilestoneDue(), ReviewDue(), HandoverUnanswered(), NoReachableOwner())
