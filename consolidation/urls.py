from django.urls import path

from . import views

app_name = "consolidation"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("experiments/<slug:slug>/plan/", views.plan_edit, name="plan"),
    path("experiments/<slug:slug>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("experiments/<slug:slug>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("experiments/<slug:slug>/handover/", views.handover_propose, name="handover_propose"),
    path("experiments/<slug:slug>/decisions/new/", views.decision_create, name="decision_create"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("handovers/<int:pk>/answer/", views.handover_answer, name="handover_answer"),
    path("handovers/<int:pk>/withdraw/", views.handover_withdraw, name="handover_withdraw"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_pack, name="meeting"),
    path("meetings/<int:pk>/decide/<slug:slug>/", views.meeting_decide, name="meeting_decide"),
]
