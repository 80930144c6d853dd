"""Test helpers for reminders (like healthchecks' hc/test.py): run a sweep at a frozen time, check e-mails."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from . import services

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(day: datetime.date, hour: int = 7, minute: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HELSINKI)


def sweep_on(day: datetime.date, **kwargs) -> services.SweepResult:
    """The sweep as beat runs it at 07:30 Helsinki time on `day` (time frozen)."""
    with time_machine.travel(at(day), tick=False):
        return services.sweep(day, **kwargs)


def html_part(email) -> str:
    for content, mimetype in getattr(email, "alternatives", []):
        if mimetype == "text/html":
            return content
    raise AssertionError("the e-mail has no HTML part")


def assert_email_contains(email, text: str) -> None:
    """Both the text and the HTML part contain `text` (style.md habit 6)."""
    assert text in email.body, f"{text!r} not in the text part:\n{email.body}"
    assert text in html_part(email), f"{text!r} not in the HTML part"


def settings_url() -> str:
    return settings.SITE_URL + "/accounts/settings/"
