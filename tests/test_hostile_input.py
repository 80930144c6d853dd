"""Random and hostile input to every form of the portfolio and consolidation pages: never a 500,
never a partial write; stored markup always renders escaped."""

import datetime
import string

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidation.models import ContinuationPlan, Decision, Handover, Meeting, Milestone
from experiments.models import Experiment, PhaseChange, StatusUpdate

from .factories import ExperimentFactory, UserFactory, coordinator, plan_for

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=string.printable, max_size=6000),
    st.sampled_from([XSS, '=HYPERLINK("http://evil")', "' OR 1=1 --", "\x00", "🙂" * 50, "9" * 40, "-1", "2023-02-30"]),
)
form_values = st.dictionaries(
    keys=st.sampled_from(
        [
            "health",
            "what_happened",
            "next_steps",
            "effective_date",
            "to_phase",
            "reason",
            "intended_outcome",
            "target_state",
            "person_years_needed",
            "person_years_secured",
            "euros_needed",
            "euros_secured",
            "commitment_on",
            "review_months",
            "platform_end_of_support",
            "version",
            "title",
            "due_date",
            "responsible",
            "done_on",
            "note",
            "message",
            "answer",
            "answer_reason",
            "kind",
            "decided_on",
            "rationale",
            "follow_up_on",
            "transfer_to",
            "revokes",
            "date",
            "attendees",
        ]
    ),
    values=hostile_text,
    max_size=12,
)

COUNTED = [StatusUpdate, PhaseChange, ContinuationPlan, Milestone, Handover, Decision, Meeting, Experiment]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def world(db):
    boss = coordinator(username="koord")
    owner = UserFactory(username="omistaja")
    receiver = UserFactory(username="vastaanottaja")
    experiment = ExperimentFactory(owner=owner, receiving_owner=receiver, slug="kohde", phase="consolidating")
    plan_for(experiment)
    milestone = Milestone.objects.create(experiment=experiment, title="M", due_date=datetime.date(2023, 1, 1))
    handover = Handover.objects.create(
        experiment=experiment, proposed_by=owner, to_user=receiver, proposed_on=datetime.date(2023, 1, 1)
    )
    meeting = Meeting.objects.create(date=datetime.date(2023, 2, 1))
    return {
        "boss": boss,
        "receiver": receiver,
        "experiment": experiment,
        "milestone": milestone,
        "handover": handover,
        "meeting": meeting,
    }


def endpoints(world):
    slug = world["experiment"].slug
    return [
        (world["boss"], reverse("experiments:status_create", args=[slug])),
        (world["boss"], reverse("experiments:phase_change", args=[slug])),
        (world["boss"], reverse("consolidation:plan", args=[slug])),
        (world["boss"], reverse("consolidation:milestone_create", args=[slug])),
        (world["boss"], reverse("consolidation:milestone_edit", args=[world["milestone"].pk])),
        (world["boss"], reverse("consolidation:decision_create", args=[slug])),
        (world["boss"], reverse("consolidation:meeting_create")),
        (world["boss"], reverse("consolidation:meeting_decide", args=[world["meeting"].pk, slug])),
        (world["receiver"], reverse("consolidation:handover_answer", args=[world["handover"].pk])),
    ]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=form_values, htmx=st.booleans())
def test_no_form_crashes_or_half_writes(world, data, htmx):
    for user, url in endpoints(world):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        before = counts()
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url, data, **headers)
        assert response.status_code < 500, (url, data, response.status_code)
        after = counts()
        changed = {name for name in before if before[name] != after[name]}
        if response.status_code >= 400:
            assert not changed, (url, data, changed)
        else:
            assert len(changed) <= 2, (url, changed)  # one object (plus its phase change) at most


def test_stored_markup_is_escaped_everywhere(client_for, viewer, owner):
    experiment = ExperimentFactory(owner=owner, name_fi=XSS, summary_fi=XSS)
    from experiments import services

    services.status_update_create(
        experiment=experiment, author=owner, health="at_risk", what_happened=XSS, next_steps=XSS
    )
    plan_for(experiment, target_state=XSS)
    meeting = Meeting.objects.create(date=datetime.date(2023, 2, 1))
    client = client_for(viewer)
    for url in [
        reverse("experiments:portfolio"),
        reverse("experiments:detail", args=[experiment.slug]),
        reverse("consolidation:meeting", args=[meeting.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "onerror=alert" not in page or "&lt;img src=x onerror=alert(1)&gt;" in page, url
