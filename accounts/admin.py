from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "email", "title", "is_active", "email_bounced_at")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("IDK Portal"), {"fields": ("title", "language", "reminder_frequency", "email_bounced_at")}),
    )
