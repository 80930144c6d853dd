"""Reminder log filters (django-filter); every filter is a URL parameter."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules as rule_registry
from .models import Message, Reminder

ANSWERED_CHOICES = [("yes", _("Answered")), ("no", _("Not answered"))]


class ReminderFilter(django_filters.FilterSet):
    rule = django_filters.ChoiceFilter(label=_("Reminder"), choices=rule_registry.choices, empty_label=_("All"))
    person = django_filters.CharFilter(
        label=_("Recipient"), method="filter_person", max_length=150, help_text=_("Part of a name or user name.")
    )
    experiment = django_filters.CharFilter(label=_("Experiment"), method="filter_experiment", max_length=200)
    delivery = django_filters.ChoiceFilter(
        label=_("Delivery"), field_name="message__status", choices=Message.Status.choices, empty_label=_("All")
    )
    answered = django_filters.ChoiceFilter(
        label=_("Answered"), choices=ANSWERED_CHOICES, method="filter_answered", empty_label=_("All")
    )
    escalated = django_filters.BooleanFilter(
        label=_("Only escalated"), method="filter_escalated", widget=forms.CheckboxInput
    )
    sent_from = django_filters.DateFilter(
        label=_("From"), field_name="sent_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    sent_to = django_filters.DateFilter(
        label=_("To"), field_name="sent_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Reminder
        fields: list[str] = []

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(recipient__first_name__icontains=value)
            | Q(recipient__last_name__icontains=value)
            | Q(recipient__username__iexact=value)
            | Q(recipient__email__iexact=value)
        )

    def filter_experiment(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q(experiment__name_fi__icontains=value) | Q(experiment__name_en__icontains=value)
        if value.isdigit():
            query |= Q(experiment__number=int(value))
        return queryset.filter(query)

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(answered_at__isnull=False)
        if value == "no":
            return queryset.filter(answered_at__isnull=True)
        return queryset

    def filter_escalated(self, queryset, name, value):
        return queryset.filter(escalated=True) if value else queryset
