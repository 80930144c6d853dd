"""Programme indicators (the evaluation's "IDK-Dashboard"): target vs actual, kept by the coordinators.

A missing target means two different things, so they are kept apart: `targeted=False` is "not targeted"
(no target was ever set, e.g. organisations involved), while `targeted=True` with no target is a target
that exists but is not recorded. A missing actual is "no data".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProgrammeIndicator(models.Model):
    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    targeted = models.BooleanField(
        _("has a target"), default=True, help_text=_("Clear this when no target was ever set for the indicator.")
    )
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    actual = models.PositiveIntegerField(_("actual"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def percent(self) -> int | None:
        """Actual as a whole percentage of the target (half up), or None when it cannot be computed."""
        if not self.targeted or self.target in (None, 0) or self.actual is None:
            return None
        ratio = Decimal(self.actual) * 100 / Decimal(self.target)
        return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def display(self) -> str:
        """'721 / 350 (206 %)', '66 – not targeted', 'no data' or '12 / target not recorded'."""
        if self.actual is None:
            return gettext("no data")
        actual = number_format(self.actual, force_grouping=True)
        if not self.targeted:
            return gettext("%(actual)s – not targeted") % {"actual": actual}
        if self.target is None:
            return gettext("%(actual)s / target not recorded") % {"actual": actual}
        target = number_format(self.target, force_grouping=True)
        if self.percent is None:
            return f"{actual} / {target}"
        return gettext("%(actual)s / %(target)s (%(percent)s %%)") % {
            "actual": actual,
            "target": target,
            "percent": number_format(self.percent, force_grouping=True),
        }

    def target_display(self) -> str:
        if not self.targeted:
            return gettext("not targeted")
        if self.target is None:
            return gettext("not recorded")
        return number_format(self.target, force_grouping=True)
