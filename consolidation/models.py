"""Consolidation: turning what worked into permanent, owned, resourced operation.

People (owner, receiving owner, benefit owner) live on experiments.Experiment; this app adds the
continuation plan, milestones, handovers, steering-group decisions and review meetings.
Writes go through consolidation.services; readiness is computed by consolidation.readiness.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from experiments.models import Experiment, OrgUnit, PhaseChange

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class RoadmapTheme(models.Model):
    """A theme of the city's digital roadmap (digitiekartta), to tie follow-up to it."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("digital roadmap theme")
        verbose_name_plural = _("digital roadmap themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContinuationPlan(models.Model):
    class Outcome(models.TextChoices):
        MAKE_PERMANENT = "make_permanent", _("Make permanent")
        TRANSFER = "transfer", _("Transfer to a unit")
        CONTINUE = "continue", _("Continue experimenting")
        STOP = "stop", _("Stop")

    experiment = models.OneToOneField(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="continuation_plan"
    )
    intended_outcome = models.CharField(
        _("intended outcome"), max_length=20, choices=Outcome.choices, default=Outcome.MAKE_PERMANENT
    )
    target_state = models.TextField(
        _("target state"), blank=True, help_text=_("What becomes permanent, or why the experiment stops.")
    )
    person_years_needed = models.DecimalField(
        _("person-years needed per year"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    person_years_secured = models.DecimalField(
        _("person-years secured per year"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    euros_needed = models.DecimalField(
        _("euros needed per year"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    euros_secured = models.DecimalField(
        _("euros secured per year"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    in_budget_proposal = models.BooleanField(_("in the budget proposal (talousarvioesitys)"), default=False)
    commitment_by = models.CharField(
        _("management commitment by"),
        max_length=200,
        blank=True,
        help_text=_("Who committed, e.g. a service-area director."),
    )
    commitment_on = models.DateField(_("management commitment date"), null=True, blank=True)
    platform = models.CharField(_("platform"), max_length=200, blank=True)
    platform_end_of_support = models.DateField(_("platform end of support"), null=True, blank=True)
    platform_alternative = models.TextField(_("alternative platform or exit plan"), blank=True)
    roadmap_theme = models.ForeignKey(
        RoadmapTheme, verbose_name=_("digital roadmap theme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    review_months = models.JSONField(
        _("post-programme reviews (months after the programme end)"), default=list, blank=True
    )

    # Submitted by the owner for the steering group's approval (awaiting a decision until approved).
    submitted_on = models.DateField(_("submitted for approval on"), null=True, blank=True)
    # Approval by the steering group: a snapshot of the substance, to show "changed since approval".
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # Stored awaits_approval(), kept in step by save(), for the meeting pack's SQL filter.
    awaiting_decision = models.BooleanField(default=False, editable=False, db_index=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SUBSTANCE_FIELDS = ("target_state", "person_years_needed", "euros_needed", "person_years_secured", "euros_secured")

    class Meta:
        verbose_name = _("continuation plan")
        verbose_name_plural = _("continuation plans")

    def __str__(self) -> str:
        return str(_("Continuation plan: %(experiment)s") % {"experiment": self.experiment})

    def save(self, *args, **kwargs):
        self.awaiting_decision = self.awaits_approval()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "awaiting_decision"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("consolidation:plan", kwargs={"slug": self.experiment.slug})

    def substance(self) -> dict:
        """What approval is about: target state, resources and the receiving unit."""
        data = {field: str(getattr(self, field) or "") for field in self.SUBSTANCE_FIELDS}
        data["receiving_unit"] = self.experiment.receiving_unit_id
        return data

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    def changed_since_approval(self) -> bool:
        return self.is_approved and self.approved_snapshot != self.substance()

    def is_approved_and_current(self) -> bool:
        return self.is_approved and not self.changed_since_approval()

    def awaits_approval(self) -> bool:
        """Submitted and not yet approved, or changed in substance since it was approved."""
        return (self.submitted_on is not None and not self.is_approved) or self.changed_since_approval()

    def resources_secured(self) -> bool:
        """Both needs are stated and the secured amounts cover them."""
        if self.person_years_needed is None or self.euros_needed is None:
            return False
        return (self.person_years_secured or 0) >= self.person_years_needed and (
            self.euros_secured or 0
        ) >= self.euros_needed

    def commitment_recorded(self) -> bool:
        return bool(self.commitment_by.strip()) and self.commitment_on is not None

    def review_dates(self) -> list[datetime.date]:
        months = self.review_months or settings.IDK_REVIEW_MONTHS
        end = settings.IDK_PROGRAMME_END_DATE
        return [end + relativedelta(months=int(m)) for m in sorted(months)]


class SuccessIndicator(models.Model):
    plan = models.ForeignKey(ContinuationPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    current_value = models.DecimalField(_("current value"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("success indicator")
        verbose_name_plural = _("success indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Milestone(models.Model):
    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["due_date"], name="milestone_open_due", condition=models.Q(done_on__isnull=True)),
            models.Index(fields=["responsible", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due_date < (today or timezone.localdate())


class Handover(models.Model):
    """The experiment owner proposes that the receiving owner takes the result on; they answer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="handovers"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving owner"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    proposed_on = models.DateField(_("proposed on"))
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment"], condition=models.Q(status="proposed"), name="one_open_handover_per_experiment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.experiment} → {self.to_user}"


class Meeting(models.Model):
    """A steering-group review meeting; its pack is built from what changed since the previous one."""

    date = models.DateField(_("date"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="meetings"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title or str(_("Steering-group meeting %(date)s") % {"date": self.date.strftime("%d.%m.%Y")})

    def get_absolute_url(self) -> str:
        return reverse("consolidation:meeting", kwargs={"pk": self.pk})

    def previous(self) -> Meeting | None:
        return Meeting.objects.filter(date__lt=self.date).order_by("-date").first()


class Decision(models.Model):
    """An append-only entry of the steering group's decision log."""

    class Kind(models.TextChoices):
        APPROVE_PLAN = "approve_plan", _("Approve continuation plan")
        CONTINUE = "continue", _("Continue experimenting")
        MAKE_PERMANENT = "make_permanent", _("Make permanent")
        TRANSFER = "transfer", _("Transfer to a unit")
        PAUSE = "pause", _("Pause")
        RESUME = "resume", _("Resume")
        STOP = "stop", _("Stop")
        REVOKE = "revoke", _("Revoke an earlier decision")

    experiment = models.ForeignKey(
        Experiment,
        verbose_name=_("experiment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("Empty for a decision about the whole portfolio."),
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    rationale = models.TextField(_("rationale"), max_length=4000)
    conditions = models.TextField(_("conditions"), blank=True, max_length=4000)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    transfer_to = models.ForeignKey(
        OrgUnit, verbose_name=_("transfer to unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revokes = models.OneToOneField(
        "self",
        verbose_name=_("revokes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_by",
    )
    phase_change = models.OneToOneField(
        PhaseChange, null=True, blank=True, on_delete=models.PROTECT, related_name="decision", editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["experiment", "-decided_on"]), models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revoked_by")
