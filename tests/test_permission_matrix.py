"""Every URL × every role, from tests/permission_matrix.py, against the running code.

GIVEN one experiment with a plan, milestone, open handover, meeting, MVA assessment (with an area,
workshop and action), an exemption on a second experiment and a draft MVA template
WHEN each persona GETs or POSTs (empty form) each URL
THEN the response is what the matrix says: served, 403, a redirect to log in, or to a read-only page.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from consolidation.models import Handover, Meeting, Milestone
from mva import services as mva_services
from mva.models import Workshop

from . import permission_matrix as pm
from .factories import ExperimentFactory, UserFactory, coordinator, plan_for, steering_member

README = Path(__file__).resolve().parent.parent / "README.md"


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns == "admin":  # Django's own admin: staff-only by Django, reference data for coordinators
                    continue
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_has_a_row_in_the_matrix():
    missing = [name for name in url_names() if name not in pm.MATRIX]
    assert not missing, f"URLs without a permission-matrix row: {missing}"
    stale = [name for name in pm.MATRIX if name not in url_names()]
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


def test_readme_shows_the_matrix():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- permission-matrix:start -->\n(.*?)\n<!-- permission-matrix:end -->", text, re.S)
    assert block, "README.md has no permission-matrix block"
    assert block.group(1).strip() == pm.markdown_table().strip(), "Regenerate: python -m tests.permission_matrix"


@pytest.fixture
def world(db):
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


CASES = [
    (name, method, role)
    for name, rule in pm.MATRIX.items()
    for method in ("GET", "POST")
    if rule[method] is not None
    for role in pm.ROLES
]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_matrix_cell(world, name, method, role, settings):
    settings.AXES_ENABLED = False
    rule = pm.MATRIX[name]
    expected = pm.verdict(rule[method], role)
    url = reverse(name, kwargs=world["kwargs"].get(name, {}))
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["people"][role])
    response = client.get(url) if method == "GET" else client.post(url, {})
    location = response.get("Location", "")
    to_login = response.status_code == 302 and location.startswith(reverse("login"))
    if expected == "login":
        assert to_login, (name, method, role, response.status_code, location)
    elif expected == "any":
        assert response.status_code < 500 and response.status_code != 403, (name, method, role, response.status_code)
    elif expected == "public":
        assert response.status_code < 500 and response.status_code != 403 and not to_login, (
            name,
            method,
            role,
            response.status_code,
        )
    elif expected == "deny":
        if rule["denied"] == "redirect":
            assert response.status_code == 302 and not to_login, (name, method, role, response.status_code)
        else:
            assert response.status_code == 403, (name, method, role, response.status_code, location)
    else:
        assert response.status_code not in (403, 404, 405) and response.status_code < 500 and not to_login, (
            name,
            method,
            role,
            response.status_code,
            location,
        )


def test_idor_post_to_another_owners_experiment_changes_nothing(world):
    from experiments.models import StatusUpdate

    client = Client()
    client.force_login(world["people"]["other_owner"])
    response = client.post(
        reverse("experiments:status_create", kwargs={"slug": "kohde"}), {"health": "on_track", "what_happened": "x"}
    )
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()
