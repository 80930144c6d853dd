"""Reads for the portfolio pages: querysets shaped so each page costs a fixed number of queries."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from .lifecycle import Phase
from .models import Experiment, Health


def portfolio_queryset() -> QuerySet[Experiment]:
    return Experiment.objects.select_related("team", "owner")


def portfolio_summary(queryset: QuerySet[Experiment], today: datetime.date) -> dict:
    """Counts by phase and health, unowned, stale and continuity risk in one aggregate query."""
    limit = today + datetime.timedelta(days=settings.IDK_CONTINUITY_WARNING_DAYS)
    aggregates = {f"phase_{p}": Count("pk", filter=Q(phase=p)) for p in Phase.values}
    aggregates.update({f"health_{h}": Count("pk", filter=Q(health=h)) for h in Health.values})
    aggregates.update(
        total=Count("pk"),
        health_none=Count("pk", filter=Q(health="")),
        unowned=Count("pk", filter=Q(owner__isnull=True)),
        stale=Count("pk", filter=Q(status_due_on__lt=today) & ~Q(phase=Phase.STOPPED)),
        continuity_risk=Count("pk", filter=Q(platform_end_of_support__lte=limit)),
    )
    row = queryset.order_by().aggregate(**aggregates)
    return {
        "total": row["total"],
        "phases": [(p, Phase(p).label, row[f"phase_{p}"]) for p in Phase.values],
        "health": [(h, Health(h).label, row[f"health_{h}"]) for h in Health.values],
        "health_none": row["health_none"],
        "unowned": row["unowned"],
        "stale": row["stale"],
        "continuity_risk": row["continuity_risk"],
    }


def focus_status() -> dict:
    """Experiments in active consolidation across the whole portfolio, against the focus limit."""
    active = Experiment.objects.filter(phase=Phase.CONSOLIDATING).count()
    return {"active": active, "limit": settings.IDK_FOCUS_LIMIT, "exceeded": active > settings.IDK_FOCUS_LIMIT}


def experiment_detail(slug: str) -> QuerySet[Experiment]:
    return Experiment.objects.select_related(
        "team", "owner", "receiving_owner", "benefit_owner", "receiving_unit"
    ).filter(slug=slug)
