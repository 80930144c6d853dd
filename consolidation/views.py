"""Consolidation pages: plan, milestones, handover, decisions, meetings and their packs, My work.
Each view: access helper first, then a service or selector, then a template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import policy
from experiments.models import Experiment
from experiments.views import apply_validation_error

from . import conflicts, selectors, services
from .forms import DecisionForm, HandoverAnswerForm, HandoverProposeForm, MeetingForm, MilestoneForm, PlanForm
from .models import Meeting, Milestone

# --- Continuation plan ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "edit_plan")
    plan = services.plan_get_or_new(experiment)
    form = PlanForm(request.POST or None, instance=plan, experiment=experiment)
    their_changes = []
    if request.method == "POST" and form.is_valid():
        saved, their_changes = conflicts.save_versioned(
            form,
            lambda data, version: services.plan_save(
                experiment=experiment, by=request.user, data=data, expected_version=version
            ),
        )
        if saved:
            messages.success(request, _("Continuation plan saved."))
            return redirect(experiment)
    status = 400 if request.method == "POST" else 200
    context = {"experiment": experiment, "plan": plan, "form": form, "their_changes": their_changes}
    return render(request, "consolidation/plan_form.html", context, status=status if not their_changes else 409)


@require_POST
def plan_submit(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "edit_plan")
    plan = services.plan_get_or_new(experiment)
    if plan.pk is None:
        messages.error(request, _("Write the continuation plan before submitting it."))
        return redirect("consolidation:plan", slug=slug)
    try:
        services.plan_submit(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consolidation:plan", slug=slug)
    messages.success(request, _("The plan was submitted to the steering group for approval."))
    return redirect(experiment)


# --- Milestones -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "manage_milestones")
    return _milestone_form(request, experiment, None)


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = policy.get_milestone_for_user(request.user, pk, "edit")
    return _milestone_form(request, milestone.experiment, milestone)


def _milestone_form(request, experiment: Experiment, milestone: Milestone | None) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone or Milestone(experiment=experiment))
    their_changes = []
    if request.method == "POST" and form.is_valid():
        saved, their_changes = conflicts.save_versioned(
            form,
            lambda data, version: services.milestone_save(
                experiment=experiment, by=request.user, data=data, milestone=milestone, expected_version=version
            ),
        )
        if saved:
            messages.success(request, _("Milestone saved."))
            return redirect(experiment)
    status = 200 if request.method == "GET" else (409 if their_changes else 400)
    context = {"experiment": experiment, "milestone": milestone, "form": form, "their_changes": their_changes}
    return render(request, "consolidation/milestone_form.html", context, status=status)


@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = policy.get_milestone_for_user(request.user, pk, "mark_done")
    try:
        services.milestone_mark_done(milestone=milestone, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Milestone marked done."))
    return redirect(milestone.experiment)


# --- Handover -------------------------------------------------------------------------------


@require_POST
def handover_propose(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "propose_handover")
    form = HandoverProposeForm(request.POST)
    if form.is_valid():
        try:
            services.handover_propose(experiment=experiment, by=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Handover proposed. The receiving owner will be asked to answer."))
    else:
        messages.error(request, _("The message is too long."))
    return redirect(experiment)


@require_http_methods(["GET", "POST"])
def handover_answer(request: HttpRequest, pk: int) -> HttpResponse:
    handover = policy.get_handover_for_user(request.user, pk, "answer")
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_answer(
                handover=handover,
                by=request.user,
                accept=form.cleaned_data["answer"] == "accept",
                reason=form.cleaned_data["answer_reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if handover.status == handover.Status.ACCEPTED:
                messages.success(request, _("You accepted the handover and are now the owner."))
            else:
                messages.success(request, _("You declined the handover. The owner sees your reason."))
            return redirect(handover.experiment)
    status = 400 if request.method == "POST" else 200
    return render(request, "consolidation/handover_answer.html", {"handover": handover, "form": form}, status=status)


@require_POST
def handover_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    handover = policy.get_handover_for_user(request.user, pk, "withdraw")
    try:
        services.handover_withdraw(handover=handover, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Handover withdrawn."))
    return redirect(handover.experiment)


# --- Decisions ------------------------------------------------------------------------------


def _record_decision(request, experiment, form, meeting=None):
    """Validate the form and record the decision; returns the decision or None (errors on the form)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.decision_record(
            experiment=experiment,
            meeting=meeting,
            kind=data["kind"],
            by=request.user,
            rationale=data["rationale"],
            decided_on=data["decided_on"],
            conditions=data["conditions"],
            follow_up_on=data["follow_up_on"],
            transfer_to=data["transfer_to"],
            revokes=data["revokes"],
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "decide")
    form = DecisionForm(request.POST or None, experiment=experiment)
    if request.method == "POST":
        decision = _record_decision(request, experiment, form)
        if decision is not None:
            messages.success(request, _("Decision recorded: %(kind)s.") % {"kind": decision.get_kind_display()})
            return redirect(experiment)
    status = 400 if request.method == "POST" else 200
    return render(request, "consolidation/decision_form.html", {"experiment": experiment, "form": form}, status=status)


# --- Meetings -------------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    meetings = Meeting.objects.all()
    upcoming = meetings.filter(date__gte=timezone.localdate()).order_by("date").first()
    return render(
        request,
        "consolidation/meeting_list.html",
        {
            "meetings": meetings,
            "upcoming": upcoming,
            "can_manage": policy.can_portfolio(request.user, "manage_meetings"),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                date=form.cleaned_data["date"],
                by=request.user,
                title=form.cleaned_data["title"],
                attendees=form.cleaned_data["attendees"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Meeting created. Its pack is ready."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(request, "consolidation/meeting_form.html", {"form": form}, status=status)


def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = policy.get_meeting_for_user(request.user, pk, "view")
    pack = selectors.meeting_pack(meeting)
    can_decide = policy.can_portfolio(request.user, "decide")
    return render(
        request, "consolidation/meeting_pack.html", {"pack": pack, "meeting": meeting, "can_decide": can_decide}
    )


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def meeting_decide(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Record a decision inline from the meeting pack (htmx), or as a page without JavaScript."""
    meeting = policy.get_meeting_for_user(request.user, pk, "view")
    experiment = policy.get_experiment_for_user(request.user, slug, "decide")
    prefix = f"d{experiment.pk}"
    form = DecisionForm(request.POST or None, experiment=experiment, meeting=meeting, prefix=prefix)
    decision = None
    if request.method == "POST":
        decision = _record_decision(request, experiment, form, meeting=meeting)
        if decision is not None and not request.htmx:
            messages.success(request, _("Decision recorded: %(kind)s.") % {"kind": decision.get_kind_display()})
            return redirect(meeting)
        if decision is not None:
            experiment.refresh_from_db()
            form = DecisionForm(experiment=experiment, meeting=meeting, prefix=prefix)
    context = {"meeting": meeting, "experiment": experiment, "form": form, "decision": decision}
    template = "consolidation/decision_inline.html" if request.htmx else "consolidation/decision_form.html"
    status = 400 if request.method == "POST" and decision is None else 200
    return render(request, template, context, status=status)


# --- My work --------------------------------------------------------------------------------


def my_work(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    return render(request, "consolidation/my_work.html", selectors.my_work(request.user))
