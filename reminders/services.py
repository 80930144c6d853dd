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
import json
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
from django.db.models.constants import OnConflict
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


@dataclass(slots=True)
class _ThreadState:
    """A thread's state as the planning reads, decides on and writes it (a plain object, not a model instance).
    `pk` is None for a thread that does not exist yet: it is inserted with its decided state."""

    pk: int | None
    sequence: int = 0
    last_sent_on: datetime.date | None = None
    last_sent_at: datetime.datetime | None = None
    next_due_on: datetime.date | None = None
    snoozed_until: datetime.date | None = None
    escalated_at: datetime.datetime | None = None
    experiment_id: int | None = None  # only for a new thread

    def state(self) -> tuple:
        return (
            self.sequence,
            self.last_sent_on,
            self.last_sent_at,
            self.next_due_on,
            self.snoozed_until,
            self.escalated_at,
        )


THREAD_STATE = ("sequence", "last_sent_on", "last_sent_at", "next_due_on", "snoozed_until", "escalated_at")
# Columns written per row (the rest are constant for a batch; see _plan_chunk).
THREAD_COLUMNS = ("item_key", "recipient", "experiment", *THREAD_STATE)
REMINDER_COLUMNS = (
    "item_key",
    "recipient",
    "period",
    "thread",
    "experiment",
    "message",
    "role",
    "sequence",
    "escalated",
    "params",
    "url",
)


def _plan_chunk(
    rule: Rule, chunk: list[Candidate], ctx: SweepContext, recipients: Recipients, seen: set, result: SweepResult
) -> None:
    """Plan one batch of candidates in one transaction, with a fixed number of queries whatever the batch holds.

    Locks are taken in one order by every sweep (other processes too), so concurrent sweeps cannot deadlock:
    (1) the batch's existing threads, by pk; (2) the digests, by recipient and period (_lock_messages); (3) the
    new threads, inserted in (item, recipient) order with the state decided for them. A new thread that a
    concurrent sweep inserted first (the insert finds it) is left to that sweep: it planned it for the day.

    Rows are read and written as tuples, not model instances: at 100k experiments the first sweep plans
    hundreds of thousands of reminders, and per-row model machinery was most of its time."""
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
    responsible, escalation = Reminder.Role.RESPONSIBLE, Reminder.Role.ESCALATION
    quiet, weekly_day = result.quiet, result.weekly_day
    due_after: dict[tuple[datetime.date, int], datetime.date] = {}  # add_working_days, memoised for the batch

    def next_working(start: datetime.date, repeat: int) -> datetime.date:
        key = (start, repeat)
        if key not in due_after:
            due_after[key] = workdays.add_working_days(start, repeat)
        return due_after[key]

    with transaction.atomic():
        # (1) The claim: lock this batch's existing threads and decide on their current state (a concurrent sweep
        # waits here and then sees what this one wrote).
        threads = {
            (item_key, rid): _ThreadState(pk, *state)
            for pk, item_key, rid, *state in Thread.objects.select_for_update()
            .filter(rule=rule.key, item_key__in=item_keys)
            .order_by("pk")
            .values_list("pk", "item_key", "recipient_id", *THREAD_STATE)
        }
        new: dict[tuple[str, int], _ThreadState] = {}
        changed: list[_ThreadState] = []  # existing threads whose state changes
        answered: list[int] = []
        groups: list[tuple[_ThreadState, int, list[_Planned]]] = []
        for candidate, rid in pairs:
            key = (candidate.item_key, rid)
            thread = threads.get(key)
            if thread is None:
                thread = threads[key] = new[key] = _ThreadState(None, experiment_id=candidate.experiment_id)
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
                thread.next_due_on = next_working(timezone.localdate(candidate.acted_at), repeat)
                changed.append(thread)
            if thread.snoozed_until and day < thread.snoozed_until:
                continue
            if thread.next_due_on and day < thread.next_due_on:
                continue
            sequence = thread.sequence + 1
            escalated = rule.escalates and sequence >= threshold
            first_escalation = rule.escalates and sequence == threshold
            planned: list[_Planned] = []
            if not quiet and (escalated or weekly_day or not recipients.weekly(rid)):
                planned.append(_Planned(candidate, rid, responsible, sequence, escalated))
            if first_escalation:
                # Quiet periods: only escalations to the steering group go out.
                for staff_id in ctx.steering_ids if quiet else ctx.staff_ids:
                    if staff_id != rid:
                        planned.append(_Planned(candidate, staff_id, escalation, sequence, True))
            if planned:
                groups.append((thread, repeat, planned))

        # (2) The digests.
        periods: dict[int, str] = {}
        for _thread, _repeat, planned in groups:
            for p in planned:
                if p.recipient_id not in periods:
                    periods[p.recipient_id] = _period(p.recipient_id, day, weekly_day, recipients)
        messages = _lock_messages(periods)
        pending = Message.Status.PENDING
        sent: list[tuple[_ThreadState, _Planned, int]] = []
        for thread, repeat, planned in groups:
            kept = []
            for p in planned:
                message_id, status = messages[(p.recipient_id, periods[p.recipient_id])]
                if status == pending:
                    kept.append((p, message_id))
                elif p.role == responsible:
                    kept = []  # today's e-mail to this person has gone already: try again next working day
                    break
            if not kept:
                continue
            sent.extend((thread, p, message_id) for p, message_id in kept)
            first = kept[0][0]
            thread.sequence = first.sequence
            thread.last_sent_on, thread.last_sent_at = day, now
            thread.next_due_on = next_working(day, repeat)
            thread.snoozed_until = None
            if first.escalated and thread.escalated_at is None:
                thread.escalated_at = now
            if thread.pk is not None:
                changed.append(thread)

        # (3) The new threads, with their state.
        if new:
            _insert_threads(rule, new, now)

        reminders: list[tuple] = []
        escalation_messages: set[int] = set()
        params_json: dict[int, str] = {}  # one JSON text per candidate (escalation copies share it)
        for thread, p, message_id in sent:
            if thread.pk is None:
                continue  # a concurrent sweep created this thread (and planned it)
            candidate = p.candidate
            params = params_json.get(id(candidate))
            if params is None:
                params = params_json[id(candidate)] = json.dumps(candidate.params)
            reminders.append(
                (
                    candidate.item_key,
                    p.recipient_id,
                    periods[p.recipient_id],
                    thread.pk,
                    candidate.experiment_id,
                    message_id,
                    p.role,
                    p.sequence,
                    p.escalated,
                    params,
                    candidate.url[:300],
                )
            )
            result.message_ids.add(message_id)
            if p.escalated:
                escalation_messages.add(message_id)

        if answered:
            Reminder.objects.filter(thread_id__in=answered, answered_at__isnull=True).update(
                answered_at=now, answered_how=Reminder.Answer.ACTED
            )
        if reminders:
            reminders.sort(key=lambda row: (row[0], row[1]))  # item key, recipient: a stable insert order
            _insert_ignoring_conflicts(
                Reminder,
                REMINDER_COLUMNS,
                reminders,
                {"rule": rule.key, "sent_on": day, "created_at": now, "answered_how": "", "link_action": ""},
            )
            result.reminders += len(reminders)
        if escalation_messages:
            Message.objects.filter(pk__in=escalation_messages, escalation=False).update(escalation=True)
        _save_threads(changed)


