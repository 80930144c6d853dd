from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import ProgrammeIndicator


@admin.register(ProgrammeIndicator)
class ProgrammeIndicatorAdmin(TranslationAdmin):
    list_display = ("name", "key", "targeted", "target", "actual", "order")
    ordering = ("order", "key")
