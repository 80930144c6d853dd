"""Portfolio pages. Thin: access helper first, then a selector or a service, then a template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from accounts import audit, policy

from . import selectors, services
from .filters import PortfolioFilter
from .forms import PhaseChangeForm, StatusUpdateForm
from .tables import PortfolioTable

TIMELINE_PAGE_SIZE = 20


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors by field, the rest as form errors."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@vary_on_headers("HX-Request")
def portfolio(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    portfolio_filter = PortfolioFilter(request.GET or None, queryset=selectors.portfolio_queryset())
    # Invalid filter values are reported next to their field and ignored (django-filter drops them).
    queryset = portfolio_filter.qs
    summary = selectors.portfolio_summary(queryset, today, stamp=selectors.portfolio_stamp())
    table = PortfolioTable(queryset, today=today)
    # The summary already counted the rows: the paginator reuses that instead of counting again.
    paginate = {"per_page": settings.PORTFOLIO_PAGE_SIZE, "paginator_class": known_count_paginator(summary["total"])}
    RequestConfig(request, paginate=paginate).configure(table)
    context = {
        "filter": portfolio_filter,
        "table": table,
        "summary": summary,
        "focus": selectors.focus_status(),
        "can_manage": policy.can_portfolio(request.user, "manage"),
    }
    template = "experiments/portfolio.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"  # filtering, sorting and paging swap only the results
    return render(request, template, context)


def known_count_paginator(count: int) -> type[Paginator]:
    """A Paginator that trusts a row count computed elsewhere in the same request."""
    return type("KnownCountPaginator", (Paginator,), {"count": count})


def experiment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "view", queryset=selectors.experiment_detail(slug))
    return render(request, "experiments/detail.html", detail_context(request, experiment))


def detail_context(request: HttpRequest, experiment, *, status_form=None, phase_form=None) -> dict:
    timeline = Paginator(experiment.status_updates.select_related("author"), TIMELINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_post = policy.can(request.user, "post_status", experiment)
    can_change_phase = policy.can(request.user, "change_phase", experiment)
    return {
        "experiment": experiment,
        "today": timezone.localdate(),
        "timeline": timeline,
        "phase_changes": experiment.phase_changes.select_related("changed_by"),
        "technologies": experiment.technologies.all(),
        "partners": experiment.partners.all(),
        "service_areas": experiment.service_areas.all(),
        "audit": audit.experiment_timeline(experiment),
        "can_post_status": can_post,
        "can_change_phase": can_change_phase,
        "status_form": status_form or (StatusUpdateForm(experiment=experiment) if can_post else None),
        "phase_form": phase_form or (PhaseChangeForm(experiment=experiment) if can_change_phase else None),
    }


@require_http_methods(["GET", "POST"])
def status_update_create(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "post_status")
    form = StatusUpdateForm(request.POST or None, experiment=experiment)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_update_create(
                experiment=experiment,
                author=request.user,
                health=form.cleaned_data["health"],
                what_happened=form.cleaned_data["what_happened"],
                next_steps=form.cleaned_data["next_steps"],
                effective_date=form.cleaned_data.get("effective_date"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Status update saved."))
            return redirect(experiment)
    status = 400 if request.method == "POST" else 200
    return render(request, "experiments/status_form.html", {"experiment": experiment, "form": form}, status=status)


@require_POST
def phase_change(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "change_phase")
    form = PhaseChangeForm(request.POST, experiment=experiment)
    if form.is_valid():
        try:
            services.experiment_change_phase(
                experiment=experiment,
                to_phase=form.cleaned_data["to_phase"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                effective_date=form.cleaned_data["effective_date"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Phase changed."))
            return redirect(experiment)
    return render(request, "experiments/detail.html", detail_context(request, experiment, phase_form=form), status=400)
