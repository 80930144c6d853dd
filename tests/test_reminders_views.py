"""The reminder log page (coordinators only), its filters, and the experiment's reminder history include."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from accounts import policy
from reminders.models import Message, Reminder
from reminders.testing import sweep_on
from tests.factories import ExperimentFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def history(owner, coordinator_user, steering_user):
    stale = ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1), name_fi="Vanhentunut")
    ExperimentFactory(owner=None, name_fi="Orpo")
    day = D(2023, 2, 2)
    while day <= D(2023, 2, 22):
        sweep_on(day)
        day += datetime.timedelta(days=1)
    return stale


def test_only_coordinators_may_view_reminders(owner, coordinator_user, steering_user, viewer):
    assert policy.can_portfolio(coordinator_user, "view_reminders")
    for user in (owner, steering_user, viewer):
        assert not policy.can_portfolio(user, "view_reminders")


@pytest.mark.parametrize("persona, status", [("coordinator_user", 200), ("steering_user", 403), ("owner", 403)])
def test_log_page_access(persona, status, request, client_for, history):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/reminders/").status_code == status


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/reminders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_log_lists_reminders_with_delivery_answer_and_escalation(client_for, coordinator_user, history, owner):
    response = client_for(coordinator_user).get("/reminders/")
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html
    assert owner.display_name in html
    table = response.context["table"]
    assert table.paginator.count == Reminder.objects.count()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("escalated=on", lambda: Reminder.objects.filter(escalated=True)),
        ("rule=no_reachable_owner", lambda: Reminder.objects.filter(rule="no_reachable_owner")),
        ("answered=no", lambda: Reminder.objects.filter(answered_at__isnull=True)),
        ("delivery=sent", lambda: Reminder.objects.filter(message__status=Message.Status.SENT)),
        ("experiment=Vanhentunut", lambda: Reminder.objects.filter(experiment__name_fi="Vanhentunut")),
        ("person=olli", lambda: Reminder.objects.filter(recipient__first_name="Olli")),
        (
            "sent_from=2023-02-20&sent_to=2023-02-22",
            lambda: Reminder.objects.filter(sent_on__range=(D(2023, 2, 20), D(2023, 2, 22))),
        ),
    ],
)
def test_log_filters(query, expected, client_for, coordinator_user, history):
    response = client_for(coordinator_user).get(f"/reminders/?{query}")
    assert response.status_code == 200
    assert response.context["table"].paginator.count == expected().count() > 0


def test_log_query_count_does_not_grow_with_rows(client_for, coordinator_user, history, django_assert_max_num_queries):
    client = client_for(coordinator_user)
    with django_assert_max_num_queries(15):
        client.get("/reminders/")


def test_log_shows_bouncing_addresses(client_for, coordinator_user):
    UserFactory(
        username="pomppaa",
        email="pomppaa@kuopio.invalid",
        email_bounced_at=datetime.datetime(2023, 2, 1, tzinfo=datetime.UTC),
    )
    html = client_for(coordinator_user).get("/reminders/").content.decode()
    assert "pomppaa@kuopio.invalid" in html


def test_nav_link_only_for_coordinators(client_for, coordinator_user, owner, history):
    assert 'href="/reminders/"' in client_for(coordinator_user).get("/").content.decode()
    assert 'href="/reminders/"' not in client_for(owner).get("/").content.decode()


def render_history(user, experiment):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load reminders %}{% reminder_history experiment %}").render(
        Context({"request": request, "experiment": experiment})
    )


def test_experiment_history_include(history, owner, coordinator_user, viewer):
    html = render_history(coordinator_user, history)
    assert "<caption" in html and html.count("<tr>") == 1 + Reminder.objects.filter(experiment=history).count()
    assert owner.display_name in render_history(owner, history)
    assert render_history(viewer, history).strip() == ""


def test_history_selector_returns_the_experiments_reminders_newest_first(history):
    from reminders.selectors import history_for_experiment

    rows = history_for_experiment(history)
    assert [r.sent_on for r in rows] == sorted((r.sent_on for r in rows), reverse=True)
    assert {r.experiment_id for r in rows} == {history.pk}
