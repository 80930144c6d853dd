from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.user_settings, name="settings"),
    path("language/", views.switch_language, name="language"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
