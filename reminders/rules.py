"""The reminder rule registry: each rule is one small unit that says which items need a reminder today.

Registering a rule from another app (do it in your AppConfig.ready())::

    from reminders import rules

    class OverdueMvaAction(rules.BaseRule):
        key = "mva_action_overdue"               # stable: stored in every Reminder row
        label = _("MVA action overdue")         # translatable; e-mail headings and the log's filter

        def candidates(self, ctx):
            for action in MvaAction.objects.filter(done_on__isnull=True, due_date__lt=ctx.today).iterator():
                yield rules.Candidate(
                    item_key=f"mva-action:{action.pk}",
                    recipient_ids=(action.responsible_id,),
                    experiment_id=action.experiment_id,
                    url=action.get_absolute_url(),
                    params={"title": action.title, "due_date": action.due_date.isoformat()},
                )

    rules.register(OverdueMvaAction())

The sweep (reminders.services.sweep) does everything else: working days and quiet periods, repeats every
REMINDERS_REPEAT_WORKING_DAYS working days while the item stays a candidate, "answered" when the item stops
being a candidate (or `acted_at` is newer than the last reminder, or the person snoozes), escalation of the
third unanswered reminder to coordinators and the steering group, one digest per person per day, and the outbox.

A rule must not send anything itself and must not change data; `candidates` may be called more than once a day
(re-runs, dry runs) and must be cheap: one or a few queries for all items, iterate with .iterator().
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import Reminder


@dataclass(frozen=True)
class Candidate:
    """One item that needs a reminder today, with the people it goes to."""

    item_key: str  # stable id of the item, unique within the rule, e.g. "milestone:12" (max 100 chars)
    recipient_ids: tuple[int, ...]  # user ids; unreachable users are skipped by the sweep
    experiment_id: int | None = None  # for the experiment's reminder history
    url: str = ""  # path of the item in the app (SITE_URL is prepended in e-mails)
    params: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable; kept on the Reminder for describe()
    acted_at: datetime.datetime | None = None  # latest action on the item; newer than the last reminder = answered
    repeat_working_days: int | None = None  # per-item override of REMINDERS_REPEAT_WORKING_DAYS


@dataclass(frozen=True)
class SweepContext:
    """What a rule may use: the day being swept, the settings, and the portfolio-wide staff."""

    today: datetime.date
    now: datetime.datetime
    staff_ids: tuple[int, ...]  # reachable coordinators and steering-group members
    coordinator_ids: tuple[int, ...]
    steering_ids: tuple[int, ...]


@runtime_checkable
class Rule(Protocol):
    key: str  # unique and stable, at most 60 characters
    label: str | Promise  # short, translatable
    escalates: bool  # the third unanswered reminder goes to the coordinators and the steering group too
    confirmable: bool  # the e-mail offers "still accurate – confirm" (experiments.services.status_confirm)

    def candidates(self, ctx: SweepContext) -> Iterable[Candidate]: ...

    def describe(self, reminder: Reminder) -> str:
        """One line for the e-mail and the log, in the active language."""
        ...


class BaseRule:
    """Defaults for the Rule protocol; subclass and implement `candidates`."""

    key: str = ""
    label: str | Promise = ""
    escalates: bool = True
    confirmable: bool = False

    def candidates(self, ctx: SweepContext) -> Iterable[Candidate]:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self, reminder: Reminder) -> str:
        title = reminder.params.get("title") or (str(reminder.experiment) if reminder.experiment_id else "")
        return f"{self.label}: {title}" if title else str(self.label)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule (an instance) to the registry; registering the same key again replaces it."""
    if not isinstance(rule, Rule) or not rule.key or len(rule.key) > 60:
        raise TypeError(f"{rule!r} does not implement reminders.rules.Rule (key, label, candidates, ...)")
    _rules[rule.key] = rule
    return rule


def unregister(key: str) -> None:
    _rules.pop(key, None)


def get(key: str) -> Rule | None:
    return _rules.get(key)


def all_rules() -> list[Rule]:
    return list(_rules.values())


def choices() -> list[tuple[str, str]]:
    return [(rule.key, str(rule.label)) for rule in _rules.values()]


def describe(reminder: Reminder) -> str:
    rule = get(reminder.rule)
    if rule is None:  # a rule that was removed: still show the log
        return _("Reminder: %(item)s") % {"item": reminder.item_key}
    return rule.describe(reminder)


def chunked(iterable: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for element in iterable:
        chunk.append(element)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
