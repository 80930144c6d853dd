"""Reminders through a real SMTP server (aiosmtpd) started by the test: what arrives, and a permanent refusal."""

import datetime
import email
from email import policy as email_policy

import pytest

from reminders.models import Message
from reminders.testing import sweep_on
from tests.conftest import SMTPServer, free_tcp_port
from tests.factories import ExperimentFactory

D = datetime.date
pytestmark = [pytest.mark.smtp, pytest.mark.django_db]


def parse(envelope):
    return email.message_from_bytes(envelope.original_content or envelope.content, policy=email_policy.default)


def test_a_reminder_arrives_with_text_and_html_parts(smtp_server, owner):
    experiment = ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1), name_fi="Palautepalvelu")
    sweep_on(D(2023, 2, 2))

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == [owner.email]
    message = parse(envelope)
    assert message.get_content_type() == "multipart/alternative"
    assert message["List-Unsubscribe"] == "<http://127.0.0.1:8000/accounts/settings/>"
    assert "1 " in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Palautepalvelu" in part
        assert f"http://127.0.0.1:8000/experiments/{experiment.slug}/" in part
        assert "http://127.0.0.1:8000/reminders/action/" in part
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert Message.objects.get().status == Message.Status.SENT


@pytest.fixture
def refusing_smtp_server(settings):
    """A real SMTP server that refuses every recipient with 550 (a permanent failure)."""
    from aiosmtpd.controller import Controller

    server = SMTPServer(host="127.0.0.1", port=free_tcp_port())

    class Handler:
        async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):  # noqa: N802
            return "550 5.1.1 No such user"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    try:
        yield server
    finally:
        controller.stop()


def test_a_refused_recipient_marks_the_address_bouncing(refusing_smtp_server, owner):
    ExperimentFactory(owner=owner, status_due_on=D(2023, 2, 1))
    sweep_on(D(2023, 2, 2))
    owner.refresh_from_db()
    assert owner.email_bounced_at is not None
    message = Message.objects.get()
    assert message.status == Message.Status.FAILED and "550" in message.last_error