def _insert_threads(rule: Rule, new: dict[tuple[str, int], _ThreadState], now: datetime.datetime) -> None:
    """Insert the batch's new threads with their decided state and set their pks. One that exists by now (a
    concurrent sweep inserted it first) is not inserted and keeps pk None."""
    keys = sorted(new)
    rows = [(item_key, rid, new[item_key, rid].experiment_id, *new[item_key, rid].state()) for item_key, rid in keys]
    inserted = _insert_ignoring_conflicts(
        Thread,
        THREAD_COLUMNS,
        rows,
        {"rule": rule.key, "updated_at": now},
        returning=("id", "item_key", "recipient_id"),
    )
    if inserted is None:
        # No INSERT … RETURNING here (SQLite): read the pks back. SQLite runs one write transaction at a time, so
        # these rows are the ones just inserted.
        inserted = Thread.objects.filter(rule=rule.key, item_key__in={k for k, _r in keys}).values_list(
            "pk", "item_key", "recipient_id"
        )
    for pk, item_key, rid in inserted:
        thread = new.get((item_key, rid))
        if thread is not None:
            thread.pk = pk


def _insert_ignoring_conflicts(
    model, fields: tuple[str, ...], rows: list[tuple], constants: dict, returning: tuple[str, ...] = ()
) -> list[tuple] | None:
    """What bulk_create(ignore_conflicts=True) does, for plain tuples of `fields` (in order) plus `constants` for
    every row, without a model instance and per-field preparation per row. The values must already be what the
    column stores: ids for foreign keys, JSON text for JSON fields.

    One statement: on PostgreSQL an INSERT … SELECT FROM UNNEST of one array per column (as Django's bulk_create
    does there), returning the `returning` columns of the rows actually inserted; elsewhere one row's INSERT run
    with executemany, returning None."""
    connection = transaction.get_connection()
    ops, meta = connection.ops, model._meta
    columns = [meta.get_field(name) for name in fields]
    const_fields = [meta.get_field(name) for name in constants]

    def adapt(field, value):
        internal = field.get_internal_type()
        if value is not None and internal == "DateTimeField":
            return ops.adapt_datetimefield_value(value)
        if value is not None and internal == "DateField":
            return ops.adapt_datefield_value(value)
        return value

    const_values = [adapt(f, v) for f, v in zip(const_fields, constants.values(), strict=True)]
    names = ", ".join(ops.quote_name(f.column) for f in (*columns, *const_fields))
    insert = f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(meta.db_table)} ({names})"
    suffix = ops.on_conflict_suffix_sql(columns, OnConflict.IGNORE, None, None)
    if connection.vendor == "postgresql":
        # %b: each column goes as one binary array (no quoting on our side, no parsing on the server's)
        arrays = ", ".join(f"%b::{f.db_type(connection).split('(')[0]}[]" for f in columns)
        consts = "".join(f", %s::{f.db_type(connection).split('(')[0]}" for f in const_fields)
        back = ""
        if returning:
            back = " RETURNING " + ", ".join(ops.quote_name(meta.get_field(f).column) for f in returning)
        with _server_side_binding_cursor(connection) as cursor:
            cursor.execute(
                f"{insert} SELECT *{consts} FROM UNNEST({arrays}) {suffix}{back}",
                [*const_values, *(list(column) for column in zip(*rows, strict=True))],  # in the SQL's order
            )
            return cursor.fetchall() if returning else []
    placeholders = ", ".join(["%s"] * (len(columns) + len(const_fields)))
    if any(f.get_internal_type() in ("DateTimeField", "DateField") for f in columns):
        rows = [tuple(adapt(f, v) for f, v in zip(columns, row, strict=True)) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(f"{insert} VALUES ({placeholders}) {suffix}", [(*row, *const_values) for row in rows])
    return None


def _server_side_binding_cursor(connection):
    """A cursor that sends the parameters apart from the SQL (psycopg's Cursor rather than Django's default
    ClientCursor, which quotes every value into the SQL text: for a batch's arrays of thousands of values the
    quoting and the server's parsing were about a third of the insert). Wrapped like any Django cursor, so
    execute wrappers and query logging see it."""
    import psycopg
    from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

    connection.ensure_connection()
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return wrapper(psycopg.Cursor(connection.connection), connection)


def _save_threads(threads) -> None:
    """Write the threads' new state with one UPDATE per distinct state: a batch's threads mostly share it, and
    this is far cheaper than bulk_update's CASE expressions."""
    groups: dict[tuple, set[int]] = defaultdict(set)
    for thread in threads:
        groups[thread.state()].add(thread.pk)
    for state, pks in groups.items():
        Thread.objects.filter(pk__in=sorted(pks)).update(**dict(zip(THREAD_STATE, state, strict=True)))


def _period(recipient_id: int, day: datetime.date, weekly_day: bool, recipients: Recipients) -> str:
    if weekly_day and recipients.weekly(recipient_id):
        return workdays.iso_week(day)
    return day.isoformat()


def _lock_messages(periods: dict[int, str]) -> dict[tuple[int, str], tuple[int, str]]:
    """Create the digests this batch needs ({recipient: period}; unique per recipient and period) and lock them:
    {(recipient, period): (message id, status)}."""
    if not periods:
        return {}
    keys = sorted(periods.items())
    _insert_ignoring_conflicts(
        Message,
        ("recipient", "period"),
        keys,
        {
            "kind": Message.Kind.DIGEST,
            "escalation": False,
            "context": "{}",
            "status": Message.Status.PENDING,
            "created_at": timezone.now(),
            "attempts": 0,
            "last_error": "",
        },
    )
    found = (
        Message.objects.select_for_update()
        .filter(
            kind=Message.Kind.DIGEST,
            recipient_id__in={rid for rid, _p in keys},
            period__in={period for _r, period in keys},
        )
        .order_by("pk")
        .values_list("recipient_id", "period", "pk", "status")
    )
    return {(rid, period): (pk, status) for rid, period, pk, status in found}


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
