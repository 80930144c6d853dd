"""Celery tasks for consolidation: thin, they only call the domain code."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import readiness


@shared_task(
    name="consolidation.refresh_readiness",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=3,
)
def refresh_readiness() -> int:
    """Recompute every experiment's stored readiness (the technology rule depends on today's date)."""
    return readiness.refresh_all()
