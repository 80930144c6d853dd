"""The floor: the same 50 portfolio rows from one query, rendered by a trivial template. Whatever a real page
costs above this is the price of its features (filters form, summary, table machinery, layout)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.shortcuts import render

from experiments.models import Experiment

SORTS = {"number", "-number", "name", "-name", "last_update_on", "-last_update_on", "phase", "-phase"}


def floor(request):
    queryset = Experiment.objects.select_related("team", "owner")
    if phases := request.GET.getlist("phase"):
        queryset = queryset.filter(phase__in=phases)
    if healths := request.GET.getlist("health"):
        queryset = queryset.filter(health__in=healths)
    if team := request.GET.get("team"):
        queryset = queryset.filter(team_id=team)
    if q := request.GET.get("q", "").strip():
        queryset = queryset.filter(
            Q(name_fi__icontains=q) | Q(name_en__icontains=q) | Q(summary_fi__icontains=q) | Q(summary_en__icontains=q)
        )
    sort = request.GET.get("sort", "number")
    queryset = queryset.order_by(sort if sort in SORTS else "number", "pk")
    rows = list(queryset[: settings.PORTFOLIO_PAGE_SIZE])
    return render(request, "bench/floor.html", {"rows": rows})
