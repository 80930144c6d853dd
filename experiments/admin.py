"""Django admin for reference data. Phase and status fields are read-only here: they change only
through the lifecycle state machine and the status log (the app's own pages)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .derived import refresh_derived
from .models import Experiment, OrgUnit, Partner, PhaseChange, StatusUpdate, Team, Technology


@admin.register(OrgUnit)
class OrgUnitAdmin(TranslationAdmin):
    list_display = ("name", "short_name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name_fi", "name_en", "short_name")


@admin.register(Team)
class TeamAdmin(TranslationAdmin):
    search_fields = ("name_fi", "name_en")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ("name", "end_of_support")
    search_fields = ("name",)


@admin.register(Experiment)
class ExperimentAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ("number", "name", "team", "phase", "health", "owner", "last_update_on")
    list_filter = ("phase", "health", "team")
    list_select_related = ("team", "owner")
    search_fields = ("name_fi", "name_en", "summary_fi", "summary_en")
    autocomplete_fields = ("owner", "receiving_owner", "benefit_owner")
    filter_horizontal = ("service_areas", "partners", "technologies")
    readonly_fields = (
        "phase",
        "phase_changed_on",
        "health",
        "last_update_on",
        "next_steps",
        "status_due_on",
        "platform_end_of_support",
    )
    prepopulated_fields = {"slug": ("name_fi",)}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_platform_end_of_support()
        refresh_derived(form.instance)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ("experiment", "effective_date", "health", "author", "kind")
    list_select_related = ("experiment", "author")
    list_filter = ("health", "kind")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhaseChange)
class PhaseChangeAdmin(StatusUpdateAdmin):
    list_display = ("experiment", "effective_date", "from_phase", "to_phase", "changed_by")
    list_select_related = ("experiment", "changed_by")
    list_filter = ("to_phase",)

    def has_add_permission(self, request):
        return False
