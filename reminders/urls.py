from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_log, name="log"),
    path("action/<str:token>/", views.one_click_action, name="action"),
]
