"""The reminder log (coordinators) and the one-click action pages opened from reminder e-mails."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from accounts import policy

from . import selectors, services
from .filters import ReminderFilter
from .tables import ReminderTable

LOG_PAGE_SIZE = 50

# Why a link cannot be used -> HTTP status of the explanation page.
LINK_ERROR_STATUS = {"tampered": 400, "wrong_user": 403, "expired": 410, "used": 410, "unavailable": 410}


@vary_on_headers("HX-Request")
def reminder_log(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view_reminders")
    reminder_filter = ReminderFilter(request.GET or None, queryset=selectors.reminder_log())
    table = ReminderTable(reminder_filter.qs)
    RequestConfig(request, paginate={"per_page": LOG_PAGE_SIZE}).configure(table)
    context = {
        "filter": reminder_filter,
        "table": table,
        "bouncing": selectors.bouncing_users()[:50],
    }
    template = "reminders/log.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


def _no_leak(response: HttpResponse) -> HttpResponse:
    """The token is in the URL: keep it out of caches, referrers and search engines."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_error(request: HttpRequest, code: str) -> HttpResponse:
    return _no_leak(
        render(request, "reminders/action_invalid.html", {"code": code}, status=LINK_ERROR_STATUS.get(code, 400))
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def one_click_action(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link will do and a button; only the POST does it (mail scanners follow links).

    No password and no login: the signed token is the authority, for this one reminder and action, once.
    """
    try:
        reminder, action = services.link_check(token, request_user=request.user)
    except services.LinkError as error:
        return _link_error(request, error.code)
    with translation.override(reminder.recipient.language or settings.LANGUAGE_CODE):
        context = {
            "reminder": reminder,
            "action": action,
            "text": services.rule_registry.describe(reminder),
            "snooze_days": settings.REMINDERS_SNOOZE_DAYS,
        }
        if request.method == "POST":
            try:
                reminder, action = services.link_perform(token, request_user=request.user)
            except services.LinkError as error:
                return _link_error(request, error.code)
            context["reminder"] = reminder
            context["thread"] = reminder.thread
            return _no_leak(render(request, "reminders/action_done.html", context))
        return _no_leak(render(request, "reminders/action.html", context))
