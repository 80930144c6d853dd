"""The outbox: e-mail format (three templates, language, List-Unsubscribe), claims, retries and bounces."""

import datetime
import logging
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem

from reminders import services
from reminders.models import Message, Reminder
from reminders.testing import assert_email_contains, at, html_part, settings_url, sweep_on
from tests.factories import ExperimentFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


FEB_1 = D(2023, 2, 1)


def stale(owner, due_on=FEB_1):
    return ExperimentFactory(owner=owner, status_due_on=due_on, last_update_on=due_on, health="on_track")


def plan_only(day):
    with time_machine.travel(at(day), tick=False):
        return services.sweep(day, deliver=False)


# --- format -------------------------------------------------------------------------------------


def test_digest_has_text_and_html_parts_with_absolute_links_and_list_unsubscribe(owner, settings):
    settings.SITE_URL = "https://idk.kuopio.example"
    experiment = stale(owner)
    sweep_on(D(2023, 2, 2))
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert_email_contains(email, f"https://idk.kuopio.example/experiments/{experiment.slug}/")
    assert_email_contains(email, "https://idk.kuopio.example/reminders/action/")
    assert email.extra_headers["List-Unsubscribe"] == "<https://idk.kuopio.example/accounts/settings/>"
    assert "\n" not in email.subject


def test_digest_is_in_the_recipients_language(owner):
    english = UserFactory(language="en")
    stale(owner)
    ExperimentFactory(
        owner=english, name_en="Library chatbot", name_fi="Kirjaston chatbot", status_due_on=D(2023, 2, 1)
    )
    sweep_on(D(2023, 2, 2))
    [to_english] = [m for m in mail.outbox if m.to == [english.email]]
    assert "Hello" in to_english.body
    assert_email_contains(to_english, "Library chatbot")
    assert "Still accurate" in to_english.body


def test_escalations_carry_no_list_unsubscribe(owner, coordinator_user):
    stale(owner)
    day = D(2023, 2, 2)
    while day <= D(2023, 2, 22):  # the third reminder, escalated, is on 22.2.
        mail.outbox.clear()
        sweep_on(day)
        day += datetime.timedelta(days=1)
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator_user.email]]
    assert to_owner and to_coordinator
    for email in to_owner + to_coordinator:
        assert "List-Unsubscribe" not in email.extra_headers
    assert_email_contains(to_coordinator[0], owner.display_name)


def test_steering_digest_goes_on_monday_with_counts_and_links_and_cannot_be_unsubscribed(owner, steering_user):
    stale(owner)
    ExperimentFactory(owner=None, name_fi="Orpo kokeilu")
    sweep_on(D(2023, 2, 7))  # Tuesday: no digest
    assert not Message.objects.filter(kind=Message.Kind.STEERING).exists()
    mail.outbox.clear()
    sweep_on(D(2023, 2, 13))  # Monday
    [digest] = [m for m in mail.outbox if m.to == [steering_user.email] and "2023-W07" in m.subject]
    assert "List-Unsubscribe" not in digest.extra_headers
    assert_email_contains(digest, "Orpo kokeilu")
    assert_email_contains(digest, "http://127.0.0.1:8000/experiments/")
    sweep_on(D(2023, 2, 14))
    assert Message.objects.filter(kind=Message.Kind.STEERING).count() == 1


def test_weekly_digest_user_gets_the_weekly_wording(owner):
    weekly = UserFactory(reminder_frequency="weekly", language="en")
    stale(weekly)
    sweep_on(D(2023, 2, 6))
    [email] = mail.outbox
    assert "weekly" in email.subject.lower()
    assert settings_url() in email.body


# --- claims and idempotency -----------------------------------------------------------------


def test_a_rerun_on_the_same_day_sends_nothing_new(owner, coordinator_user):
    stale(owner)
    ExperimentFactory(owner=None)
    sweep_on(D(2023, 2, 2))
    first = len(mail.outbox)
    sweep_on(D(2023, 2, 2))
    sweep_on(D(2023, 2, 2), force=True)
    assert len(mail.outbox) == first == 2


def test_a_message_is_claimed_once(owner):
    stale(owner)
    plan_only(D(2023, 2, 2))
    message = Message.objects.get()
    assert services.handle_one_message(message.pk) is True
    assert services.handle_one_message(message.pk) is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at is not None


