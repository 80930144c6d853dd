from django.contrib import admin

from .models import ExperimentReminderSettings, Message, Reminder


@admin.register(ExperimentReminderSettings)
class ExperimentReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("experiment", "repeat_working_days", "milestone_lead_days", "handover_answer_days")
    autocomplete_fields = ()
    list_select_related = ("experiment",)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "period", "status", "escalation", "attempts", "sent_at")
    list_filter = ("kind", "status", "escalation")
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("sent_on", "rule", "item_key", "recipient", "sequence", "escalated", "answered_at")
    list_filter = ("rule", "escalated", "role")
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False
