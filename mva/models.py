"""Change impact assessments (MVA, muutosvaikutusten arviointi; tiedonhallintalaki 906/2019 §8).

The template is data: a TemplateVersion with its TemplateAreas. Only a draft version can be edited;
publishing freezes it. An Assessment keeps the version it was made with and copies each area's key,
names and guiding questions into its own AssessmentArea rows, so editing the template never changes an
existing assessment.

A decision freezes the assessed content. Changing it afterwards means a new revision (a new Assessment
row pointing at `previous`); the superseded revision stays readable and read-only.
Writes go through mva.services.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from experiments.models import Experiment


class TemplateVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_on__isnull=False)

    def current(self) -> TemplateVersion | None:
        """The newest published version: the one new assessments are made with."""
        return self.published().order_by("-number").first()


class TemplateVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    published_on = models.DateField(_("published on"), null=True, blank=True, help_text=_("Empty while a draft."))
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("MVA template version")
        verbose_name_plural = _("MVA template versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        return str(_("MVA template, version %(number)s") % {"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.published_on is None


class TemplateArea(models.Model):
    """One impact area of a template version. name/questions are translated (modeltranslation)."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    questions = models.TextField(_("guiding questions"), blank=True, max_length=4000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("MVA template area")
        verbose_name_plural = _("MVA template areas")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="mva_template_area_key_unique")]

    def __str__(self) -> str:
        return self.name


class Rating(models.TextChoices):
    NONE = "none", _("No impact")
    MINOR = "minor", _("Minor")
    SIGNIFICANT = "significant", _("Significant")
    MAJOR = "major", _("Major")


# Shown next to a rating so it is never told by colour alone.
RATING_SYMBOLS = {"none": "○", "minor": "◔", "significant": "◑", "major": "●", "": "?"}


class AssessmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def approved(self):
        return self.filter(outcome__in=Assessment.APPROVED_OUTCOMES)


class Assessment(models.Model):
    class Phase(models.TextChoices):
        LAUNCH = "launch", _("Launch")
        BACKGROUND = "background", _("Background data")
        ASSESSMENT = "assessment", _("Assessment")
        RISKS = "risks", _("Risks and actions")
        DECISION = "decision", _("Decision")
        MODEL_UPDATE = "model_update", _("Information management model update")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
        REJECTED = "rejected", _("Rejected")

    APPROVED_OUTCOMES = (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS)
    PHASE_ORDER = list(Phase.values)
    PRE_DECISION_PHASES = PHASE_ORDER[: PHASE_ORDER.index("decision") + 1]

    experiment = models.ForeignKey(
        Experiment,
        verbose_name=_("experiment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mva_assessments",
        help_text=_("Empty for a change outside the portfolio."),
    )
    template_version = models.ForeignKey(
        TemplateVersion, verbose_name=_("template version"), on_delete=models.PROTECT, related_name="assessments"
    )
    title = models.CharField(_("title"), max_length=200)
    what_changes = models.TextField(_("what is changing"), max_length=8000)
    background = models.TextField(
        _("background data"),
        blank=True,
        max_length=8000,
        help_text=_("Current processes, systems and data stores the change affects."),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible assessor"),
        on_delete=models.PROTECT,
        related_name="mva_assessments",
    )
    participants = models.TextField(_("participants"), blank=True, max_length=4000, help_text=_("One per line."))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.LAUNCH)

    # The decision meeting (päätöspalaveri).
    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_maker = models.CharField(_("decision-maker"), max_length=200, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=4000)
    decision_notes = models.TextField(_("decision notes"), blank=True, max_length=4000)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    # Later phases: editable after the decision.
    model_update_notes = models.TextField(
        _("information management model update"),
        blank=True,
        max_length=8000,
        help_text=_("What was changed in the information management model (tiedonhallintamalli)."),
    )
    model_updated_on = models.DateField(_("model updated on"), null=True, blank=True)
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True, max_length=8000)

    # Revisions: a change to decided content makes a new row pointing at the one it replaces.
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous revision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_revision",
    )
    revision_reason = models.TextField(_("reason for the revision"), blank=True, max_length=2000)
    is_current = models.BooleanField(_("current revision"), default=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()  # audit trail (who changed what, when)

    class Meta:
        verbose_name = _("change impact assessment")
        verbose_name_plural = _("change impact assessments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["experiment", "is_current", "outcome"]),
            models.Index(fields=["is_current", "phase"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mva:detail", kwargs={"pk": self.pk})

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    @property
    def is_approved(self) -> bool:
        return self.outcome in self.APPROVED_OUTCOMES

    @property
    def is_frozen(self) -> bool:
        """The assessed content (header, areas, workshops, the decision) can no longer change in place."""
        return self.is_decided or not self.is_current

    @property
    def awaits_decision(self) -> bool:
        return self.phase == self.Phase.DECISION and not self.is_decided

    def phase_index(self) -> int:
        return self.PHASE_ORDER.index(self.phase)

    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class AssessmentArea(models.Model):
    """One impact area of one assessment, copied from the template version when the assessment was made."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    questions = models.TextField(_("guiding questions"), blank=True, max_length=4000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    rating = models.CharField(_("impact"), max_length=20, choices=Rating.choices, blank=True)
    description = models.TextField(_("description of the change"), blank=True, max_length=8000)
    risks = models.TextField(_("risks"), blank=True, max_length=8000)
    model_change_needed = models.BooleanField(_("the information management model must change"), default=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessed area")
        verbose_name_plural = _("assessed areas")
        ordering = ["assessment", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="mva_area_key_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rated(self) -> bool:
        return bool(self.rating)

    @property
    def rating_symbol(self) -> str:
        return RATING_SYMBOLS.get(self.rating, "?")


class Workshop(models.Model):
    """An MVA workshop (MVA-paja) of one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="workshops")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True, max_length=4000)
    notes = models.TextField(_("notes"), blank=True, max_length=8000)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.title or self.held_on.strftime("%d.%m.%Y")


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today: datetime.date | None = None):
        """Open actions past their due date, on current revisions only (superseded ones are history)."""
        return self.open().filter(due_date__lt=today or timezone.localdate(), assessment__is_current=True)


class Action(models.Model):
    """A mitigating action with a responsible person and a due date; its progress stays editable after approval."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    area = models.ForeignKey(
        AssessmentArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="mva_actions",
    )
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    progress_note = models.TextField(_("progress"), blank=True, max_length=2000)
    # Set when the action existed at the decision: its wording is then part of the decided content.
    decided = models.BooleanField(default=False, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()  # audit trail (who changed what, when)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["due_date"], name="mva_action_open_due", condition=models.Q(done_on__isnull=True)),
            models.Index(fields=["responsible", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due_date < (today or timezone.localdate())


class ExemptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_on__isnull=True)


class Exemption(models.Model):
    """A coordinator's dated, reasoned exemption: the experiment may become permanent without an approved MVA."""

    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), on_delete=models.PROTECT, related_name="mva_exemptions"
    )
    reason = models.TextField(_("reason"), max_length=4000)
    granted_on = models.DateField(_("date"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ExemptionQuerySet.as_manager()
    history = HistoricalRecords()  # audit trail (who changed what, when)

    class Meta:
        verbose_name = _("MVA exemption")
        verbose_name_plural = _("MVA exemptions")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment"], condition=models.Q(revoked_on__isnull=True), name="mva_one_active_exemption"
            )
        ]

    def __str__(self) -> str:
        return str(_("MVA exemption: %(experiment)s") % {"experiment": self.experiment})

    @property
    def is_active(self) -> bool:
        return self.revoked_on is None
