"""Portfolio filters (django-filter). Every filter is a URL parameter, so a view can be bookmarked."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .lifecycle import Phase
from .models import Experiment, Health, OrgUnit, Team

YES_CHOICES = [("1", _("Yes"))]


class PortfolioFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    # distinct=False: these filter columns of the experiment itself, so no join can duplicate rows
    # (SELECT DISTINCT over 100,000 rows would cost more than the rest of the page).
    phase = django_filters.MultipleChoiceFilter(
        label=_("Phase"), choices=Phase.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    health = django_filters.MultipleChoiceFilter(
        label=_("Health"), choices=Health.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=Team.objects.all(), empty_label=_("All"))
    unit = django_filters.ModelChoiceFilter(
        label=_("Organisational unit"),
        queryset=OrgUnit.objects.all(),
        method="filter_unit",
        empty_label=_("All"),
    )
    owner = django_filters.CharFilter(
        label=_("Owner"), method="filter_owner", max_length=150, help_text=_("Part of a name or user name.")
    )
    unowned = django_filters.BooleanFilter(label=_("Only unowned"), method="filter_unowned", widget=forms.CheckboxInput)
    stale = django_filters.BooleanFilter(label=_("Only stale"), method="filter_stale", widget=forms.CheckboxInput)
    readiness = django_filters.ChoiceFilter(
        label=_("Readiness"),
        choices=[("complete", _("Ready for permanent operation")), ("incomplete", _("Items missing"))],
        method="filter_readiness",
        empty_label=_("All"),
    )

    class Meta:
        model = Experiment
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_fi__icontains=value)
            | Q(name_en__icontains=value)
            | Q(summary_fi__icontains=value)
            | Q(summary_en__icontains=value)
        )

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        in_service_area = Experiment.service_areas.through.objects.filter(experiment_id=OuterRef("pk"), orgunit=value)
        return queryset.filter(Q(receiving_unit=value) | Exists(in_service_area))

    def filter_owner(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(owner__first_name__icontains=value)
            | Q(owner__last_name__icontains=value)
            | Q(owner__username__iexact=value)
        )

    def filter_unowned(self, queryset, name, value):
        return queryset.filter(owner__isnull=True) if value else queryset

    def filter_readiness(self, queryset, name, value):
        complete = Q(readiness_total__gt=0, readiness_done=F("readiness_total"))
        if value == "complete":
            return queryset.filter(complete)
        if value == "incomplete":
            return queryset.exclude(complete)
        return queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(timezone.localdate()) if value else queryset
