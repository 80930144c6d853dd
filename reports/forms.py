from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProgrammeIndicator


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = ProgrammeIndicator
        fields = ["targeted", "target", "actual"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("targeted") and cleaned.get("target") is not None:
            self.add_error("target", _("Leave the target empty, or tick “has a target”."))
        return cleaned


IndicatorFormSet = forms.modelformset_factory(ProgrammeIndicator, form=IndicatorForm, extra=0, can_delete=False)
