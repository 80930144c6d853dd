from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.indicators_edit, name="indicators"),
    path("portfolio.csv", views.portfolio_csv, name="portfolio_csv"),
    path("portfolio.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
    path("meetings/<int:pk>/pdf/", views.meeting_pack_pdf, name="meeting_pdf"),
    path("mva/<int:pk>/pdf/", views.mva_report_pdf, name="mva_pdf"),
]
