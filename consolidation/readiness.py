"""The readiness checklist: computed from the data, never typed in.

Each item is one small registered rule. Other apps add items with `register` (the MVA app adds
"MVA approved"). `refresh_readiness` stores the result on the experiment for the portfolio; it is
registered with experiments.derived, so every service that changes an input refreshes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from experiments.models import Experiment


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    check: Callable[[Experiment, datetime.date], bool]
    order: int = 100


@dataclass(frozen=True)
class Result:
    item: Item
    ok: bool


_items: dict[str, Item] = {}


def register(key: str, label, order: int = 100):
    """Decorator: register `check(experiment, today) -> bool` as a readiness item."""

    def decorator(check):
        _items[key] = Item(key=key, label=label, check=check, order=order)
        return check

    return decorator


def items() -> list[Item]:
    return sorted(_items.values(), key=lambda item: (item.order, item.key))


def label_for(key: str):
    item = _items.get(key)
    return item.label if item else key


def _plan(experiment):
    try:
        return experiment.continuation_plan
    except Experiment.continuation_plan.RelatedObjectDoesNotExist:
        return None


@register("owner", _("Owner named"), order=10)
def owner_named(experiment, today):
    return experiment.owner_id is not None


@register("receiving_owner", _("Receiving owner named"), order=20)
def receiving_owner_named(experiment, today):
    return experiment.receiving_owner_id is not None


@register("resources", _("Resources secured"), order=30)
def resources_secured(experiment, today):
    plan = _plan(experiment)
    return plan is not None and plan.resources_secured()


@register("commitment", _("Management commitment recorded"), order=40)
def commitment_recorded(experiment, today):
    plan = _plan(experiment)
    return plan is not None and plan.commitment_recorded()


@register("plan_approved", _("Continuation plan approved and unchanged since"), order=50)
def plan_approved(experiment, today):
    plan = _plan(experiment)
    return plan is not None and plan.is_approved_and_current()


@register("technology", _("Technology continuity acceptable"), order=60)
def technology_continuity(experiment, today):
    """No platform past, or within the warning window of, its end of support without an alternative."""
    limit = today + datetime.timedelta(days=settings.IDK_CONTINUITY_WARNING_DAYS)
    plan = _plan(experiment)
    has_alternative = plan is not None and bool(plan.platform_alternative.strip())
    at_risk = experiment.platform_end_of_support is not None and experiment.platform_end_of_support <= limit
    if plan is not None and plan.platform_end_of_support and plan.platform_end_of_support <= limit:
        at_risk = True
    return not at_risk or has_alternative


@register("handover", _("Handover accepted"), order=70)
def handover_accepted(experiment, today):
    return experiment.handovers.filter(status="accepted").exists()


def evaluate(experiment: Experiment, today: datetime.date | None = None) -> list[Result]:
    today = today or timezone.localdate()
    return [Result(item=item, ok=bool(item.check(experiment, today))) for item in items()]


def stored_results(experiment: Experiment, today: datetime.date | None = None) -> list[Result]:
    """The checklist as last stored on the experiment (no queries); evaluated afresh if the registered
    items have changed since it was stored."""
    current = items()
    if experiment.readiness_total != len(current):
        return evaluate(experiment, today)
    missing_keys = set(experiment.readiness_missing)
    return [Result(item=item, ok=item.key not in missing_keys) for item in current]


def missing(experiment: Experiment, today: datetime.date | None = None) -> list[Item]:
    return [result.item for result in evaluate(experiment, today) if not result.ok]


def refresh_readiness(experiment: Experiment, today: datetime.date | None = None) -> None:
    """Store "n/N ready" and the missing keys on the experiment (one update path)."""
    plan = _plan(experiment)
    if plan is not None and plan.awaiting_decision != plan.awaits_approval():
        plan.save(update_fields=["awaiting_decision"])
    results = evaluate(experiment, today)
    done = sum(result.ok for result in results)
    missing_keys = [result.item.key for result in results if not result.ok]
    Experiment.objects.filter(pk=experiment.pk).update(
        readiness_done=done, readiness_total=len(results), readiness_missing=missing_keys
    )
    experiment.readiness_done, experiment.readiness_total, experiment.readiness_missing = (
        done,
        len(results),
        missing_keys,
    )


def refresh_all(today: datetime.date | None = None, batch_size: int = 500) -> int:
    """Recompute every experiment (daily: the technology rule depends on the date)."""
    count = 0
    queryset = Experiment.objects.select_related("continuation_plan").order_by("pk")
    for experiment in queryset.iterator(chunk_size=batch_size):
        refresh_readiness(experiment, today)
        count += 1
    return count
