from django.urls import path

from . import views

app_name = "experiments"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("experiments/<slug:slug>/", views.experiment_detail, name="detail"),
    path("experiments/<slug:slug>/status/", views.status_update_create, name="status_create"),
    path("experiments/<slug:slug>/phase/", views.phase_change, name="phase_change"),
]
