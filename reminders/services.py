"""The reminder sweep, the outbox and the one-click actions.

sweep(day)            plan today's reminders (threads -> Reminder rows -> outbox Messages), then deliver
handle_one_message()  claim one outbox row atomically, send it, record the outcome (style.md habits 2 and 3)
deliver_pending()     loop handle_one_message over everything due (new, retry-due, or a stale claim)
link_*                signed one-click links: confirm the status / snooze 14 days

Planning is idempotent: the threads of a batch are locked (select_for_update) and re-read before deciding,
Reminder and Message rows have unique keys, and a Message that is already being sent or was sent gets no
new reminders (they wait for the next working day). So two sweeps at once, a Celery retry or a re-run plan
and send every message exactly once.
"""

from __future__ import annotations

import datetime
import logging
import random
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import policy
from accounts.roles import COORDINATORS, STEERING_GROUP
from experiments.services import status_confirm

from . import rules as rule_registry
from . import selectors, workdays
from .models import Message, Reminder, Thread
from .rules import Candidate, Rule, SweepContext

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
LINK_SALT = "reminders.one-click"
CONFIRM, SNOOZE = "confirm", "snooze"
ACTIONS = (CONFIRM, SNOOZE)


# --- Recipients -----------------------------------------------------------------------------


class Recipients:
    """A light cache of what the sweep needs to know about people: reachable? weekly digest?"""

    def __init__(self):
        self._info: dict[int, tuple[bool, bool]] = {}

    def load(self, ids) -> None:
        missing = [pk for pk in set(ids) if pk not in self._info]
        User = get_user_model()
        for chunk in rule_registry.chunked(missing, 1000):
            rows = User.objects.filter(pk__in=chunk).values_list(
                "pk", "is_active", "email", "email_bounced_at", "reminder_frequency"
            )
            for pk, active, email, bounced, frequency in rows:
                self._info[pk] = (bool(active and email and bounced is None), frequency == "weekly")
        for pk in missing:
            self._info.setdefault(pk, (False, False))

    def reachable(self, pk: int) -> bool:
        return self._info[pk][0]

    def weekly(self, pk: int) -> bool:
        return self._info[pk][1]


