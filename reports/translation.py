"""Indicator names, units and notes in every language of settings.LANGUAGES, falling back to Finnish."""

from modeltranslation.translator import TranslationOptions, register

from .models import ProgrammeIndicator


@register(ProgrammeIndicator)
class ProgrammeIndicatorTranslation(TranslationOptions):
    fields = ("name", "unit", "note")
    required_languages = ("fi",)
