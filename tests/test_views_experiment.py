"""Experiment detail, posting status updates and changing phase: permissions, validation, messages."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from experiments import services
from experiments.models import StatusUpdate

from .factories import ExperimentFactory, TechnologyFactory

pytestmark = pytest.mark.django_db


def detail_url(experiment):
    return reverse("experiments:detail", args=[experiment.slug])


def status_url(experiment):
    return reverse("experiments:status_create", args=[experiment.slug])


def phase_url(experiment):
    return reverse("experiments:phase_change", args=[experiment.slug])


GOOD_UPDATE = {"health": "on_track", "what_happened": "Pilotti käynnissä", "next_steps": "Arviointi"}


@pytest.mark.parametrize("url_name", ["experiments:detail", "experiments:status_create"])
def test_anonymous_is_redirected_to_login(client, experiment, url_name):
    response = client.get(reverse(url_name, args=[experiment.slug]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_post_changes_nothing(client, experiment):
    client.post(status_url(experiment), GOOD_UPDATE)
    assert StatusUpdate.objects.count() == 0


def test_detail_shows_facts_timeline_and_continuity_warning(client_for, viewer, experiment):
    aurora = TechnologyFactory(name="AuroraAI", end_of_support=datetime.date(2022, 12, 31))
    experiment.technologies.add(aurora)
    experiment.refresh_platform_end_of_support()
    services.status_update_create(
        experiment=experiment, author=experiment.owner, health="at_risk", what_happened="Alusta päättyy"
    )
    page = client_for(viewer).get(detail_url(experiment)).content.decode()
    assert "Palautepalvelu" in page
    assert "AuroraAI" in page
    assert "Alusta päättyy" in page
    assert "Olli Omistaja" in page
    assert "mark-continuity" in page


def test_detail_of_missing_experiment_is_404(client_for, viewer):
    assert client_for(viewer).get("/experiments/ei-ole/").status_code == 404


def test_viewer_sees_no_status_form(client_for, viewer, experiment):
    response = client_for(viewer).get(detail_url(experiment))
    assert response.context["status_form"] is None
    assert status_url(experiment) not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("owner", 302), ("coordinator_user", 302), ("other_owner", 403), ("viewer", 403), ("steering_user", 403)],
)
def test_who_may_post_a_status_update(request, client_for, experiment, persona, expected):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(status_url(experiment), GOOD_UPDATE)
    assert response.status_code == expected
    assert StatusUpdate.objects.count() == (1 if expected == 302 else 0)


def test_receiving_owner_may_post(client_for, experiment, other_owner):
    experiment.receiving_owner = other_owner
    experiment.save()
    assert client_for(other_owner).post(status_url(experiment), GOOD_UPDATE).status_code == 302


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"health": "", "what_happened": "x"}, "health"),
        ({"health": "excellent", "what_happened": "x"}, "health"),
        ({"health": "on_track", "what_happened": ""}, "what_happened"),
        ({"health": "on_track", "what_happened": "x", "effective_date": "2023-03-16"}, "effective_date"),
        ({"health": "on_track", "what_happened": "x", "effective_date": "15.13.2023"}, "effective_date"),
        ({"health": "on_track", "what_happened": "x" * 5001}, "what_happened"),
    ],
)
def test_bad_status_update_is_shown_next_to_the_field(client_for, owner, experiment, data, field):
    response = client_for(owner).post(status_url(experiment), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert f'id="id_{field}_errors"' in page or f'id="id_{field}_0_errors"' in page
    assert 'aria-invalid="true"' in page or field == "health"
    assert StatusUpdate.objects.count() == 0


def test_coordinator_changes_phase(client_for, coordinator_user, experiment):
    response = client_for(coordinator_user).post(
        phase_url(experiment),
        {"to_phase": "consolidating", "reason": "Pilotti onnistui", "effective_date": "2022-10-01"},
    )
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.phase == "consolidating"


def test_refused_phase_change_shows_error_and_changes_nothing(client_for, coordinator_user, experiment):
    response = client_for(coordinator_user).post(
        phase_url(experiment), {"to_phase": "permanent", "reason": "Hyppy", "effective_date": "2022-10-01"}
    )
    assert response.status_code == 400
    assert "to_phase" in response.context["phase_form"].errors
    experiment.refresh_from_db()
    assert experiment.phase == "pilot"


@pytest.mark.parametrize("persona", ["owner", "viewer", "steering_user"])
def test_only_coordinators_change_phase(request, client_for, experiment, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        phase_url(experiment), {"to_phase": "consolidating", "reason": "x", "effective_date": "2022-10-01"}
    )
    assert response.status_code == 403
    experiment.refresh_from_db()
    assert experiment.phase == "pilot"


def test_timeline_is_paginated(client_for, viewer, owner):
    experiment = ExperimentFactory(owner=owner)
    for _ in range(25):
        services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="x")
    response = client_for(viewer).get(detail_url(experiment))
    assert len(response.context["timeline"].object_list) == 20
    assert len(client_for(viewer).get(detail_url(experiment), {"page": 2}).context["timeline"].object_list) == 5


def test_detail_query_count_does_not_grow_with_history(client_for, viewer, owner, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    experiment = ExperimentFactory(owner=owner)
    client = client_for(viewer)
    services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="x")
    with CaptureQueriesContext(connection) as small:
        client.get(detail_url(experiment))
    for _ in range(30):
        services.status_update_create(experiment=experiment, author=owner, health="on_track", what_happened="y")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(detail_url(experiment))
