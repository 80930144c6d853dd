"""The reminder log table (django-tables2). Cells use select_related rows only: no per-row queries."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import rules as rule_registry
from .models import Message, Reminder


class ReminderTable(tables.Table):
    caption = _("Reminders sent")
    row_header_column = 1

    sent_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    recipient = tables.Column(verbose_name=_("Recipient"), order_by=("recipient__last_name", "recipient__first_name"))
    rule = tables.Column(verbose_name=_("Reminder"), empty_values=())
    experiment = tables.Column(verbose_name=_("Experiment"), linkify=True, order_by=("experiment__number",))
    sequence = tables.Column(verbose_name=_("No."), attrs={"td": {"class": "num"}})
    delivery = tables.Column(verbose_name=_("Delivery"), empty_values=(), order_by=("message__status",))
    answered = tables.Column(verbose_name=_("Answered"), empty_values=(), order_by=("answered_at",))

    class Meta:
        model = Reminder
        fields = ("sent_on", "recipient", "rule", "experiment", "sequence", "delivery", "answered")
        order_by = ("-sent_on",)
        attrs = {"class": "table reminder-table"}
        template_name = "tables/table.html"

    def render_recipient(self, record):
        return record.recipient.display_name

    def render_rule(self, record):
        rule = rule_registry.get(record.rule)
        label = rule.label if rule else record.rule
        marks = []
        if record.role == Reminder.Role.ESCALATION:
            marks.append(format_html(' <span class="badge">{}</span>', _("copy")))
        if record.escalated:
            marks.append(
                format_html(
                    ' <span class="badge mark-stale"><span aria-hidden="true">⚠</span> {}</span>', _("Escalated")
                )
            )
        return format_html("{}{}", label, format_html_join("", "{}", ((m,) for m in marks)))

    def render_delivery(self, record):
        status = record.message.status
        text = record.message.get_status_display()
        if status == Message.Status.FAILED:
            return format_html('<span class="badge missing"><span aria-hidden="true">!</span> {}</span>', text)
        return text

    def render_answered(self, record):
        if record.answered_at is None:
            return _("No")
        return format_html(
            '{} <time datetime="{}">{}</time>',
            record.get_answered_how_display() or _("Yes"),
            record.answered_at.isoformat(),
            record.answered_at.strftime("%d.%m.%Y"),
        )
