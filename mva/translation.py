"""Template areas and their copies on assessments keep name and guiding questions in every language
of settings.LANGUAGES (django-modeltranslation), falling back to Finnish."""

from modeltranslation.translator import TranslationOptions, register

from .models import AssessmentArea, TemplateArea


@register(TemplateArea)
class TemplateAreaTranslation(TranslationOptions):
    fields = ("name", "questions")
    required_languages = ("fi",)


@register(AssessmentArea)
class AssessmentAreaTranslation(TranslationOptions):
    fields = ("name", "questions")
    required_languages = ("fi",)
