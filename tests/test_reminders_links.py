"""One-click links in reminder e-mails: signed, bound to user + item + action, expiring, single-use, GET is safe."""

import datetime
import re

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client

from experiments.models import StatusUpdate
from reminders import services
from reminders.models import Reminder, Thread
from reminders.testing import at, sweep_on
from tests.factories import ExperimentFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def stale_reminder(owner):
    experiment = ExperimentFactory(
        owner=owner, status_due_on=D(2023, 2, 1), last_update_on=D(2023, 1, 2), health="at_risk"
    )
    sweep_on(D(2023, 2, 2))
    return Reminder.objects.get(experiment=experiment)


def link_from_mail(action: str) -> str:
    """The path of the one-click link for `action` in the only e-mail sent (whatever the language)."""
    [email] = mail.outbox
    for token in re.findall(r"http://127\.0\.0\.1:8000/reminders/action/([^/\s]+)/", email.body):
        if signing.loads(token, salt=services.LINK_SALT)["a"] == action:
            return f"/reminders/action/{token}/"
    raise AssertionError(f"no {action} link in:\n{email.body}")


def post_with_csrf(client, url):
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(url, {"csrfmiddlewaretoken": token})


def url_for(reminder, action):
    return f"/reminders/action/{services.link_token(reminder, action)}/"


def test_confirm_link_from_the_email_shows_a_button_then_records_a_confirmation(stale_reminder, csrf_client):
    url = link_from_mail("confirm")
    with time_machine.travel(at(D(2023, 2, 3), 10), tick=False):
        page = csrf_client.get(url)
        assert page.status_code == 200
        assert b'method="post"' in page.content and b"csrfmiddlewaretoken" in page.content
        assert not StatusUpdate.objects.exists()  # GET changes nothing

        done = post_with_csrf(csrf_client, url)
    assert done.status_code == 200
    [confirmation] = StatusUpdate.objects.all()
    assert confirmation.kind == StatusUpdate.Kind.CONFIRMATION and confirmation.author == stale_reminder.recipient
    assert confirmation.health == "at_risk"
    stale_reminder.experiment.refresh_from_db()
    assert stale_reminder.experiment.status_due_on == D(2023, 2, 3) + datetime.timedelta(days=30)
    stale_reminder.refresh_from_db()
    assert stale_reminder.answered_how == Reminder.Answer.CONFIRMED and stale_reminder.link_action == "confirm"
    assert "_auth_user_id" not in csrf_client.session  # not logged in
    assert done["Cache-Control"].startswith("no-store") or "no-store" in done["Cache-Control"]


def test_snooze_link_snoozes_the_item_for_14_days(stale_reminder, csrf_client):
    url = url_for(stale_reminder, "snooze")
    with time_machine.travel(at(D(2023, 2, 3), 10), tick=False):
        response = post_with_csrf(csrf_client, url)
    assert response.status_code == 200
    thread = Thread.objects.get(pk=stale_reminder.thread_id)
    assert thread.snoozed_until == D(2023, 2, 17) and thread.sequence == 0
    assert not StatusUpdate.objects.exists()


def test_get_alone_never_changes_anything(stale_reminder, client):
    for action in ("confirm", "snooze"):
        for _ in range(3):
            assert client.get(url_for(stale_reminder, action)).status_code == 200
    stale_reminder.refresh_from_db()
    assert stale_reminder.link_used_at is None
    assert not StatusUpdate.objects.exists()
    assert Thread.objects.get().snoozed_until is None


def test_a_link_works_once(stale_reminder, csrf_client):
    url = url_for(stale_reminder, "confirm")
    assert post_with_csrf(csrf_client, url).status_code == 200
    again = csrf_client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode() or again.context["code"] == "used"
    assert csrf_client.post(url).status_code in (403, 410)  # without a fresh CSRF token, or used
    assert StatusUpdate.objects.count() == 1
    # The other link of the same reminder is used up too: one answer per reminder.
    assert csrf_client.get(url_for(stale_reminder, "snooze")).context["code"] == "used"


def test_an_expired_link_changes_nothing(stale_reminder, client, settings):
    with time_machine.travel(at(D(2023, 2, 2), 8), tick=False):
        url = url_for(stale_reminder, "confirm")
    with time_machine.travel(at(D(2023, 3, 5), 8), tick=False):  # 31 days later
        page = client.get(url)
        assert page.status_code == 410 and page.context["code"] == "expired"
        assert client.post(url).status_code == 410
    assert not StatusUpdate.objects.exists()


def test_a_tampered_link_changes_nothing(stale_reminder, client):
    token = services.link_token(stale_reminder, "snooze")
    payload, rest = token.split(":", 1)
    forged_payload = signing.b64_encode(
        b'{"r":%d,"u":%d,"a":"confirm"}' % (stale_reminder.pk, stale_reminder.recipient_id)
    ).decode()
    for bad in (token[:-2] + "xx", f"{forged_payload}:{rest}", "garbage"):
        response = client.post(f"/reminders/action/{bad}/")
        assert response.status_code == 400 and response.context["code"] == "tampered"
    assert not StatusUpdate.objects.exists()
    assert Thread.objects.get().snoozed_until is None


def test_a_link_signed_for_another_user_is_refused(stale_reminder, other_owner, client):
    token = signing.dumps({"r": stale_reminder.pk, "u": other_owner.pk, "a": "confirm"}, salt=services.LINK_SALT)
    response = client.post(f"/reminders/action/{token}/")
    assert response.status_code == 403 and response.context["code"] == "wrong_user"
    assert not StatusUpdate.objects.exists()


def test_a_link_opened_while_logged_in_as_someone_else_is_refused(stale_reminder, other_owner, client):
    client.force_login(other_owner)
    url = url_for(stale_reminder, "snooze")
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Thread.objects.get().snoozed_until is None


def test_the_owner_may_use_the_link_while_logged_in(stale_reminder, client):
    client.force_login(stale_reminder.recipient)
    assert client.post(url_for(stale_reminder, "snooze")).status_code == 200


def test_a_deactivated_user_cannot_use_their_links(stale_reminder, client):
    stale_reminder.recipient.is_active = False
    stale_reminder.recipient.save()
    assert client.post(url_for(stale_reminder, "confirm")).status_code == 410
    assert not StatusUpdate.objects.exists()


def test_a_confirm_the_user_may_no_longer_do_uses_nothing(stale_reminder, other_owner, client):
    """GIVEN the experiment got another owner after the e-mail WHEN the old owner confirms THEN it is refused and
    the link stays unused (the transaction is rolled back)."""
    experiment = stale_reminder.experiment
    experiment.owner = other_owner
    experiment.save()
    assert client.post(url_for(stale_reminder, "confirm")).status_code == 410
    stale_reminder.refresh_from_db()
    assert stale_reminder.link_used_at is None
    assert not StatusUpdate.objects.exists()


def test_csrf_is_enforced_on_the_post(stale_reminder, csrf_client):
    assert csrf_client.post(url_for(stale_reminder, "snooze")).status_code == 403
    assert Thread.objects.get().snoozed_until is None


def test_escalation_copies_have_no_action_links(owner, coordinator_user):
    ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1))
    day = D(2023, 2, 2)
    while day <= D(2023, 2, 22):
        sweep_on(day)
        day += datetime.timedelta(days=1)
    copy = Reminder.objects.get(recipient=coordinator_user)
    assert services.link_actions(copy) == []
    token = services.link_token(copy, "snooze")
    assert Client().get(f"/reminders/action/{token}/").status_code == 410
