from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class UserSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "reminder_frequency"]
        help_texts = {
            "reminder_frequency": _(
                "Escalations and the steering group's digest are always sent; this only bundles your own reminders."
            ),
        }
