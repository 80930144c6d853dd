"""Forms for the portfolio. Validation that belongs to the domain lives in services; the forms
turn its ValidationErrors into field errors, so the user sees them next to the right field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import lifecycle
from .lifecycle import Phase
from .models import Health, StatusUpdate


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class StatusUpdateForm(forms.ModelForm):
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices, widget=forms.RadioSelect)

    class Meta:
        model = StatusUpdate
        fields = ["health", "what_happened", "next_steps", "effective_date"]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "effective_date": DateInput(),
        }
        help_texts = {
            "effective_date": _("When this was the situation. Defaults to today."),
            "next_steps": _("What happens next, and by when."),
        }

    def __init__(self, *args, experiment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].required = False
        self.fields["effective_date"].initial = timezone.localdate()
        if experiment is not None and experiment.health and not self.is_bound:
            self.fields["health"].initial = experiment.health


class PhaseChangeForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("New phase"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    effective_date = forms.DateField(
        label=_("Effective date"),
        widget=DateInput(),
        help_text=_("When the change really happened."),
    )

    def __init__(self, *args, experiment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [(p, Phase(p).label) for p in lifecycle.allowed_targets(experiment)]
        self.fields["effective_date"].initial = timezone.localdate()
