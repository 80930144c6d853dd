"""Reads for the MVA pages, shaped so each page costs a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Assessment, Exemption


def assessment_list_queryset(today: datetime.date | None = None) -> QuerySet[Assessment]:
    """Current revisions with their experiment and assessor, and counts of open and overdue actions."""
    today = today or timezone.localdate()
    return (
        Assessment.objects.current()
        .select_related("experiment", "assessor")
        .annotate(
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)),
            overdue_actions=Count("actions", filter=Q(actions__done_on__isnull=True, actions__due_date__lt=today)),
        )
    )


def active_exemptions() -> QuerySet[Exemption]:
    return Exemption.objects.active().select_related("experiment", "granted_by").order_by("experiment__number")


def assessment_detail(pk: int) -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "experiment", "assessor", "template_version", "previous", "decision_recorded_by"
    ).filter(pk=pk)


def revision_chain(assessment: Assessment) -> list[Assessment]:
    """Every revision of this assessment, oldest first (the chain is short: one row per decided change)."""
    chain = [assessment]
    node = assessment
    while node.previous_id:
        node = Assessment.objects.get(pk=node.previous_id)
        chain.insert(0, node)
    node = assessment
    while True:
        following = Assessment.objects.filter(previous=node).first()
        if following is None:
            break
        chain.append(following)
        node = following
    return chain
