"""Forms for the MVA pages. Domain rules (frozen content, ratings on the scale, responsible person and due
date for actions, rated areas before a decision) live in mva.services; the views put its ValidationErrors
on these forms, next to the right field."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from experiments.forms import DateInput
from experiments.models import Experiment

from .models import Assessment, Rating

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset", get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}, {obj.title}" if obj.title else obj.display_name


class VersionedForm(forms.Form):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class AssessmentCreateForm(forms.Form):
    experiment = forms.ModelChoiceField(
        label=_("Experiment"),
        queryset=Experiment.objects.all(),
        required=False,
        empty_label=_("None: a change outside the portfolio"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    what_changes = forms.CharField(
        label=_("What is changing"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The administrative task, service process, information system or data store that changes."),
    )
    assessor = PersonChoiceField(label=_("Responsible assessor"), help_text=_("Leads the assessment and may edit it."))
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )


class LaunchForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    what_changes = forms.CharField(
        label=_("What is changing"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    assessor = PersonChoiceField(label=_("Responsible assessor"))
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )


class BackgroundForm(VersionedForm):
    background = forms.CharField(
        label=_("Background data"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Current processes, systems and data stores the change affects."),
    )


RATING_CHOICES = [("", _("Not rated yet")), *Rating.choices]


class AreaForm(VersionedForm):
    rating = forms.ChoiceField(label=_("Impact"), choices=RATING_CHOICES, required=False, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Description of the change"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )
    risks = forms.CharField(label=_("Risks"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    model_change_needed = forms.BooleanField(label=_("The information management model must change"), required=False)

    @classmethod
    def for_area(cls, area, data=None):
        initial = {
            "rating": area.rating,
            "description": area.description,
            "risks": area.risks,
            "model_change_needed": area.model_change_needed,
            "version": area.version,
        }
        return cls(data, initial=initial, prefix=f"area-{area.pk}")


class WorkshopForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    participants = forms.CharField(
        label=_("Participants"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "workshop")
        super().__init__(*args, **kwargs)


class ActionForm(VersionedForm):
    title = forms.CharField(label=_("Action"), required=False, max_length=300)
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False, empty_label=_("The whole change"))
    # Required by the service, which explains why; not by the form, so its message is the domain's.
    responsible = PersonChoiceField(label=_("Responsible person"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    progress_note = forms.CharField(
        label=_("Progress"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assessment, action=None, **kwargs):
        kwargs.setdefault("prefix", "action")
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": action.title,
                    "area": action.area_id,
                    "responsible": action.responsible_id,
                    "due_date": action.due_date,
                    "done_on": action.done_on,
                    "progress_note": action.progress_note,
                    "version": action.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = assessment.areas.all()
        if action is not None and action.decided:
            for name in ("title", "area"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Part of the decision: frozen.")

    def service_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "version"}
        for name, field in self.fields.items():
            if field.disabled:
                data.pop(name, None)
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Assessment.Outcome.choices, required=False, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    decision_maker = forms.CharField(
        label=_("Decision-maker"),
        required=False,
        max_length=200,
        help_text=_("The person or body that decided, e.g. the MVA decision meeting."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when approved with conditions."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class LaterPhasesForm(VersionedForm):
    model_update_notes = forms.CharField(
        label=_("Information management model update"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was changed in the information management model (tiedonhallintamalli)."),
    )
    model_updated_on = forms.DateField(label=_("Model updated on"), required=False, widget=DateInput())
    follow_up_notes = forms.CharField(
        label=_("Follow-up notes"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PhaseForm(VersionedForm):
    phase = forms.ChoiceField(label=_("Move to phase"), choices=Assessment.Phase.choices)


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the decided assessment change?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    granted_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["granted_on"].initial = timezone.localdate()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Exported assessment (JSON)"), help_text=_("A file exported from this portal."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return upload


class TemplateAreaForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40, help_text=_("Letters, numbers and underscores."))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, area=None, **kwargs):
        if area is not None:
            kwargs.setdefault("prefix", f"tarea-{area.pk}")
            initial = {"key": area.key, "order": area.order}
            for field in ("name", "questions"):
                for code, _name in settings.LANGUAGES:
                    name = build_localized_fieldname(field, code)
                    initial[name] = getattr(area, name)
            kwargs.setdefault("initial", initial)
        else:
            kwargs.setdefault("prefix", "tarea-new")
        super().__init__(*args, **kwargs)
        for code, language_name in settings.LANGUAGES:
            self.fields[build_localized_fieldname("name", code)] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language_name}, max_length=200, required=code == "fi"
            )
            self.fields[build_localized_fieldname("questions", code)] = forms.CharField(
                label=_("Guiding questions (%(language)s)") % {"language": language_name},
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class TemplatePublishForm(forms.Form):
    notes = forms.CharField(
        label=_("What changed in this version"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    published_on = forms.DateField(label=_("Publication date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()
