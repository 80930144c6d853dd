"""The portfolio: experiments, their status log and phase history, and the reference data around them.

Latest health, last update and when the next status is due are stored on Experiment
(denormalised, indexed) and written only by `experiments.services.status_update_create`,
so the portfolio never needs per-row queries.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .lifecycle import Phase


class OrgUnit(models.Model):
    """Service areas, units within them, group companies and partners' units: one tree."""

    class Kind(models.TextChoices):
        SERVICE_AREA = "service_area", _("Service area")
        UNIT = "unit", _("Unit")
        GROUP_COMPANY = "group_company", _("Group company")
        EXTERNAL = "external", _("External organisation")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Team(models.Model):
    """A coaching team or other origin of experiments (Tiimi 1–5, 'need raised in project')."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Technology(models.Model):
    """A platform or tool an experiment depends on; an end of support is a continuity risk."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    end_of_support = models.DateField(_("end of support"), null=True, blank=True)

    class Meta:
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the experiments' stored earliest end-of-support date in step (one update path).
        for experiment in self.experiments.all():
            experiment.refresh_platform_end_of_support()

    def is_continuity_risk(self, today: datetime.date | None = None) -> bool:
        return continuity_risk(self.end_of_support, today)


def continuity_risk(end_of_support: datetime.date | None, today: datetime.date | None = None) -> bool:
    """A platform is a risk when it is past, or within the warning window of, its end of support."""
    if end_of_support is None:
        return False
    today = today or timezone.localdate()
    return end_of_support <= today + datetime.timedelta(days=settings.IDK_CONTINUITY_WARNING_DAYS)


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class ExperimentQuerySet(models.QuerySet):
    def unowned(self):
        return self.filter(owner__isnull=True)

    def stale(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.exclude(phase__in=[Phase.STOPPED]).filter(status_due_on__lt=today)

    def with_continuity_risk(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        limit = today + datetime.timedelta(days=settings.IDK_CONTINUITY_WARNING_DAYS)
        return self.filter(platform_end_of_support__lte=limit)


class Experiment(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    origin = models.CharField(_("origin"), max_length=200, blank=True)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="experiments"
    )
    service_areas = models.ManyToManyField(
        OrgUnit, verbose_name=_("service areas"), blank=True, related_name="experiments"
    )
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="experiments")
    technologies = models.ManyToManyField(
        Technology, verbose_name=_("technologies"), blank=True, related_name="experiments"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.IDEA)
    phase_changed_on = models.DateField(_("phase changed on"), null=True, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("experiment owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_experiments",
    )
    receiving_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receiving_experiments",
    )
    benefit_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("benefit owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="benefit_experiments",
    )
    receiving_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("receiving organisational unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_experiments",
    )
    status_cadence_days = models.PositiveSmallIntegerField(
        _("status-update cadence (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("How often the owner is expected to confirm the status."),
    )

    # Denormalised from the status log; written only by services.status_update_create.
    health = models.CharField(_("health"), max_length=20, choices=Health.choices, blank=True)
    last_update_on = models.DateField(_("last updated"), null=True, blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status_due_on = models.DateField(_("status due"), null=True, blank=True)
    # Earliest end of support among the experiment's technologies (refresh_platform_end_of_support).
    platform_end_of_support = models.DateField(_("platform end of support"), null=True, blank=True)
    # Readiness checklist result, written only by consolidation.readiness.refresh_readiness.
    readiness_done = models.PositiveSmallIntegerField(_("readiness items done"), default=0)
    readiness_total = models.PositiveSmallIntegerField(_("readiness items"), default=0)
    readiness_missing = models.JSONField(_("missing readiness items"), default=list, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "readiness_done", "readiness_total", "readiness_missing"]
    )
    objects = ExperimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        ordering = ["number", "name"]
        indexes = [
            models.Index(fields=["phase", "number"]),
            models.Index(fields=["health", "number"]),
            models.Index(fields=["status_due_on"]),
            models.Index(fields=["last_update_on"]),
            models.Index(fields=["platform_end_of_support"]),
            models.Index(fields=["owner", "number"]),
            models.Index(fields=["readiness_done", "number"]),
            models.Index(fields=["updated_at"]),  # the portfolio summary's cache stamp
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    def get_absolute_url(self) -> str:
        return reverse("experiments:detail", kwargs={"slug": self.slug})

    @property
    def is_unowned(self) -> bool:
        return self.owner_id is None

    def is_stale(self, today: datetime.date | None = None) -> bool:
        if self.phase == Phase.STOPPED or self.status_due_on is None:
            return False
        return self.status_due_on < (today or timezone.localdate())

    def has_continuity_risk(self, today: datetime.date | None = None) -> bool:
        return continuity_risk(self.platform_end_of_support, today)

    def days_since_update(self, today: datetime.date | None = None) -> int | None:
        if self.last_update_on is None:
            return None
        return ((today or timezone.localdate()) - self.last_update_on).days

    def paused_from_phase(self) -> str | None:
        """The phase a paused experiment resumes to: where it was when it was paused."""
        last_pause = self.phase_changes.filter(to_phase=Phase.PAUSED).order_by("-effective_date", "-id").first()
        return last_pause.from_phase if last_pause else None

    def refresh_platform_end_of_support(self) -> None:
        earliest = self.technologies.aggregate(m=models.Min("end_of_support"))["m"]
        if earliest != self.platform_end_of_support:
            type(self).objects.filter(pk=self.pk).update(platform_end_of_support=earliest, updated_at=timezone.now())
            self.platform_end_of_support = earliest


class StatusUpdate(models.Model):
    """One entry of an experiment's append-only status log. A correction is a new entry."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Status update")
        CONFIRMATION = "confirmation", _("Confirmation: still accurate")

    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="status_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    effective_date = models.DateField(_("effective date"))
    health = models.CharField(_("health"), max_length=20, choices=Health.choices)
    what_happened = models.TextField(_("what happened"), max_length=5000)
    next_steps = models.TextField(_("next steps"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-effective_date", "-created_at", "-id"]
        indexes = [models.Index(fields=["experiment", "-effective_date", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.experiment_id} {self.effective_date} {self.health}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Status updates cannot be changed; post a new update instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Status updates cannot be deleted; post a new update instead."))


class PhaseChange(models.Model):
    """One move of the lifecycle state machine, dated by when it really happened."""

    experiment = models.ForeignKey(
        Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(_("from phase"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=20, choices=Phase.choices)
    effective_date = models.DateField(_("effective date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="phase_changes",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["experiment", "-effective_date"]), models.Index(fields=["effective_date"])]

    def __str__(self) -> str:
        return f"{self.experiment_id}: {self.from_phase} → {self.to_phase} ({self.effective_date})"
