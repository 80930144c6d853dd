from django.urls import path

from . import views

app_name = "mva"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("import/", views.assessment_import, name="import"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/launch/", views.launch_save, name="launch_save"),
    path("<int:pk>/phase/", views.phase_set, name="phase_set"),
    path("<int:pk>/areas/<int:area_pk>/", views.area_save, name="area_save"),
    path("<int:pk>/workshops/", views.workshop_add, name="workshop_add"),
    path("<int:pk>/workshops/<int:workshop_pk>/delete/", views.workshop_delete, name="workshop_delete"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/decision/", views.decision_record, name="decision"),
    path("<int:pk>/later/", views.later_save, name="later_save"),
    path("<int:pk>/revision/", views.revision_start, name="revision_start"),
    path("<int:pk>/report/", views.assessment_report, name="report"),
    path("<int:pk>/export.json", views.assessment_export_json, name="export_json"),
    path("<int:pk>/export.csv", views.assessment_export_csv, name="export_csv"),
    path("actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("experiment/<slug:slug>/", views.experiment_mva, name="experiment"),
    path("experiment/<slug:slug>/exemption/", views.exemption_record, name="exemption_record"),
    path("exemptions/<int:pk>/revoke/", views.exemption_revoke, name="exemption_revoke"),
    path("template/", views.template_list, name="template_list"),
    path("template/draft/", views.template_draft, name="template_draft"),
    path("template/<int:number>/", views.template_version, name="template_version"),
    path("template/<int:number>/areas/", views.template_area_save, name="template_area_add"),
    path("template/<int:number>/areas/<int:area_pk>/", views.template_area_save, name="template_area_save"),
    path("template/<int:number>/areas/<int:area_pk>/remove/", views.template_area_remove, name="template_area_remove"),
    path("template/<int:number>/publish/", views.template_publish, name="template_publish"),
]
