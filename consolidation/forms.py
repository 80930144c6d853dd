"""Forms for the consolidation workflow. Domain rules are enforced in services; forms handle types,
required fields and the field-level messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experiments.forms import DateInput
from experiments.models import OrgUnit

from .models import ContinuationPlan, Decision, Meeting, Milestone


class ReviewMonthsField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        try:
            months = sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()})
        except ValueError as error:
            raise forms.ValidationError(
                _("Give review months as whole numbers separated by commas, e.g. 3, 6, 12.")
            ) from error
        if any(m < 1 or m > 120 for m in months):
            raise forms.ValidationError(_("Give review months as whole numbers from 1 to 120."))
        return months

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(m) for m in value)
        return value


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving organisational unit"), queryset=OrgUnit.objects.all(), required=False
    )
    review_months = ReviewMonthsField(
        label=_("Post-programme reviews (months after the programme end)"),
        required=False,
        help_text=_("For example 3, 6, 12. Leave empty for the default."),
    )

    class Meta:
        model = ContinuationPlan
        fields = [
            "intended_outcome",
            "target_state",
            "receiving_unit",
            "person_years_needed",
            "person_years_secured",
            "euros_needed",
            "euros_secured",
            "funding_source",
            "in_budget_proposal",
            "commitment_by",
            "commitment_on",
            "platform",
            "platform_end_of_support",
            "platform_alternative",
            "roadmap_theme",
            "review_months",
        ]
        widgets = {
            "target_state": forms.Textarea(attrs={"rows": 4}),
            "platform_alternative": forms.Textarea(attrs={"rows": 3}),
            "commitment_on": DateInput(),
            "platform_end_of_support": DateInput(),
        }

    def __init__(self, *args, experiment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].initial = experiment.receiving_unit_id
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version if self.instance.pk else None
        for name in ("person_years_needed", "person_years_secured", "euros_needed", "euros_secured"):
            self.fields[name].widget.attrs["min"] = "0"


class MilestoneForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "responsible", "done_on", "note"]
        widgets = {"due_date": DateInput(), "done_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = get_user_model().objects.filter(is_active=True)
        if not self.is_bound and self.instance.pk:
            self.fields["version"].initial = self.instance.version


class HandoverProposeForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the receiving owner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverAnswerForm(forms.Form):
    ANSWERS = [("accept", _("Accept the handover")), ("decline", _("Decline"))]
    answer = forms.ChoiceField(label=_("Your answer"), choices=ANSWERS, widget=forms.RadioSelect)
    answer_reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline."),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and not (data.get("answer_reason") or "").strip():
            self.add_error("answer_reason", _("Tell the owner why you decline."))
        return data


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=Decision.Kind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    rationale = forms.CharField(label=_("Rationale"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Conditions"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DateInput())
    transfer_to = forms.ModelChoiceField(
        label=_("Transfer to unit"),
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text=_("Only for a transfer decision."),
    )
    revokes = forms.ModelChoiceField(
        label=_("Decision to revoke"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Only for a revocation."),
    )

    def __init__(self, *args, experiment=None, meeting=None, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        today = timezone.localdate()
        # A decision cannot be dated in the future: before an upcoming meeting, today is the default.
        self.fields["decided_on"].initial = min(meeting.date, today) if meeting else today
        if experiment is not None:
            self.fields["revokes"].queryset = Decision.objects.filter(
                experiment=experiment, revoked_by__isnull=True
            ).exclude(kind=Decision.Kind.REVOKE)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "title", "attendees", "notes"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.roles import COORDINATORS, STEERING_GROUP

        self.fields["attendees"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name__in=[STEERING_GROUP, COORDINATORS]).distinct()
        )
