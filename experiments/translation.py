"""Content fields kept in every language of settings.LANGUAGES (django-modeltranslation), falling back to Finnish.

Adding a language (e.g. Swedish) needs only settings, a generated migration and the translations.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Experiment, OrgUnit, Team


@register(Experiment)
class ExperimentTranslation(TranslationOptions):
    fields = ("name", "summary", "origin")
    required_languages = ("fi",)


@register(Experiment.history.model)
class HistoricalExperimentTranslation(TranslationOptions):
    """The audit history keeps every language's text too (simple_history builds its model before us)."""

    fields = ("name", "summary", "origin")


@register(OrgUnit)
class OrgUnitTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)


@register(Team)
class TeamTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)