def test_a_fresh_claim_is_left_alone_and_a_stale_one_is_retried_as_possibly_sent_twice(owner, caplog):
    stale(owner)
    plan_only(D(2023, 2, 2))
    message = Message.objects.get()
    claimed = at(D(2023, 2, 2), 7)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SENDING, claimed_at=claimed, attempts=1)

    with time_machine.travel(claimed + datetime.timedelta(minutes=9), tick=False):
        assert services.deliver_pending() == 0
    with caplog.at_level(logging.WARNING, logger="reminders.services"):
        with time_machine.travel(claimed + datetime.timedelta(minutes=11), tick=False):
            assert services.deliver_pending() == 1
    assert "possibly sent twice" in caplog.text
    assert len(mail.outbox) == 1


class FailingBackend(locmem.EmailBackend):
    """The in-memory backend, except that it raises `error` while one is set."""

    error: Exception | None = None

    def send_messages(self, messages):
        if FailingBackend.error is not None:
            raise FailingBackend.error
        return super().send_messages(messages)


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = "tests.test_reminders_outbox.FailingBackend"
    yield FailingBackend
    FailingBackend.error = None


def test_a_temporary_smtp_error_is_retried_with_backoff(owner, failing_backend, settings):
    settings.REMINDERS_RETRY_BASE_SECONDS = 60
    failing_backend.error = smtplib.SMTPServerDisconnected("gone")
    stale(owner)
    start = at(D(2023, 2, 2))
    with time_machine.travel(start, tick=False):
        services.sweep(D(2023, 2, 2))
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING and message.attempts == 1
    assert start + datetime.timedelta(seconds=30) <= message.next_attempt_at <= start + datetime.timedelta(seconds=60)
    assert "gone" in message.last_error

    with time_machine.travel(start + datetime.timedelta(seconds=20), tick=False):
        assert services.deliver_pending() == 0  # not yet due
        assert Message.objects.get().attempts == 1

    failing_backend.error = None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert services.deliver_pending() == 1
    assert Message.objects.get().status == Message.Status.SENT
    owner.refresh_from_db()
    assert owner.email_bounced_at is None


def test_retry_delay_grows_exponentially_with_jitter(settings):
    settings.REMINDERS_RETRY_BASE_SECONDS = 60
    settings.REMINDERS_RETRY_MAX_SECONDS = 3600
    for attempts, full in ((1, 60), (2, 120), (3, 240), (10, 3600)):
        delay = services.retry_delay(attempts).total_seconds()
        assert full / 2 <= delay <= full


def test_giving_up_after_the_maximum_attempts(owner, failing_backend, settings):
    settings.REMINDERS_MAX_SEND_ATTEMPTS = 2
    failing_backend.error = ConnectionRefusedError("no server")
    stale(owner)
    plan_only(D(2023, 2, 2))
    message = Message.objects.get()
    services.handle_one_message(message.pk)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
    services.handle_one_message(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 2


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"x@kuopio.invalid": (550, b"No such user")}),
        smtplib.SMTPDataError(554, b"Rejected"),
    ],
)
def test_a_permanent_failure_marks_the_address_bouncing_and_feeds_the_unreachable_rule(
    error, owner, coordinator_user, failing_backend
):
    failing_backend.error = error
    experiment = stale(owner)
    sweep_on(D(2023, 2, 2))
    owner.refresh_from_db()
    assert owner.email_bounced_at is not None
    assert Message.objects.get(recipient=owner).status == Message.Status.FAILED

    failing_backend.error = None
    sweep_on(D(2023, 2, 3))
    assert Reminder.objects.filter(
        rule="no_reachable_owner", experiment=experiment, recipient=coordinator_user
    ).exists()
    assert Reminder.objects.get(rule="no_reachable_owner").params == {"reason": "unreachable"}


def test_an_authentication_error_is_not_a_bounce(owner, failing_backend):
    failing_backend.error = smtplib.SMTPAuthenticationError(535, b"bad credentials")
    stale(owner)
    sweep_on(D(2023, 2, 2))
    owner.refresh_from_db()
    assert owner.email_bounced_at is None
    assert Message.objects.get().status == Message.Status.PENDING


def test_a_message_to_someone_no_longer_reachable_is_cancelled(owner):
    stale(owner)
    plan_only(D(2023, 2, 2))
    owner.is_active = False
    owner.save()
    assert services.deliver_pending() == 0
    assert Message.objects.get().status == Message.Status.CANCELLED
    assert mail.outbox == []


def test_html_part_is_a_document_in_the_recipients_language(owner):
    stale(owner)
    sweep_on(D(2023, 2, 2))
    html = html_part(mail.outbox[0])
    assert html.startswith("<!DOCTYPE html>") and 'lang="fi"' in html
