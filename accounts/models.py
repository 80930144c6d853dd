"""Staff users. Roles are Django groups (see accounts.roles); per-object rights live in accounts.policy."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    class ReminderFrequency(models.TextChoices):
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    reminder_frequency = models.CharField(
        _("personal reminders"),
        max_length=10,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.DAILY,
    )
    email_bounced_at = models.DateTimeField(_("e-mail bounced permanently at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_reachable(self) -> bool:
        """An account that can actually receive and act on reminders."""
        return self.is_active and bool(self.email) and self.email_bounced_at is None
