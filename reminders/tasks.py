"""Celery tasks: thin and idempotent; they only call reminders.services (style.md habit 4)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="reminders.run_sweep", **RETRY)
def run_sweep(day: str | None = None, force: bool = False) -> dict:
    """The daily sweep (beat, REMINDERS_SWEEP_TIME). Skips weekends and public holidays unless forced."""
    result = services.sweep(datetime.date.fromisoformat(day) if day else None, force=force)
    return {
        "day": result.day.isoformat(),
        "skipped": result.skipped,
        "quiet": result.quiet,
        "reminders": result.reminders,
        "steering_digests": result.steering_digests,
        "sent": result.sent,
    }


@shared_task(name="reminders.deliver_outbox", **RETRY)
def deliver_outbox() -> int:
    """Send what is due in the outbox: retries after temporary SMTP errors and claims that were never finished."""
    return services.deliver_pending()

