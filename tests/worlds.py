"""A small but complete world for tests that walk every URL: people in every role and one object of
each kind (see tests/permission_matrix.py for the roles)."""

import datetime

from consolidation.models import Handover, Meeting, Milestone
from mva import services as mva_services
from mva.models import Workshop

from .factories import ExperimentFactory, UserFactory, coordinator, plan_for, steering_member


def build_world() -> dict:
    """One experiment with everything hanging off it, people in every role, and the URL kwargs to reach
    each object: shared by the permission matrix and the hostile-input tests."""
    people = {
        "viewer": UserFactory(username="viewer"),
        "other_owner": UserFactory(username="other_owner"),
        "owner": UserFactory(username="owner"),
        "receiver": UserFactory(username="receiver"),
        "assessor": UserFactory(username="assessor"),
        "steering": steering_member(username="steering"),
        "coordinator": coordinator(username="coordinator"),
    }
    ExperimentFactory(owner=people["other_owner"], slug="toinen")
    experiment = ExperimentFactory(
        owner=people["owner"], receiving_owner=people["receiver"], slug="kohde", phase="consolidating"
    )
    plan_for(experiment)
    milestone = Milestone.objects.create(experiment=experiment, title="M", due_date=datetime.date(2023, 1, 1))
    handover = Handover.objects.create(
        experiment=experiment,
        proposed_by=people["owner"],
        to_user=people["receiver"],
        proposed_on=datetime.date(2023, 1, 1),
    )
    meeting = Meeting.objects.create(date=datetime.date(2023, 2, 1))
    assessment = mva_services.assessment_create(
        by=people["coordinator"], experiment=experiment, title="A", what_changes="B", assessor=people["assessor"]
    )
    area = assessment.areas.first()
    workshop = Workshop.objects.create(assessment=assessment, held_on=datetime.date(2023, 1, 5), participants="x")
    action = mva_services.action_save(
        assessment=assessment,
        by=people["coordinator"],
        data={"title": "T", "responsible": people["assessor"], "due_date": datetime.date(2023, 3, 1)},
    )
    other = ExperimentFactory(slug="vapautettu")
    exemption = mva_services.exemption_record(
        experiment=other, by=people["coordinator"], reason="Ennen menettelyä", granted_on=datetime.date(2022, 1, 1)
    )
    draft = mva_services.template_draft_create(by=people["coordinator"])
    draft_area = draft.areas.first()
    kwargs = {
        "experiments:detail": {"slug": experiment.slug},
        "experiments:status_create": {"slug": experiment.slug},
        "experiments:phase_change": {"slug": experiment.slug},
        "consolidation:plan": {"slug": experiment.slug},
        "consolidation:plan_submit": {"slug": experiment.slug},
        "consolidation:milestone_create": {"slug": experiment.slug},
        "consolidation:handover_propose": {"slug": experiment.slug},
        "consolidation:decision_create": {"slug": experiment.slug},
        "consolidation:milestone_edit": {"pk": milestone.pk},
        "consolidation:milestone_done": {"pk": milestone.pk},
        "consolidation:handover_answer": {"pk": handover.pk},
        "consolidation:handover_withdraw": {"pk": handover.pk},
        "consolidation:meeting": {"pk": meeting.pk},
        "consolidation:meeting_decide": {"pk": meeting.pk, "slug": experiment.slug},
        "mva:area_save": {"pk": assessment.pk, "area_pk": area.pk},
        "mva:workshop_delete": {"pk": assessment.pk, "workshop_pk": workshop.pk},
        "mva:action_edit": {"action_pk": action.pk},
        "mva:action_done": {"action_pk": action.pk},
        "mva:experiment": {"slug": experiment.slug},
        "mva:exemption_record": {"slug": experiment.slug},
        "mva:exemption_revoke": {"pk": exemption.pk},
        "mva:template_version": {"number": draft.number},
        "mva:template_area_add": {"number": draft.number},
        "mva:template_area_save": {"number": draft.number, "area_pk": draft_area.pk},
        "mva:template_area_remove": {"number": draft.number, "area_pk": draft_area.pk},
        "mva:template_publish": {"number": draft.number},
        "reminders:action": {"token": "not-a-valid-token"},
        "reports:meeting_pdf": {"pk": meeting.pk},
        "reports:mva_pdf": {"pk": assessment.pk},
    }
    for name in [
        "detail",
        "edit",
        "launch_save",
        "phase_set",
        "workshop_add",
        "action_add",
        "decision",
        "later_save",
        "revision_start",
        "report",
        "export_json",
        "export_csv",
    ]:
        kwargs[f"mva:{name}"] = {"pk": assessment.pk}
    return {"people": people, "kwargs": kwargs, "assessment": assessment}
