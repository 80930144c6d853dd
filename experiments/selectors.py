"""Reads for the portfolio pages: querysets shaped so each page costs a fixed number of queries."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from .lifecycle import Phase
from .models import Experiment, Health


def portfolio_queryset() -> QuerySet[Experiment]:
    return Experiment.objects.select_related("team", "owner")


def portfolio_stamp() -> tuple:
    """Changes whenever any experiment is saved, added or deleted: the newest updated_at (every write
    path saves it) and the newest audit-history row (deletions leave one). Two index lookups, shared by
    every process, so a cached summary is never served after a change."""
    last_saved = Experiment.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    last_history = (
        Experiment.history.model.objects.order_by("-history_date").values_list("history_date", flat=True).first()
    )
    return tuple(value.isoformat() if value else "" for value in (last_saved, last_history))


def portfolio_summary(queryset: QuerySet[Experiment], today: datetime.date, stamp: tuple | None = None) -> dict:
    """The summary strip, cached per filter, day and portfolio stamp (see portfolio_stamp).

    Counting 100,000 rows by phase and health takes tens of milliseconds; the stamp costs one index
    lookup and the count the paginator needs anyway, so an unchanged portfolio is summarised once.
    """
    if stamp is None:
        return _with_labels(_summarise(queryset, today))
    key = (
        "portfolio-summary:"
        + hashlib.sha256(
            f"{queryset.query}|{today.isoformat()}|{stamp}|{settings.IDK_CONTINUITY_WARNING_DAYS}".encode()
        ).hexdigest()
    )
    summary = cache.get(key)
    if summary is None:
        summary = _summarise(queryset, today)
        cache.set(key, summary, timeout=24 * 60 * 60)
    return _with_labels(summary)


def _with_labels(counts: dict) -> dict:
    """Add the labels in the current language (the cache holds numbers only)."""
    return {
        **counts,
        "phases": [(p, Phase(p).label, counts["phase_counts"][p]) for p in Phase.values],
        "health": [(h, Health(h).label, counts["health_counts"][h]) for h in Health.values],
    }


def _summarise(queryset: QuerySet[Experiment], today: datetime.date) -> dict:
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
        "phase_counts": {p: row[f"phase_{p}"] for p in Phase.values},
        "health_counts": {h: row[f"health_{h}"] for h in Health.values},
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