def staff_ids(group: str) -> tuple[int, ...]:
    User = get_user_model()
    return tuple(
        User.objects.filter(groups__name=group, is_active=True, email_bounced_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


# --- The sweep ------------------------------------------------------------------------------


@dataclass
class SweepResult:
    day: datetime.date
    forced: bool = False
    dry_run: bool = False
    skipped: str = ""  # why nothing was planned (not a working day)
    quiet: bool = False
    weekly_day: bool = False
    reminders: int = 0
    steering_digests: int = 0
    message_ids: set[int] = field(default_factory=set)
    sent: int = 0
    preview: list[dict] = field(default_factory=list)  # dry run: what would be sent


@dataclass
class _Planned:
    candidate: Candidate
    recipient_id: int
    role: str
    sequence: int
    escalated: bool


def sweep(
    day: datetime.date | None = None, *, force: bool = False, dry_run: bool = False, deliver: bool = True
) -> SweepResult:
    """Run the reminders for `day` (default today). `force` ignores the working-day and quiet-period checks
    and treats the day as a weekly-digest day (the quick start's start-up sweep). `dry_run` plans inside a
    transaction that is rolled back and returns a preview; nothing is sent or kept."""
    day = day or timezone.localdate()
    result = SweepResult(day=day, forced=force, dry_run=dry_run)
    if not force and not workdays.is_working_day(day):
        result.skipped = "weekend" if day.weekday() >= 5 else "public holiday"
        return result
    if dry_run:
        from . import emails

        with transaction.atomic():
            plan(day, force=force, result=result)
            for message in Message.objects.filter(pk__in=result.message_ids).select_related("recipient"):
                result.preview.append(emails.preview(message))
            transaction.set_rollback(True)
        return result
    plan(day, force=force, result=result)
    if deliver:
        result.sent = deliver_pending()
    return result


def plan(day: datetime.date, *, force: bool = False, result: SweepResult | None = None) -> SweepResult:
    result = result or SweepResult(day=day, forced=force)
    now = timezone.now()
    result.quiet = not force and workdays.is_quiet(day)
    result.weekly_day = force or workdays.is_weekly_digest_day(day)
    coordinators, steering = staff_ids(COORDINATORS), staff_ids(STEERING_GROUP)
    ctx = SweepContext(
        today=day,
        now=now,
        staff_ids=tuple(dict.fromkeys(coordinators + steering)),
        coordinator_ids=coordinators,
        steering_ids=steering,
    )
    recipients = Recipients()
    for rule in rule_registry.all_rules():
        seen: set[tuple[str, int]] = set()
        for chunk in rule_registry.chunked(rule.candidates(ctx), BATCH_SIZE):
            _plan_chunk(rule, chunk, ctx, recipients, seen, result)
        _resolve_threads(rule, seen, now)
    if result.weekly_day and not result.quiet and steering:
        _plan_steering_digests(day, steering, result)
    return result


def _plan_chunk(
    rule: Rule, chunk: list[Candidate], ctx: SweepContext, recipients: Recipients, seen: set, result: SweepResult
) -> None:
    day, now = ctx.today, ctx.now
    pairs = []
    for candidate in chunk:
        for rid in dict.fromkeys(candidate.recipient_ids):
            if rid:
                pairs.append((candidate, rid))
                seen.add((candidate.item_key, rid))
    recipients.load(rid for _c, rid in pairs)
    recipients.load(ctx.staff_ids)
    pairs = [(c, rid) for c, rid in pairs if recipients.reachable(rid)]
    if not pairs:
        return
    item_keys = {c.item_key for c, _rid in pairs}
    threshold = settings.REMINDERS_ESCALATE_AT
    default_repeat = settings.REMINDERS_REPEAT_WORKING_DAYS

    with transaction.atomic():
        existing = set(
            Thread.objects.filter(rule=rule.key, item_key__in=item_keys).values_list("item_key", "recipient_id")
        )
        # Inserts and locks go in a stable order, so concurrent sweeps (other processes too) cannot deadlock.
        new = sorted(
            (
                Thread(rule=rule.key, item_key=c.item_key, recipient_id=rid, experiment_id=c.experiment_id)
                for c, rid in pairs
                if (c.item_key, rid) not in existing
            ),
            key=lambda t: (t.item_key, t.recipient_id),
        )
        if new:
            Thread.objects.bulk_create(new, ignore_conflicts=True)
        # The claim: lock this batch's threads and decide on their current state (a concurrent sweep waits here
        # and then sees what this one wrote).
        threads = {
            (t.item_key, t.recipient_id): t
            for t in Thread.objects.select_for_update().filter(rule=rule.key, item_key__in=item_keys).order_by("pk")
        }
        changed: dict[int, Thread] = {}
        answered: list[int] = []
        groups: list[tuple[Thread, int, list[_Planned]]] = []
        for candidate, rid in pairs:
            thread = threads[(candidate.item_key, rid)]
            repeat = candidate.repeat_working_days or default_repeat
            if (
                thread.sequence
                and candidate.acted_at
                and thread.last_sent_at
                and candidate.acted_at > thread.last_sent_at
            ):
                # Answered: the person acted on the item after the last reminder.
                answered.append(thread.pk)
                thread.sequence, thread.escalated_at = 0, None
                thread.next_due_on = workdays.add_working_days(timezone.localdate(candidate.acted_at), repeat)
                changed[thread.pk] = thread
            if thread.snoozed_until and day < thread.snoozed_until:
                continue
            if thread.next_due_on and day < thread.next_due_on:
                continue
            sequence = thread.sequence + 1
            escalated = rule.escalates and sequence >= threshold
            first_escalation = rule.escalates and sequence == threshold
            planned: list[_Planned] = []
            if not result.quiet and (escalated or result.weekly_day or not recipients.weekly(rid)):
                planned.append(_Planned(candidate, rid, Reminder.Role.RESPONSIBLE, sequence, escalated))
            if first_escalation:
                # Quiet periods: only escalations to the steering group go out.
                for staff_id in ctx.steering_ids if result.quiet else ctx.staff_ids:
                    if staff_id != rid:
                        planned.append(_Planned(candidate, staff_id, Reminder.Role.ESCALATION, sequence, True))
            if planned:
                groups.append((thread, repeat, planned))

        messages = _lock_messages(groups, day, result.weekly_day, recipients)
        reminders: list[Reminder] = []
        escalation_messages: set[int] = set()
        for thread, repeat, planned in groups:
            kept = []
            for p in planned:
                message = messages[(p.recipient_id, _period(p.recipient_id, day, result.weekly_day, recipients))]
                if message.status == Message.Status.PENDING:
                    kept.append((p, message))
                elif p.role == Reminder.Role.RESPONSIBLE:
                    kept = []  # today's e-mail to this person has gone already: try again next working day
                    break
            if not kept:
                continue
            for p, message in kept:
                reminders.append(
                    Reminder(
                        rule=rule.key,
                        item_key=p.candidate.item_key,
                        recipient_id=p.recipient_id,
                        period=message.period,
                        thread=thread,
                        experiment_id=p.candidate.experiment_id,
                        message=message,
                        role=p.role,
                        sequence=p.sequence,
                        escalated=p.escalated,
                        params=p.candidate.params,
                        url=p.candidate.url[:300],
                        sent_on=day,
                    )
                )
                result.message_ids.add(message.pk)
                if p.escalated:
                    escalation_messages.add(message.pk)
            sequence = kept[0][0].sequence
            thread.sequence = sequence
            thread.last_sent_on, thread.last_sent_at = day, now
            thread.next_due_on = workdays.add_working_days(day, repeat)
            thread.snoozed_until = None
            if kept[0][0].escalated and thread.escalated_at is None:
                thread.escalated_at = now
            changed[thread.pk] = thread

        if answered:
            Reminder.objects.filter(thread_id__in=answered, answered_at__isnull=True).update(
                answered_at=now, answered_how=Reminder.Answer.ACTED
            )
        if reminders:
            reminders.sort(key=lambda r: (r.item_key, r.recipient_id))
            Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
            result.reminders += len(reminders)
        if escalation_messages:
            Message.objects.filter(pk__in=escalation_messages, escalation=False).update(escalation=True)
        _save_threads(changed.values())


THREAD_STATE = ("sequence", "last_sent_on", "last_sent_at", "next_due_on", "snoozed_until", "escalated_at")


def _save_threads(threads) -> None:
    """Write the threads' new state with one UPDATE per distinct state: a batch's threads mostly share it, and
    this is far cheaper than bulk_update's CASE expressions."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for thread in threads:
        groups[tuple(getattr(thread, field) for field in THREAD_STATE)].append(thread.pk)
    for state, pks in groups.items():
        Thread.objects.filter(pk__in=sorted(pks)).update(**dict(zip(THREAD_STATE, state, strict=True)))


def _period(recipient_id: int, day: datetime.date, weekly_day: bool, recipients: Recipients) -> str:
    if weekly_day and recipients.weekly(recipient_id):
        return workdays.iso_week(day)
    return day.isoformat()


def _lock_messages(groups, day, weekly_day, recipients) -> dict[tuple[int, str], Message]:
    """Create the digests this batch needs (unique per recipient and period) and lock them."""
    keys = {
        (p.recipient_id, _period(p.recipient_id, day, weekly_day, recipients))
        for _thread, _repeat, planned in groups
        for p in planned
    }
    if not keys:
        return {}
    Message.objects.bulk_create(
        [Message(kind=Message.Kind.DIGEST, recipient_id=rid, period=period) for rid, period in sorted(keys)],
        ignore_conflicts=True,
    )
    found = Message.objects.select_for_update().filter(
        kind=Message.Kind.DIGEST,
        recipient_id__in={rid for rid, _p in keys},
        period__in={period for _r, period in keys},
    )
    return {(m.recipient_id, m.period): m for m in found.order_by("pk")}


def _resolve_threads(rule: Rule, seen: set, now: datetime.datetime) -> None:
    """Threads whose item is no longer a candidate: the condition ended (answered); start afresh next time."""
    active = Thread.objects.filter(rule=rule.key).filter(
        Q(sequence__gt=0) | Q(snoozed_until__isnull=False) | Q(next_due_on__isnull=False)
    )
    ended = [
        pk
        for pk, item_key, rid in active.values_list("pk", "item_key", "recipient_id").iterator(chunk_size=2000)
        if (item_key, rid) not in seen
    ]
    for chunk in rule_registry.chunked(ended, 1000):
        with transaction.atomic():
            Thread.objects.filter(pk__in=chunk).update(
                sequence=0, next_due_on=None, snoozed_until=None, escalated_at=None
            )
            Reminder.objects.filter(thread_id__in=chunk, answered_at__isnull=True).update(
                answered_at=now, answered_how=Reminder.Answer.RESOLVED
            )


def _plan_steering_digests(day: datetime.date, steering: tuple[int, ...], result: SweepResult) -> None:
    week = workdays.iso_week(day)
    waiting = set(steering) - set(
        Message.objects.filter(kind=Message.Kind.STEERING, period=week).values_list("recipient_id", flat=True)
    )
    if not waiting:
        return
    context = selectors.steering_digest_data(day)
    Message.objects.bulk_create(
        [
            Message(kind=Message.Kind.STEERING, recipient_id=rid, period=week, context=context)
            for rid in sorted(waiting)
        ],
        ignore_conflicts=True,
    )
    result.steering_digests += len(waiting)
    result.message_ids.update(
        Message.objects.filter(kind=Message.Kind.STEERING, period=week, recipient_id__in=waiting).values_list(
            "pk", flat=True
        )
    )


# --- The outbox -----------------------------------------------------------------------------


class PermanentFailure(Exception):
    pass


def _is_permanent(exc: Exception) -> bool:
    """SMTP 5xx and refused recipients are permanent (the address bounces); everything else is retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False  # our configuration, not the recipient's address
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: base·2^(n-1), capped, then a random 50–100 % of it."""
    base = settings.REMINDERS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    capped = min(base, settings.REMINDERS_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=capped * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not security


def _due_filter(now: datetime.datetime) -> Q:
    stale_claim = now - datetime.timedelta(minutes=settings.REMINDERS_CLAIM_TIMEOUT_MINUTES)
    pending = Q(status=Message.Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return pending | Q(status=Message.Status.SENDING, claimed_at__lt=stale_claim)


def deliver_pending(limit: int | None = None) -> int:
    """Send every outbox message that is due; returns how many were sent."""
    ids = list(Message.objects.filter(_due_filter(timezone.now())).order_by("pk").values_list("pk", flat=True))
    sent = 0
    for pk in ids[:limit] if limit else ids:
        sent += handle_one_message(pk)
    return sent


def handle_one_message(message_id: int) -> bool:
    """Claim, send and record one outbox message. True if it was sent now."""
    from . import emails

    now = timezone.now()
    claim = {"status": Message.Status.SENDING, "claimed_at": now, "attempts": F("attempts") + 1}
    pending = Q(status=Message.Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    if not Message.objects.filter(pending, pk=message_id).update(**claim):
        stale_claim = now - datetime.timedelta(minutes=settings.REMINDERS_CLAIM_TIMEOUT_MINUTES)
        if not Message.objects.filter(pk=message_id, status=Message.Status.SENDING, claimed_at__lt=stale_claim).update(
            **claim
        ):
            return False  # gone, sent, or someone else is sending it
        logger.warning(
            "Outbox message %s was claimed over %s minutes ago but its send was never recorded; "
            "retrying it: possibly sent twice.",
            message_id,
            settings.REMINDERS_CLAIM_TIMEOUT_MINUTES,
        )
    message = Message.objects.select_related("recipient").get(pk=message_id)
    user = message.recipient
    if not user.is_reachable:
        _finish(message, Message.Status.CANCELLED, "The recipient cannot be reached.")
        return False
    try:
        email = emails.build(message)
    except emails.NothingToSend:
        _finish(message, Message.Status.CANCELLED, "Nothing left to send.")
        return False
    except Exception as exc:  # a bug in a rule's describe() or a template: do not retry for ever
        logger.exception("Outbox message %s could not be rendered", message_id)
        _finish(message, Message.Status.FAILED, f"Rendering failed: {exc!r}")
        return False
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as exc:
        if _is_permanent(exc):
            logger.warning("Outbox message %s: permanent failure for %s: %r", message_id, user.email, exc)
            _finish(message, Message.Status.FAILED, repr(exc)[:2000])
            get_user_model().objects.filter(pk=user.pk, email_bounced_at__isnull=True).update(email_bounced_at=now)
            return False
        if message.attempts >= settings.REMINDERS_MAX_SEND_ATTEMPTS:
            logger.error("Outbox message %s: giving up after %s attempts: %r", message_id, message.attempts, exc)
            _finish(message, Message.Status.FAILED, repr(exc)[:2000])
            return False
        delay = retry_delay(message.attempts)
        logger.info("Outbox message %s: temporary failure (%r); retrying in %s", message_id, exc, delay)
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
            status=Message.Status.PENDING, claimed_at=None, next_attempt_at=now + delay, last_error=repr(exc)[:2000]
        )
        return False
    Message.objects.filter(pk=message_id).update(status=Message.Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def _finish(message: Message, status: str, error: str) -> None:
    Message.objects.filter(pk=message.pk).update(status=status, last_error=error)


# --- One-click links ------------------------------------------------------------------------


class LinkError(Exception):
    """Why a one-click link cannot be used: tampered, expired, used, wrong_user or unavailable."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def link_token(reminder: Reminder, action: str) -> str:
    """A signed, timestamped token bound to the user, the reminder (item) and the action."""
    return signing.dumps({"r": reminder.pk, "u": reminder.recipient_id, "a": action}, salt=LINK_SALT, compress=False)


def link_actions(reminder: Reminder) -> list[str]:
    """The one-click actions a reminder's e-mail offers."""
    if reminder.role != Reminder.Role.RESPONSIBLE or reminder.thread_id is None:
        return []
    rule = rule_registry.get(reminder.rule)
    actions = []
    if rule is not None and rule.confirmable and reminder.experiment_id:
        actions.append(CONFIRM)
    actions.append(SNOOZE)
    return actions


def link_check(token: str, *, request_user=None) -> tuple[Reminder, str]:
    """The reminder and action of a valid, unused link; raises LinkError. Changes nothing."""
    max_age = datetime.timedelta(days=settings.REMINDERS_LINK_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("tampered") from exc
    if not isinstance(payload, dict) or payload.get("a") not in ACTIONS:
        raise LinkError("tampered")
    reminder = Reminder.objects.select_related("recipient", "experiment", "thread").filter(pk=payload.get("r")).first()
    if reminder is None:
        raise LinkError("unavailable")
    if reminder.recipient_id != payload.get("u"):
        raise LinkError("wrong_user")
    if request_user is not None and request_user.is_authenticated and request_user.pk != reminder.recipient_id:
        raise LinkError("wrong_user")
    if reminder.link_used_at is not None:
        raise LinkError("used")
    if not reminder.recipient.is_active or payload["a"] not in link_actions(reminder):
        raise LinkError("unavailable")
    return reminder, payload["a"]


def link_perform(token: str, *, request_user=None) -> tuple[Reminder, str]:
    """Check the link, use it up and do its action, all in one transaction (a refused action uses nothing)."""
    reminder, action = link_check(token, request_user=request_user)
    user = reminder.recipient
    now = timezone.now()
    try:
        with transaction.atomic():
            if not Reminder.objects.filter(pk=reminder.pk, link_used_at__isnull=True).update(
                link_used_at=now, link_action=action
            ):
                raise LinkError("used")
            if action == CONFIRM:
                if not policy.can(user, "post_status", reminder.experiment):
                    raise LinkError("unavailable")
                status_confirm(experiment=reminder.experiment, author=user)
                thread_answer(reminder.thread, how=Reminder.Answer.CONFIRMED)
            else:
                thread_snooze(reminder.thread, days=settings.REMINDERS_SNOOZE_DAYS)
    except ValidationError as exc:
        raise LinkError("unavailable") from exc
    reminder.refresh_from_db()
    return reminder, action


def thread_answer(thread: Thread, *, how: str, next_due_on: datetime.date | None = None) -> None:
    now = timezone.now()
    Thread.objects.filter(pk=thread.pk).update(sequence=0, escalated_at=None, next_due_on=next_due_on)
    Reminder.objects.filter(thread=thread, answered_at__isnull=True).update(answered_at=now, answered_how=how)


def thread_snooze(thread: Thread, *, days: int) -> datetime.date:
    until = timezone.localdate() + datetime.timedelta(days=days)
    thread_answer(thread, how=Reminder.Answer.SNOOZED, next_due_on=until)
    Thread.objects.filter(pk=thread.pk).update(snoozed_until=until)
    return until
