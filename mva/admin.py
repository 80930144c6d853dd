"""Read-mostly admin for MVA data: writes belong to the app's pages and mva.services."""

from django.contrib import admin

from .models import Assessment, Exemption, TemplateVersion


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "published_on", "notes")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "experiment", "phase", "outcome", "revision", "is_current")
    list_filter = ("phase", "outcome", "is_current")
    search_fields = ("title",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Exemption)
class ExemptionAdmin(admin.ModelAdmin):
    list_display = ("experiment", "granted_on", "revoked_on")

    def has_change_permission(self, request, obj=None):
        return False
