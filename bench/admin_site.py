"""The fair baseline: the Django admin changelist of experiments with the portfolio's columns, filters,
search and page size, on its own AdminSite (bench.urls mounts it at /bench-admin/), so the project's
real ExperimentAdmin is left alone."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin

from experiments.models import Experiment


class BenchAdminSite(admin.AdminSite):
    site_header = "IDK Portal benchmark baseline"


bench_site = BenchAdminSite(name="bench_admin")


@admin.register(Experiment, site=bench_site)
class BaselineExperimentAdmin(admin.ModelAdmin):
    # The portfolio table's columns (tables.PortfolioTable), rendered from the same stored fields.
    list_display = ("number", "name", "team", "phase", "health", "owner", "last_update_on", "readiness", "marks")
    list_filter = ("phase", "health", "team")
    list_select_related = ("team", "owner")
    search_fields = ("name_fi", "name_en", "summary_fi", "summary_en")
    list_per_page = settings.PORTFOLIO_PAGE_SIZE
    ordering = ("number",)

    @admin.display(description="Readiness", ordering="readiness_done")
    def readiness(self, obj):
        return f"{obj.readiness_done}/{obj.readiness_total}"

    @admin.display(description="Warnings")
    def marks(self, obj):
        marks = [label for label, on in (("stale", obj.is_stale()), ("continuity", obj.has_continuity_risk())) if on]
        return ", ".join(marks) or "—"
