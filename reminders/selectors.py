"""Reads for reminders: the log, an experiment's reminder history, bouncing addresses, the steering digest."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet

from consolidation.models import ContinuationPlan, Milestone
from experiments.lifecycle import Phase
from experiments.models import Experiment

from . import workdays
from .models import DigestSnapshot, Reminder, Thread

DIGEST_LIST_LIMIT = 20


def reminder_log() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("recipient", "experiment", "message", "thread__recipient")


def history_for_experiment(experiment, limit: int = 50) -> list[Reminder]:
    """The experiment's reminders, newest first (for templates/reminders/experiment_history.html)."""
    return list(
        Reminder.objects.filter(experiment=experiment)
        .select_related("recipient", "message")
        .order_by("-sent_on", "-id")[:limit]
    )


def bouncing_users() -> QuerySet:
    return get_user_model().objects.filter(email_bounced_at__isnull=False).order_by("-email_bounced_at")


def _ids(queryset, limit: int = DIGEST_LIST_LIMIT) -> dict:
    return {"count": queryset.count(), "ids": list(queryset.values_list("pk", flat=True)[:limit])}


def steering_digest_data(day: datetime.date) -> dict:
    """The week's figures for the steering group, as ids and counts (JSON, stored on the outbox row)."""
    active = Experiment.objects.exclude(phase=Phase.STOPPED)
    unowned = active.filter(owner__isnull=True).order_by("number", "pk")
    stale = Experiment.objects.stale(day).order_by("status_due_on", "pk")
    overdue = Milestone.objects.overdue(day).exclude(experiment__phase=Phase.STOPPED).order_by("due_date", "pk")
    escalated_ids = (
        Thread.objects.filter(escalated_at__isnull=False, sequence__gt=0, experiment__isnull=False)
        .values_list("experiment_id", flat=True)
        .distinct()
    )
    escalated = Experiment.objects.filter(pk__in=escalated_ids).order_by("number", "pk")
    ready = active.filter(
        phase=Phase.CONSOLIDATING, readiness_total__gt=0, readiness_done=F("readiness_total")
    ).values_list("pk", flat=True)
    plans = ContinuationPlan.objects.filter(Q(submitted_on__isnull=False) | Q(approved_on__isnull=False))
    # awaits_approval() reads the plan's substance and the experiment's receiving unit: load only those (the
    # experiment's other columns were most of this digest's time at 100k experiments).
    plans = plans.select_related("experiment").only(
        "experiment__receiving_unit",
        "submitted_on",
        "approved_on",
        "approved_snapshot",
        *ContinuationPlan.SUBSTANCE_FIELDS,
    )
    plan_ids = [plan.experiment_id for plan in plans.iterator(chunk_size=500) if plan.awaits_approval()]
    awaiting = Experiment.objects.filter(Q(pk__in=plan_ids) | Q(pk__in=ready)).order_by("number", "pk")

    week = workdays.iso_week(day)
    current = dict(Experiment.objects.values_list("pk", "readiness_done").iterator(chunk_size=5000))
    snapshot, _created = DigestSnapshot.objects.get_or_create(
        week=week, defaults={"taken_on": day, "readiness": {str(k): v for k, v in current.items()}}
    )
    previous = DigestSnapshot.objects.filter(week__lt=week).order_by("-week").first()
    changes = []
    if previous is not None:
        this_week = snapshot.readiness
        for key, done in this_week.items():
            before = previous.readiness.get(key)
            if before is not None and before != done:
                changes.append([int(key), before, done])
        changes.sort()
    return {
        "day": day.isoformat(),
        "week": week,
        "since": previous.taken_on.isoformat() if previous else None,
        "unowned": _ids(unowned),
        "stale": _ids(stale),
        "overdue_milestones": _ids(overdue),
        "escalated": _ids(escalated),
        "awaiting_decision": _ids(awaiting),
        "readiness_changes": {"count": len(changes), "rows": changes[:DIGEST_LIST_LIMIT]},
    }
