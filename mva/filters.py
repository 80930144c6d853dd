"""Filters for the assessment list (django-filter); every filter is a URL parameter."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from experiments.models import Experiment

from .models import Assessment

AWAITING = "awaiting"
OUTCOME_CHOICES = [(AWAITING, _("Not decided yet")), *Assessment.Outcome.choices]


class AssessmentFilter(django_filters.FilterSet):
    phase = django_filters.MultipleChoiceFilter(
        label=_("Phase"), choices=Assessment.Phase.choices, widget=forms.CheckboxSelectMultiple
    )
    outcome = django_filters.MultipleChoiceFilter(
        label=_("Decision"), choices=OUTCOME_CHOICES, method="filter_outcome", widget=forms.CheckboxSelectMultiple
    )
    experiment = django_filters.ModelChoiceFilter(
        label=_("Experiment"), queryset=Experiment.objects.all(), empty_label=_("All")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only with overdue actions"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def filter_outcome(self, queryset, name, values):
        if not values:
            return queryset
        condition = Q(outcome__in=[value for value in values if value != AWAITING])
        if AWAITING in values:
            condition |= Q(outcome="")
        return queryset.filter(condition)

    def filter_overdue(self, queryset, name, value):
        # overdue_actions is annotated by selectors.assessment_list_queryset.
        return queryset.filter(overdue_actions__gt=0) if value else queryset
