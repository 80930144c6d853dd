"""Reads for consolidation pages: the meeting pack and My work. Each section is one query,
so the pages cost the same number of queries however large the portfolio is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from experiments.lifecycle import Phase
from experiments.models import Experiment, PhaseChange, StatusUpdate
from experiments.selectors import focus_status

from .models import Decision, Handover, Meeting, Milestone

PACK_LIST_LIMIT = 200  # a pack lists at most this many rows per section; counts are always exact


def _experiments() -> QuerySet[Experiment]:
    return Experiment.objects.select_related("owner", "team").exclude(phase=Phase.STOPPED)


def awaiting_decision(today: datetime.date) -> QuerySet[Experiment]:
    """Plans submitted or changed since approval, consolidating experiments that are ready to be made
    permanent, and experiments whose decision follow-up date has come."""
    follow_ups = Decision.objects.filter(follow_up_on__lte=today, revoked_by__isnull=True).values("experiment_id")
    ready = Q(phase=Phase.CONSOLIDATING, readiness_total__gt=0, readiness_done=F("readiness_total"))
    return (
        _experiments()
        .filter(Q(continuation_plan__awaiting_decision=True) | Q(pk__in=follow_ups) | ready)
        .select_related("continuation_plan")
    )


def _awaiting_list(today: datetime.date) -> list[Experiment]:
    result = list(awaiting_decision(today)[:PACK_LIST_LIMIT])
    for experiment in result:
        plan = getattr(experiment, "continuation_plan", None)
        plan_waiting = plan is not None and plan.awaiting_decision
        ready = experiment.phase == Phase.CONSOLIDATING and experiment.readiness_done == experiment.readiness_total
        experiment.awaiting_reasons = {"plan": plan_waiting, "ready": ready, "follow_up": not (plan_waiting or ready)}
    return result


@dataclass
class MeetingPack:
    meeting: Meeting
    since: datetime.date | None
    today: datetime.date
    status_updates: list = field(default_factory=list)
    phase_changes: list = field(default_factory=list)
    milestones_done: list = field(default_factory=list)
    handovers: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    awaiting: list = field(default_factory=list)
    unowned: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    overdue_milestones: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    continuity: list = field(default_factory=list)
    focus: dict = field(default_factory=dict)

    @property
    def changes_count(self) -> int:
        return len(self.status_updates) + len(self.phase_changes) + len(self.milestones_done) + len(self.handovers)


def meeting_pack(meeting: Meeting) -> MeetingPack:
    """Everything the steering group needs for this meeting, as of the meeting date.

    "Since the previous meeting" means effective dates after the previous meeting's date, up to and
    including this meeting's date (or everything up to it for the first meeting).
    """
    previous = meeting.previous()
    since = previous.date if previous else None
    until = meeting.date
    today = min(until, timezone.localdate())  # a future meeting's pack shows today's situation

    def window(queryset, field_name):
        queryset = queryset.filter(**{f"{field_name}__lte": until})
        if since:
            queryset = queryset.filter(**{f"{field_name}__gt": since})
        return queryset

    experiments = _experiments()
    limit = today + datetime.timedelta(days=settings.IDK_CONTINUITY_WARNING_DAYS)
    return MeetingPack(
        meeting=meeting,
        since=since,
        today=today,
        status_updates=list(
            window(StatusUpdate.objects.select_related("experiment", "author"), "effective_date")[:PACK_LIST_LIMIT]
        ),
        phase_changes=list(
            window(PhaseChange.objects.select_related("experiment", "changed_by"), "effective_date")[:PACK_LIST_LIMIT]
        ),
        milestones_done=list(
            window(Milestone.objects.select_related("experiment", "responsible"), "done_on")[:PACK_LIST_LIMIT]
        ),
        handovers=list(
            window(Handover.objects.select_related("experiment", "to_user", "proposed_by"), "proposed_on")[
                :PACK_LIST_LIMIT
            ]
        ),
        decisions=list(
            Decision.objects.filter(meeting=meeting).select_related(
                "experiment", "recorded_by", "revokes", "revoked_by"
            )[:PACK_LIST_LIMIT]
        ),
        awaiting=_awaiting_list(today),
        unowned=list(experiments.filter(owner__isnull=True)[:PACK_LIST_LIMIT]),
        stale=list(experiments.filter(status_due_on__lt=today)[:PACK_LIST_LIMIT]),
        overdue_milestones=list(
            Milestone.objects.overdue(today)
            .exclude(experiment__phase=Phase.STOPPED)
            .select_related("experiment", "responsible")[:PACK_LIST_LIMIT]
        ),
        at_risk=list(experiments.filter(health__in=["at_risk", "off_track"])[:PACK_LIST_LIMIT]),
        continuity=list(experiments.filter(platform_end_of_support__lte=limit)[:PACK_LIST_LIMIT]),
        focus=focus_status(),
    )


@dataclass
class WorkItem:
    kind: str  # "status", "milestone", "handover", "review"
    due: datetime.date | None
    experiment: Experiment
    obj: object = None
    roles: tuple = ()

    @property
    def sort_key(self):
        return (self.due or datetime.date.max, self.kind, self.experiment.pk)


def my_work(user, today: datetime.date | None = None) -> dict:
    """Every experiment, milestone, handover and review where the user has a part, due first."""
    today = today or timezone.localdate()
    mine = Q(owner=user) | Q(receiving_owner=user) | Q(benefit_owner=user)
    experiments = list(
        Experiment.objects.filter(mine)
        .exclude(phase=Phase.STOPPED)
        .select_related("continuation_plan", "team")
        .order_by("status_due_on", "number")
    )
    items: list[WorkItem] = []
    for experiment in experiments:
        roles = tuple(
            role
            for role, user_id in (
                ("owner", experiment.owner_id),
                ("receiving_owner", experiment.receiving_owner_id),
                ("benefit_owner", experiment.benefit_owner_id),
            )
            if user_id == user.pk
        )
        if "owner" in roles or "receiving_owner" in roles:
            items.append(WorkItem("status", experiment.status_due_on, experiment, roles=roles))
        plan = getattr(experiment, "continuation_plan", None)
        if plan is not None and ("owner" in roles or "benefit_owner" in roles):
            upcoming = [d for d in plan.review_dates() if d >= today - datetime.timedelta(days=31)]
            if upcoming:
                items.append(WorkItem("review", upcoming[0], experiment, roles=roles))
    milestones = (
        Milestone.objects.open()
        .filter(Q(responsible=user) | Q(experiment__owner=user) | Q(experiment__receiving_owner=user))
        .exclude(experiment__phase=Phase.STOPPED)
        .select_related("experiment", "responsible")
    )
    for milestone in milestones:
        items.append(WorkItem("milestone", milestone.due_date, milestone.experiment, obj=milestone))
    handovers = (
        Handover.objects.filter(status=Handover.Status.PROPOSED)
        .filter(Q(to_user=user) | Q(experiment__owner=user))
        .select_related("experiment", "to_user")
    )
    for handover in handovers:
        items.append(WorkItem("handover", handover.proposed_on, handover.experiment, obj=handover))
    items.sort(key=lambda item: item.sort_key)
    return {"items": items, "experiments": experiments, "today": today}
