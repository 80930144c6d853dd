"""Reminder e-mails: every message is three templates (templates/emails/<name>-subject.txt, -body-text.txt,
-body-html.html; style.md habit 6), rendered in the recipient's language with absolute links from SITE_URL."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consolidation.models import Milestone
from experiments.models import Experiment

from . import rules as rule_registry
from . import services
from .models import Message, Reminder


class NothingToSend(Exception):
    pass


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def settings_url() -> str:
    return absolute(reverse("accounts:settings"))


def make_email(name: str, context: dict, to: str, headers: dict | None = None) -> EmailMultiAlternatives:
    """Render <name>-subject / -body-text / -body-html into one multipart e-mail."""
    context = {"site_url": settings.SITE_URL, "settings_url": settings_url(), **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body-text.txt", context)
    html = render_to_string(f"emails/{name}-body-html.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    email.attach_alternative(html, "text/html")
    return email


def build(message: Message) -> EmailMultiAlternatives:
    user = message.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if message.kind == Message.Kind.STEERING:
            return _steering_digest(message)
        return _reminder_digest(message)


def preview(message: Message) -> dict:
    """What would be sent (for --dry-run)."""
    try:
        email = build(message)
    except NothingToSend:
        return {"to": message.recipient.email, "subject": "", "body": "", "items": 0}
    return {
        "to": message.recipient.email,
        "subject": email.subject,
        "body": email.body,
        "items": message.reminders.count() if message.kind == Message.Kind.DIGEST else None,
    }


def _reminder_digest(message: Message) -> EmailMultiAlternatives:
    user = message.recipient
    reminders = list(
        message.reminders.select_related("experiment", "thread__recipient").order_by("-escalated", "rule", "pk")
    )
    if not reminders:
        raise NothingToSend
    items = [_item(reminder) for reminder in reminders]
    weekly = "W" in message.period
    context = {
        "user": user,
        "items": items,
        "count": len(items),
        "escalation": message.escalation,
        "weekly": weekly,
        "has_actions": any(item["actions"] for item in items),
        "link_days": settings.REMINDERS_LINK_MAX_AGE_DAYS,
    }
    headers = {"Auto-Submitted": "auto-generated"}
    if not message.escalation:
        headers["List-Unsubscribe"] = f"<{settings_url()}>"
    return make_email("reminder-digest", context, user.email, headers)


ACTION_LABELS = {
    services.CONFIRM: lambda: _("Still accurate – confirm"),
    services.SNOOZE: lambda: (
        ngettext("Snooze %(days)d day", "Snooze %(days)d days", settings.REMINDERS_SNOOZE_DAYS)
        % {"days": settings.REMINDERS_SNOOZE_DAYS}
    ),
}


def _item(reminder: Reminder) -> dict:
    rule = rule_registry.get(reminder.rule)
    actions = [
        {
            "label": ACTION_LABELS[action](),
            "url": absolute(reverse("reminders:action", kwargs={"token": services.link_token(reminder, action)})),
        }
        for action in services.link_actions(reminder)
    ]
    is_copy = reminder.role == Reminder.Role.ESCALATION
    return {
        "rule": str(rule.label) if rule else reminder.rule,
        "text": rule_registry.describe(reminder),
        "url": absolute(reminder.url),
        "sequence": reminder.sequence,
        "escalated": reminder.escalated,
        "escalation_copy": is_copy,
        "owner": reminder.thread.recipient.display_name if is_copy and reminder.thread_id else "",
        "actions": actions,
    }


def _steering_digest(message: Message) -> EmailMultiAlternatives:
    data = message.context or {}
    experiments = _experiments_by_id(data)
    milestone_ids = data.get("overdue_milestones", {}).get("ids", [])
    milestones = {m.pk: m for m in Milestone.objects.filter(pk__in=milestone_ids).select_related("experiment")}

    def experiment_rows(key):
        section = data.get(key, {})
        rows = []
        for pk in section.get("ids", []):
            experiment = experiments.get(pk)
            if experiment is not None:
                rows.append({"label": str(experiment), "url": absolute(experiment.get_absolute_url())})
        return section.get("count", 0), rows

    sections = []
    for key, title, more_path in (
        ("unowned", _("Experiments without an owner"), reverse("experiments:portfolio") + "?unowned=on"),
        ("stale", _("Stale experiments: status update overdue"), reverse("experiments:portfolio") + "?stale=on"),
        ("escalated", _("Escalated: three reminders without an answer"), ""),
        ("awaiting_decision", _("Awaiting a steering-group decision"), ""),
    ):
        count, rows = experiment_rows(key)
        sections.append(
            {
                "key": key,
                "title": title,
                "count": count,
                "rows": rows,
                "more": count - len(rows),
                "more_url": absolute(more_path) if more_path else "",
            }
        )
    overdue = data.get("overdue_milestones", {})
    rows = []
    for pk in overdue.get("ids", []):
        milestone = milestones.get(pk)
        if milestone is not None:
            rows.append(
                {
                    "label": f"{milestone.title} – {milestone.experiment}",
                    "detail": _("due %(date)s") % {"date": milestone.due_date.strftime("%d.%m.%Y")},
                    "url": absolute(reverse("consolidation:milestone_edit", kwargs={"pk": pk})),
                }
            )
    sections.insert(
        2,
        {
            "key": "overdue_milestones",
            "title": _("Overdue milestones"),
            "count": overdue.get("count", 0),
            "rows": rows,
            "more": overdue.get("count", 0) - len(rows),
            "more_url": "",
        },
    )
    changes = data.get("readiness_changes", {})
    rows = []
    for pk, before, after in changes.get("rows", []):
        experiment = experiments.get(pk)
        if experiment is not None:
            rows.append(
                {
                    "label": str(experiment),
                    "detail": _("readiness %(before)s → %(after)s of %(total)s")
                    % {"before": before, "after": after, "total": experiment.readiness_total},
                    "url": absolute(experiment.get_absolute_url()),
                }
            )
    sections.append(
        {
            "key": "readiness_changes",
            "title": _("Readiness changes since the previous digest"),
            "count": changes.get("count", 0),
            "rows": rows,
            "more": changes.get("count", 0) - len(rows),
            "more_url": "",
        }
    )
    context = {
        "user": message.recipient,
        "sections": sections,
        "week": message.period,
        "data": data,
        "portfolio_url": absolute(reverse("experiments:portfolio")),
    }
    # The steering group's digest cannot be switched off: no List-Unsubscribe.
    return make_email("steering-digest", context, message.recipient.email, {"Auto-Submitted": "auto-generated"})


def _experiments_by_id(data: dict) -> dict[int, Experiment]:
    ids: set[int] = set()
    for key in ("unowned", "stale", "escalated", "awaiting_decision"):
        ids.update(data.get(key, {}).get("ids", []))
    ids.update(row[0] for row in data.get("readiness_changes", {}).get("rows", []))
    return {e.pk: e for e in Experiment.objects.filter(pk__in=ids)}
