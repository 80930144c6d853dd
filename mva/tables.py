"""The assessment list (django-tables2). Cells render from the row and its annotations: no per-row queries."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Assessment

OUTCOME_SYMBOLS = {"approved": "✔", "approved_with_conditions": "✔", "rejected": "✖"}


def outcome_badge(assessment: Assessment):
    """The decision as symbol + text, never colour alone."""
    if not assessment.outcome:
        if assessment.awaits_decision:
            return format_html(
                '<span class="badge mva-awaiting"><span aria-hidden="true">…</span> {}</span>', _("Awaiting decision")
            )
        return format_html('<span class="badge">{}</span>', _("Not decided yet"))
    return format_html(
        '<span class="badge mva-outcome-{}"><span aria-hidden="true">{}</span> {}</span>',
        assessment.outcome,
        OUTCOME_SYMBOLS.get(assessment.outcome, ""),
        assessment.get_outcome_display(),
    )


class AssessmentTable(tables.Table):
    caption = _("Change impact assessments")
    row_header_column = 1

    title = tables.Column(verbose_name=_("Assessment"), linkify=True)
    experiment = tables.Column(verbose_name=_("Experiment"), empty_values=(), order_by=("experiment__number",))
    phase = tables.Column(verbose_name=_("Phase"))
    outcome = tables.Column(verbose_name=_("Decision"), empty_values=())
    assessor = tables.Column(
        verbose_name=_("Responsible assessor"), order_by=("assessor__last_name", "assessor__first_name")
    )
    overdue_actions = tables.Column(verbose_name=_("Overdue actions"), attrs={"td": {"class": "num"}})

    class Meta:
        model = Assessment
        fields = ("title", "experiment", "phase", "outcome", "assessor", "overdue_actions")
        sequence = ("title", "experiment", "phase", "outcome", "assessor", "overdue_actions")
        order_by = ("-created_at",)
        attrs = {"class": "table mva-table"}
        template_name = "tables/table.html"

    def render_experiment(self, record):
        if record.experiment is None:
            return _("Outside the portfolio")
        return format_html('<a href="{}">{}</a>', record.experiment.get_absolute_url(), record.experiment)

    def render_outcome(self, record):
        return outcome_badge(record)

    def render_assessor(self, record):
        return record.assessor.display_name

    def render_overdue_actions(self, record, value):
        if not value:
            return "0"
        return format_html('<span class="badge missing"><span aria-hidden="true">!</span> {}</span>', value)
