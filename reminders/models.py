"""Reminders: per-item threads (when the next reminder is due), the reminder log, and the e-mail outbox.

* Thread — one item (rule + item key) and one person: how many reminders in a row went unanswered and
  when the next one is due (`next_due_on`, indexed; style.md habit 1).
* Reminder — one reminder of one item to one person in one digest: the log. Unique per
  (rule, item, recipient, period), so a re-run or a second sweep cannot plan it twice.
* Message — one e-mail in the outbox, unique per (kind, recipient, period: the date for daily digests,
  the ISO week for weekly ones). It is claimed atomically before it is sent (habit 2).
* ExperimentReminderSettings — per-experiment overrides of the thresholds in settings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from experiments.models import Experiment


class Thread(models.Model):
    rule = models.CharField(_("rule"), max_length=60)
    item_key = models.CharField(_("item"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sequence = models.PositiveSmallIntegerField(_("unanswered reminders in a row"), default=0)
    last_sent_on = models.DateField(_("last reminded on"), null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    next_due_on = models.DateField(_("next reminder due"), null=True, blank=True)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder thread")
        verbose_name_plural = _("reminder threads")
        constraints = [models.UniqueConstraint(fields=["rule", "item_key", "recipient"], name="reminder_thread_unique")]
        indexes = [
            models.Index(fields=["next_due_on"]),
            models.Index(fields=["rule", "sequence"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.item_key} → {self.recipient_id}"


class Message(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", _("Reminder digest")
        STEERING = "steering", _("Steering-group digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("A date, or an ISO week for weekly digests."))
    escalation = models.BooleanField(_("contains an escalation"), default=False)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("delivery"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [models.UniqueConstraint(fields=["kind", "recipient", "period"], name="reminder_message_unique")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.recipient_id} ({self.status})"


class Reminder(models.Model):
    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible person")
        ESCALATION = "escalation", _("Escalation copy")

    class Answer(models.TextChoices):
        ACTED = "acted", _("Acted on the item")
        CONFIRMED = "confirmed", _("Confirmed from the e-mail")
        SNOOZED = "snoozed", _("Snoozed")
        RESOLVED = "resolved", _("No longer needs action")

    rule = models.CharField(_("rule"), max_length=60)
    item_key = models.CharField(_("item"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=10)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders")
    experiment = models.ForeignKey(
        Experiment,
        verbose_name=_("experiment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    role = models.CharField(_("sent as"), max_length=20, choices=Role.choices, default=Role.RESPONSIBLE)
    sequence = models.PositiveSmallIntegerField(_("reminder number"), default=1)
    escalated = models.BooleanField(_("escalated"), default=False)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    sent_on = models.DateField(_("reminder date"))
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_how = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    link_action = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "item_key", "recipient", "period"], name="reminder_unique")
        ]
        indexes = [
            models.Index(fields=["experiment", "-sent_on"]),
            models.Index(fields=["sent_on"]),
            models.Index(fields=["recipient", "-sent_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.item_key} → {self.recipient_id} ({self.period})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def get_rule_label(self) -> str:
        from . import rules

        rule = rules.get(self.rule)
        return str(rule.label) if rule else self.rule


class ExperimentReminderSettings(models.Model):
    """Per-experiment overrides; empty fields use the settings (the status cadence is on Experiment)."""

    experiment = models.OneToOneField(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="reminder_settings"
    )
    repeat_working_days = models.PositiveSmallIntegerField(
        _("repeat reminders every (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    milestone_lead_days = models.PositiveSmallIntegerField(
        _("remind of milestones this many days ahead"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(90)],
    )
    handover_answer_days = models.PositiveSmallIntegerField(
        _("days to answer a handover before a reminder"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("reminder settings of an experiment")
        verbose_name_plural = _("reminder settings of experiments")

    def __str__(self) -> str:
        return str(self.experiment)


class DigestSnapshot(models.Model):
    """Readiness of every experiment when a week's steering-group digest was planned (for "readiness changes")."""

    week = models.CharField(max_length=10, unique=True)
    taken_on = models.DateField()
    readiness = models.JSONField(default=dict)  # {experiment id: readiness_done}

    class Meta:
        ordering = ["-week"]

    def __str__(self) -> str:
        return self.week
