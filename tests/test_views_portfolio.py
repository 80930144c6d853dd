"""Portfolio page: login required, the rows and marks, every filter, htmx partials and the query budget."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from experiments import services

from .factories import ExperimentFactory, OrgUnitFactory, TeamFactory, TechnologyFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("experiments:portfolio")


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_portfolio_lists_experiments_with_owner_or_no_owner(client_for, viewer, owner):
    ExperimentFactory(name_fi="Palautepalvelu", owner=owner)
    ExperimentFactory(name_fi="Kirjaston chatbot", owner=None)
    page = client_for(viewer).get(URL).content.decode()
    assert "Palautepalvelu" in page
    assert "Kirjaston chatbot" in page
    assert "Olli Omistaja" in page
    assert "Ei omistajaa" in page  # Finnish is the default language


def test_portfolio_in_english_for_a_user_who_chose_english(client_for):
    user = UserFactory(language="en")
    ExperimentFactory(name_fi="Palautepalvelu", name_en="Feedback service", owner=None)
    page = client_for(user).get(URL).content.decode()
    assert "Feedback service" in page
    assert "No owner" in page
    assert '<html lang="en">' in page


def test_english_name_falls_back_to_finnish(client_for):
    user = UserFactory(language="en")
    ExperimentFactory(name_fi="Vain suomeksi", name_en="")
    assert "Vain suomeksi" in client_for(user).get(URL).content.decode()


@time_machine.travel(datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_status_update_by_owner_shows_on_portfolio_at_once(client_for, owner):
    experiment = ExperimentFactory(owner=owner, name_fi="Tilavaraus")
    client = client_for(owner)
    response = client.post(
        reverse("experiments:status_create", args=[experiment.slug]),
        {"health": "at_risk", "what_happened": "Budjetti viivästyy", "next_steps": "Esitys johtoryhmälle"},
    )
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    row = page[page.index("Tilavaraus") :]
    assert "Riskissä" in row[:2000]
    assert "Tänään" in row[:2000]


def make_portfolio():
    """Five experiments with distinct facts, for the filter tests."""
    team_a, team_b = TeamFactory(name_fi="Tiimi A"), TeamFactory(name_fi="Tiimi B")
    unit = OrgUnitFactory(name_fi="Kirjasto")
    owner = UserFactory(first_name="Maija", last_name="Meikäläinen", username="maija")
    with time_machine.travel(datetime.datetime(2023, 1, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        fresh = ExperimentFactory(name_fi="Alfa kokeilu", team=team_a, phase="pilot", owner=owner)
        services.status_update_create(experiment=fresh, author=owner, health="on_track", what_happened="x")
        old = ExperimentFactory(name_fi="Beeta kokeilu", team=team_b, phase="consolidating", owner=None)
        services.status_update_create(
            experiment=old, author=None, health="off_track", what_happened="x", effective_date=datetime.date(2022, 6, 1)
        )
    ExperimentFactory(name_fi="Gamma chatbot", team=team_b, phase="pilot", owner=None, receiving_unit=unit)
    served = ExperimentFactory(name_fi="Delta palvelu", team=team_a, phase="idea", summary_fi="Asukaskysely")
    served.service_areas.add(unit)
    risky = ExperimentFactory(name_fi="Epsilon", team=team_a, phase="stopped")
    risky.technologies.add(TechnologyFactory(end_of_support=datetime.date(2022, 12, 31)))
    risky.refresh_platform_end_of_support()
    return {"team_a": team_a, "team_b": team_b, "unit": unit}


def names_in(response) -> set[str]:
    return {row.record.name for row in response.context["table"].page.object_list}


@time_machine.travel(datetime.datetime(2023, 1, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Alfa kokeilu", "Beeta kokeilu", "Gamma chatbot", "Delta palvelu", "Epsilon"}),
        ({"phase": ["pilot"]}, {"Alfa kokeilu", "Gamma chatbot"}),
        ({"phase": ["pilot", "idea"]}, {"Alfa kokeilu", "Gamma chatbot", "Delta palvelu"}),
        ({"health": ["off_track"]}, {"Beeta kokeilu"}),
        ({"unowned": "on"}, {"Beeta kokeilu", "Gamma chatbot"}),
        ({"stale": "on"}, {"Beeta kokeilu"}),
        ({"q": "chatbot"}, {"Gamma chatbot"}),
        ({"q": "asukaskysely"}, {"Delta palvelu"}),
        ({"owner": "meikä"}, {"Alfa kokeilu"}),
        ({"owner": "maija"}, {"Alfa kokeilu"}),
    ],
)
def test_filters(client_for, viewer, query, expected):
    make_portfolio()
    response = client_for(viewer).get(URL, query)
    assert response.status_code == 200
    assert names_in(response) == expected


@time_machine.travel(datetime.datetime(2023, 1, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_team_and_unit_filters(client_for, viewer):
    refs = make_portfolio()
    client = client_for(viewer)
    assert names_in(client.get(URL, {"team": refs["team_b"].pk})) == {"Beeta kokeilu", "Gamma chatbot"}
    assert names_in(client.get(URL, {"unit": refs["unit"].pk})) == {"Gamma chatbot", "Delta palvelu"}


@time_machine.travel(datetime.datetime(2023, 1, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_summary_strip_counts(client_for, viewer):
    make_portfolio()
    summary = client_for(viewer).get(URL).context["summary"]
    assert summary["total"] == 5
    assert dict((k, n) for k, _label, n in summary["phases"])["pilot"] == 2
    assert summary["unowned"] == 2
    assert summary["stale"] == 1
    assert summary["continuity_risk"] == 1


def test_invalid_filter_value_shows_an_error_not_a_500(client_for, viewer):
    ExperimentFactory()
    response = client_for(viewer).get(URL, {"phase": ["nonsense"], "team": "abc"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_htmx_request_gets_only_the_results_partial(client_for, viewer):
    ExperimentFactory(name_fi="Alfa")
    response = client_for(viewer).get(URL, {"q": "Alfa"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    assert 'id="results"' in body
    assert "<html" not in body
    assert "Alfa" in body
    assert response["Vary"].count("HX-Request") == 1


def test_sorting_by_name_descending(client_for, viewer):
    for name in ["Bravo", "Alfa", "Charlie"]:
        ExperimentFactory(name_fi=name)
    response = client_for(viewer).get(URL, {"sort": "-name"})
    assert [row.record.name for row in response.context["table"].page.object_list] == ["Charlie", "Bravo", "Alfa"]


def test_query_count_is_the_same_for_10_and_200_experiments(client_for, viewer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(viewer)
    ExperimentFactory.create_batch(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    ExperimentFactory.create_batch(190)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["summary"]["total"] == 200
    assert len(small.captured_queries) <= 12
