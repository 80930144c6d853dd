"""Consolidation pages end to end: permissions by role, bad input, two editors, the meeting pack and My work."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from consolidation import services
from consolidation.models import ContinuationPlan, Decision, Handover, Meeting, Milestone
from experiments import services as experiment_services

from .factories import ExperimentFactory, UserFactory, plan_for, steering_member

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC)

PLAN_POST = {
    "intended_outcome": "make_permanent",
    "target_state": "Osaksi perustyötä",
    "person_years_needed": "1",
    "person_years_secured": "0.5",
    "euros_needed": "10000",
    "euros_secured": "10000",
    "funding_source": "Talousarvio",
    "commitment_by": "Palvelualuejohtaja",
    "commitment_on": "2023-01-15",
    "review_months": "3, 6, 12",
}


def plan_url(experiment):
    return reverse("consolidation:plan", args=[experiment.slug])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("owner", 302), ("coordinator_user", 302), ("other_owner", 403), ("viewer", 403), ("steering_user", 403)],
)
def test_who_may_edit_the_plan(request, client_for, experiment, persona, expected):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(plan_url(experiment), PLAN_POST)
    assert response.status_code == expected
    assert ContinuationPlan.objects.filter(experiment=experiment).exists() is (expected == 302)


def test_receiving_owner_may_edit_the_plan(client_for, experiment, other_owner):
    experiment.receiving_owner = other_owner
    experiment.save()
    assert client_for(other_owner).post(plan_url(experiment), PLAN_POST).status_code == 302


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"euros_needed": "-5"}, "euros_needed"),
        ({"person_years_secured": "abc"}, "person_years_secured"),
        ({"commitment_on": "2099-01-01"}, "commitment_on"),
        ({"review_months": "3, kuusi"}, "review_months"),
        ({"review_months": "0"}, "review_months"),
        ({"intended_outcome": "fly"}, "intended_outcome"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_plan_input_is_refused_next_to_the_field(client_for, owner, experiment, change, field):
    response = client_for(owner).post(plan_url(experiment), {**PLAN_POST, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ContinuationPlan.objects.exists()


def test_two_editors_second_save_is_refused_and_keeps_what_was_typed(owner, coordinator_user, experiment):
    plan_for(experiment, target_state="Alkuperäinen")
    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(coordinator_user)
    # Both open the form at the same version.
    version = first.get(plan_url(experiment)).context["form"]["version"].value()
    assert second.get(plan_url(experiment)).context["form"]["version"].value() == version
    assert (
        first.post(
            plan_url(experiment), {**PLAN_POST, "target_state": "Omistajan versio", "version": version}
        ).status_code
        == 302
    )
    response = second.post(
        plan_url(experiment), {**PLAN_POST, "target_state": "Koordinaattorin versio", "version": version}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Koordinaattorin versio" in page  # what this person typed is kept
    assert "Omistajan versio" in page  # what the other person saved is shown
    assert ContinuationPlan.objects.get(experiment=experiment).target_state == "Omistajan versio"
    # Saving again from the refreshed version succeeds.
    new_version = response.context["form"].data["version"]
    response = second.post(
        plan_url(experiment), {**PLAN_POST, "target_state": "Yhdistetty versio", "version": new_version}
    )
    assert response.status_code == 302
    assert ContinuationPlan.objects.get(experiment=experiment).target_state == "Yhdistetty versio"


@time_machine.travel(NOW, tick=False)
def test_milestone_create_edit_and_done(client_for, owner, experiment):
    client = client_for(owner)
    response = client.post(
        reverse("consolidation:milestone_create", args=[experiment.slug]),
        {"title": "Budjettiesitys", "due_date": "2023-04-01", "responsible": owner.pk},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    response = client.post(reverse("consolidation:milestone_done", args=[milestone.pk]))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2023, 3, 15)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "due_date": "2023-04-01"}, "title"),
        ({"title": "X", "due_date": ""}, "due_date"),
        ({"title": "X", "due_date": "2023-04-01", "done_on": "2023-12-01"}, "done_on"),
    ],
)
def test_bad_milestone_input(client_for, owner, experiment, data, field):
    response = client_for(owner).post(reverse("consolidation:milestone_create", args=[experiment.slug]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Milestone.objects.exists()


def test_responsible_person_may_mark_done_but_not_edit(client_for, experiment, viewer):
    milestone = services.milestone_save(
        experiment=experiment,
        by=experiment.owner,
        data={"title": "T", "due_date": datetime.date(2023, 1, 1), "responsible": viewer},
    )
    client = client_for(viewer)
    assert (
        client.post(
            reverse("consolidation:milestone_edit", args=[milestone.pk]), {"title": "Hack", "due_date": "2023-01-01"}
        ).status_code
        == 403
    )
    assert client.post(reverse("consolidation:milestone_done", args=[milestone.pk])).status_code == 302


def test_outsider_cannot_mark_someone_elses_milestone_done(client_for, experiment, other_owner):
    milestone = services.milestone_save(
        experiment=experiment, by=experiment.owner, data={"title": "T", "due_date": datetime.date(2023, 1, 1)}
    )
    assert client_for(other_owner).post(reverse("consolidation:milestone_done", args=[milestone.pk])).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_handover_by_pages(client_for, owner, experiment, other_owner, viewer):
    experiment.receiving_owner = other_owner
    experiment.save()
    assert client_for(viewer).post(reverse("consolidation:handover_propose", args=[experiment.slug])).status_code == 403
    assert (
        client_for(owner)
        .post(reverse("consolidation:handover_propose", args=[experiment.slug]), {"message": "Ole hyvä"})
        .status_code
        == 302
    )
    handover = Handover.objects.get()
    answer_url = reverse("consolidation:handover_answer", args=[handover.pk])
    assert client_for(owner).post(answer_url, {"answer": "accept"}).status_code == 403  # only the receiver answers
    response = client_for(other_owner).post(answer_url, {"answer": "decline", "answer_reason": ""})
    assert response.status_code == 400
    assert "answer_reason" in response.context["form"].errors
    assert client_for(other_owner).post(answer_url, {"answer": "accept"}).status_code == 302
    experiment.refresh_from_db()
    assert experiment.owner == other_owner


def test_decision_page_permissions(client_for, experiment, steering_user, viewer, owner):
    url = reverse("consolidation:decision_create", args=[experiment.slug])
    data = {"kind": "continue", "decided_on": "2023-01-10", "rationale": "Jatketaan"}
    assert client_for(owner).post(url, data).status_code == 403
    assert client_for(viewer).post(url, data).status_code == 403
    assert client_for(steering_user).post(url, data).status_code == 302
    assert Decision.objects.count() == 1


def test_refused_make_permanent_shows_missing_gates(client_for, experiment, steering_user):
    experiment.phase = "consolidating"
    experiment.save()
    steering_user.language = "en"
    steering_user.save()
    response = client_for(steering_user).post(
        reverse("consolidation:decision_create", args=[experiment.slug]),
        {"kind": "make_permanent", "decided_on": "2023-01-10", "rationale": "Valmis"},
    )
    assert response.status_code == 400
    assert "Handover accepted" in response.content.decode()
    assert Decision.objects.count() == 0


def make_meetings_history():
    """GIVEN two meetings (1.2. and 1.3.2023) and changes before, between and after them."""
    owner = UserFactory(first_name="Olli", last_name="Omistaja")
    steering = steering_member()
    experiment = ExperimentFactory(owner=owner, name_fi="Palautepalvelu", phase="consolidating")
    unowned = ExperimentFactory(owner=None, name_fi="Chatbot ilman omistajaa")
    with time_machine.travel(datetime.datetime(2023, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        for day, text in [
            (datetime.date(2023, 1, 20), "Ennen"),
            (datetime.date(2023, 2, 15), "Välissä"),
            (datetime.date(2023, 3, 5), "Jälkeen"),
        ]:
            experiment_services.status_update_create(
                experiment=experiment, author=owner, health="at_risk", what_happened=text, effective_date=day
            )
        services.milestone_save(
            experiment=experiment, by=owner, data={"title": "Myöhässä", "due_date": datetime.date(2023, 2, 10)}
        )
        services.milestone_save(
            experiment=experiment,
            by=owner,
            data={
                "title": "Valmis välissä",
                "due_date": datetime.date(2023, 2, 1),
                "done_on": datetime.date(2023, 2, 20),
            },
        )
    first = Meeting.objects.create(date=datetime.date(2023, 2, 1))
    second = Meeting.objects.create(date=datetime.date(2023, 3, 1))
    return {
        "owner": owner,
        "steering": steering,
        "experiment": experiment,
        "unowned": unowned,
        "first": first,
        "second": second,
    }


@time_machine.travel(datetime.datetime(2023, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_meeting_pack_shows_what_changed_since_the_previous_meeting():
    world = make_meetings_history()
    client = Client()
    client.force_login(world["steering"])
    pack = client.get(reverse("consolidation:meeting", args=[world["second"].pk])).context["pack"]
    assert [u.what_happened for u in pack.status_updates] == ["Välissä"]
    assert [m.title for m in pack.milestones_done] == ["Valmis välissä"]
    assert [m.title for m in pack.overdue_milestones] == ["Myöhässä"]
    assert {e.name for e in pack.unowned} == {"Chatbot ilman omistajaa"}
    assert world["experiment"] in pack.at_risk
    first_pack = client.get(reverse("consolidation:meeting", args=[world["first"].pk])).context["pack"]
    assert [u.what_happened for u in first_pack.status_updates] == ["Ennen"]


@time_machine.travel(datetime.datetime(2023, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_decision_recorded_inline_from_the_pack_with_htmx():
    world = make_meetings_history()
    client = Client()
    client.force_login(world["steering"])
    url = reverse("consolidation:meeting_decide", args=[world["second"].pk, world["unowned"].slug])
    prefix = f"d{world['unowned'].pk}"
    response = client.post(
        url,
        {f"{prefix}-kind": "stop", f"{prefix}-decided_on": "2023-03-01", f"{prefix}-rationale": "Ei omistajaa"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    world["unowned"].refresh_from_db()
    assert world["unowned"].phase == "stopped"
    assert Decision.objects.get().meeting == world["second"]


def test_meeting_create_and_duplicate_date_refused(client_for, steering_user, viewer):
    url = reverse("consolidation:meeting_create")
    assert client_for(viewer).post(url, {"date": "2023-04-01"}).status_code == 403
    client = client_for(steering_user)
    assert client.post(url, {"date": "2023-04-01", "title": "Huhtikuu"}).status_code == 302
    response = client.post(url, {"date": "2023-04-01"})
    assert response.status_code == 400
    assert Meeting.objects.count() == 1


def test_meeting_pack_query_count_does_not_grow(client_for, steering_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = Meeting.objects.create(date=datetime.date(2023, 3, 1))
    ExperimentFactory.create_batch(5, owner=None, health="at_risk")
    client = client_for(steering_user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("consolidation:meeting", args=[meeting.pk]))
    ExperimentFactory.create_batch(40, owner=None, health="at_risk")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("consolidation:meeting", args=[meeting.pk]))


@time_machine.travel(NOW, tick=False)
def test_my_work_lists_items_due_first(client_for, owner):
    experiment = ExperimentFactory(owner=owner, name_fi="Oma kokeilu")
    experiment_services.status_update_create(
        experiment=experiment,
        author=owner,
        health="on_track",
        what_happened="x",
        effective_date=datetime.date(2023, 3, 1),
    )
    services.milestone_save(
        experiment=experiment,
        by=owner,
        data={"title": "Aikaisin", "due_date": datetime.date(2023, 3, 20), "responsible": owner},
    )
    services.milestone_save(
        experiment=experiment,
        by=owner,
        data={"title": "Myöhemmin", "due_date": datetime.date(2023, 5, 1), "responsible": owner},
    )
    items = client_for(owner).get(reverse("consolidation:my_work")).context["items"]
    assert [(i.kind, i.due) for i in items] == [
        ("milestone", datetime.date(2023, 3, 20)),
        ("status", datetime.date(2023, 3, 31)),
        ("milestone", datetime.date(2023, 5, 1)),
    ]


def test_my_work_query_count_does_not_grow(client_for, owner, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(owner)
    for _ in range(3):
        e = ExperimentFactory(owner=owner)
        services.milestone_save(experiment=e, by=owner, data={"title": "T", "due_date": datetime.date(2023, 5, 1)})
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("consolidation:my_work"))
    for _ in range(20):
        e = ExperimentFactory(owner=owner)
        plan_for(e)
        services.milestone_save(experiment=e, by=owner, data={"title": "T", "due_date": datetime.date(2023, 5, 1)})
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("consolidation:my_work"))


def test_detail_page_shows_consolidation_panel(client_for, viewer, experiment):
    plan_for(experiment)
    page = client_for(viewer).get(reverse("experiments:detail", args=[experiment.slug])).content.decode()
    assert 'id="readiness-heading"' in page
    assert "Osaksi perustyötä" not in page  # plan_for's target state differs
    assert "Vakiintuu osaksi palvelualueen perustyötä." in page
