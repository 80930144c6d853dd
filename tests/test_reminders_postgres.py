"""Idempotency on PostgreSQL with two database connections at once (threads and a barrier), and a sweep killed
halfway. Run with DATABASE_URL=postgres://... (CI's PostgreSQL pass)."""

import datetime
import logging
import threading
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection

from reminders import services
from reminders.models import Message, Reminder
from reminders.testing import at
from tests.factories import ExperimentFactory, UserFactory, coordinator, steering_member

D = datetime.date
DAY = D(2023, 2, 6)  # a Monday: digests and the steering group's weekly digest
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portfolio():
    """40 owners with 2 stale experiments each, 5 unowned experiments, 2 coordinators, 2 steering members."""
    for i in range(40):
        owner = UserFactory(username=f"omistaja-{i}")
        for _ in range(2):
            ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1))
    for _ in range(5):
        ExperimentFactory(owner=None)
    staff = [coordinator(), coordinator(), steering_member(), steering_member()]
    # 40 owner digests + 4 staff digests (unowned experiments) + 2 steering-group digests
    return {"messages": 40 + 4 + 2, "reminders": 80 + 5 * 4, "staff": staff}


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            target()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def sent_counter():
    return Counter((m.to[0], m.subject) for m in mail.outbox)


def test_two_sweeps_at_the_same_time_send_each_message_once(portfolio):
    with time_machine.travel(at(DAY), tick=False):
        errors = run_in_threads(2, lambda: services.sweep(DAY))
    assert errors == []
    counts = sent_counter()
    assert len(mail.outbox) == portfolio["messages"]
    assert max(counts.values()) == 1
    assert Message.objects.count() == portfolio["messages"]
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    assert Reminder.objects.count() == portfolio["reminders"]


def test_two_deliveries_of_the_same_outbox_send_each_message_once(portfolio):
    with time_machine.travel(at(DAY), tick=False):
        services.sweep(DAY, deliver=False)
        errors = run_in_threads(2, services.deliver_pending)
    assert errors == []
    assert len(mail.outbox) == portfolio["messages"]
    assert max(sent_counter().values()) == 1


class Killed(BaseException):
    """A crash the sweep cannot catch (like the process being killed)."""


class DyingBackend(locmem.EmailBackend):
    sends_before_death: int | None = None

    def send_messages(self, messages):
        if DyingBackend.sends_before_death is not None:
            if DyingBackend.sends_before_death == 0:
                raise Killed
            DyingBackend.sends_before_death -= 1
        return super().send_messages(messages)


def test_a_sweep_killed_halfway_and_run_again_sends_exactly_the_rest(portfolio, settings, caplog):
    settings.EMAIL_BACKEND = "tests.test_reminders_postgres.DyingBackend"
    DyingBackend.sends_before_death = 10
    try:
        with time_machine.travel(at(DAY), tick=False):
            with pytest.raises(Killed):
                services.sweep(DAY)
        assert len(mail.outbox) == 10
        stuck = Message.objects.get(status=Message.Status.SENDING)  # claimed when the process died

        DyingBackend.sends_before_death = None
        with time_machine.travel(at(DAY, 7, 35), tick=False):
            services.sweep(DAY)  # the re-run: plans nothing new, sends the rest, leaves the fresh claim alone
        assert len(mail.outbox) == portfolio["messages"] - 1
        with caplog.at_level(logging.WARNING, logger="reminders.services"):
            with time_machine.travel(at(DAY, 7, 45), tick=False):  # the claim is now older than 10 minutes
                assert services.deliver_pending() == 1
        assert f"Outbox message {stuck.pk}" in caplog.text and "possibly sent twice" in caplog.text
    finally:
        DyingBackend.sends_before_death = None

    assert len(mail.outbox) == portfolio["messages"]
    assert max(sent_counter().values()) == 1
    assert Reminder.objects.count() == portfolio["reminders"]


def test_a_sweep_killed_while_planning_and_run_again_plans_each_reminder_once(portfolio, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 7)
    real_lock = services._lock_messages
    calls = {"n": 0}

    def dying_lock(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise Killed
        return real_lock(*args, **kwargs)

    monkeypatch.setattr(services, "_lock_messages", dying_lock)
    with time_machine.travel(at(DAY), tick=False):
        with pytest.raises(Killed):
            services.sweep(DAY)
        assert mail.outbox == []
        assert 0 < Reminder.objects.count() < portfolio["reminders"]  # three batches were committed
        monkeypatch.setattr(services, "_lock_messages", real_lock)
        services.sweep(DAY)

    assert Reminder.objects.count() == portfolio["reminders"]
    assert len(mail.outbox) == portfolio["messages"]
    assert max(sent_counter().values()) == 1
    assert Counter(Reminder.objects.values_list("item_key", "recipient_id")).most_common(1)[0][1] == 1
