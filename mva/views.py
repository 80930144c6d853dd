"""MVA pages. Thin: the access helper first, then a service or selector, then a template.

The workspace (`assessment_edit`) is split by phase (`?step=`). Each impact area is its own small form
posting to its own URL: with htmx only that area's fragment is swapped (errors and typed values kept),
without JavaScript it is a normal POST + redirect, or the whole page again with that form's errors.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from accounts import policy
from experiments.views import apply_validation_error

from . import exchange, gate, selectors, services
from .filters import AssessmentFilter
from .forms import (
    ActionForm,
    AreaForm,
    AssessmentCreateForm,
    BackgroundForm,
    DecisionForm,
    ExemptionForm,
    ImportForm,
    LaterPhasesForm,
    LaunchForm,
    PhaseForm,
    RevisionForm,
    TemplateAreaForm,
    TemplatePublishForm,
    WorkshopForm,
)
from .models import Assessment, Exemption, TemplateArea, TemplateVersion
from .tables import AssessmentTable

Phase = Assessment.Phase


# --- List -----------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def assessment_list(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    assessment_filter = AssessmentFilter(request.GET or None, queryset=selectors.assessment_list_queryset())
    table = AssessmentTable(assessment_filter.qs)
    RequestConfig(request, paginate={"per_page": settings.PORTFOLIO_PAGE_SIZE}).configure(table)
    context = {
        "filter": assessment_filter,
        "table": table,
        "exemptions": selectors.active_exemptions(),
        "can_create": policy.can_portfolio(request.user, "create_mva"),
        "can_import": policy.can_portfolio(request.user, "import_mva"),
        "can_manage_template": policy.can_portfolio(request.user, "manage_mva_template"),
    }
    template = "mva/list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "create_mva")
    initial = {}
    if slug := request.GET.get("experiment"):
        initial["experiment"] = policy.get_experiment_for_user(request.user, slug, "view")
    form = AssessmentCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Assessment started."))
            return redirect("mva:edit", pk=assessment.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mva/create.html", {"form": form}, status=status)


# --- Read-only view, report, exports --------------------------------------------------------


def _read_context(request, assessment: Assessment) -> dict:
    return {
        "assessment": assessment,
        "areas": list(assessment.areas.all()),
        "workshops": list(assessment.workshops.all()),
        "actions": list(assessment.actions.select_related("responsible", "area")),
        "chain": selectors.revision_chain(assessment),
        "today": timezone.localdate(),
        "gate": gate.gate_state(assessment.experiment) if assessment.experiment_id else None,
    }


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_assessment_for_user(request.user, pk, "view", queryset=selectors.assessment_detail(pk))
    user = request.user
    context = _read_context(request, assessment)
    context.update(
        can_edit=assessment.is_current
        and (policy.can_assessment(user, "edit", assessment) or policy.can_assessment(user, "decide", assessment)),
        can_revise=assessment.is_current
        and assessment.is_decided
        and policy.can_assessment(user, "revise", assessment),
        can_manage_actions=assessment.is_current and policy.can_assessment(user, "manage_actions", assessment),
        revision_form=RevisionForm(),
    )
    return render(request, "mva/detail.html", context)


def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_assessment_for_user(request.user, pk, "view", queryset=selectors.assessment_detail(pk))
    context = _read_context(request, assessment)
    context["organisation"] = "Kuopion kaupunki"
    context["document_date"] = assessment.decided_on or timezone.localdate()
    return render(request, "mva/report.html", context)


def _filename(assessment: Assessment, extension: str) -> str:
    return f"mva-{assessment.pk}-r{assessment.revision}-{slugify(assessment.title)[:50]}.{extension}"


def assessment_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_assessment_for_user(request.user, pk, "export", queryset=selectors.assessment_detail(pk))
    response = JsonResponse(
        exchange.assessment_export(assessment), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = content_disposition_header(True, _filename(assessment, "json"))
    return response


def assessment_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_assessment_for_user(request.user, pk, "export", queryset=selectors.assessment_detail(pk))
    # A byte-order mark so spreadsheet programs read the UTF-8 (ä, ö) correctly.
    response = HttpResponse("\ufeff" + exchange.assessment_csv(assessment), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename(assessment, "csv"))
    return response


@require_http_methods(["GET", "POST"])
def assessment_import(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "import_mva")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
            assessment, notes = exchange.assessment_import(data=data, by=request.user)
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("file", _("The file is not valid JSON."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessment imported."))
            for note in notes:
                messages.info(request, note)
            return redirect(assessment)
    status = 400 if request.method == "POST" else 200
    return render(request, "mva/import.html", {"form": form}, status=status)


# --- The workspace, split by phase ----------------------------------------------------------


def _workspace_context(request, assessment: Assessment, step: str | None = None, **forms) -> dict:
    user = request.user
    can_edit = policy.can_assessment(user, "edit", assessment)
    can_decide = policy.can_assessment(user, "decide", assessment)
    step = step if step in Phase.values else assessment.phase
    areas = list(assessment.areas.all())
    actions = list(assessment.actions.select_related("responsible", "area"))
    editable = can_edit and not assessment.is_frozen
    bound_area = forms.get("area_form")
    area_forms = [
        (
            area,
            bound_area
            if bound_area is not None and bound_area.prefix == f"area-{area.pk}"
            else AreaForm.for_area(area),
        )
        for area in areas
    ]
    context = {
        "assessment": assessment,
        "step": step,
        "steps": [(value, label, index) for index, (value, label) in enumerate(Phase.choices, start=1)],
        "can_edit": can_edit,
        "can_decide": can_decide,
        "editable": editable,
        "areas": areas,
        "area_forms": area_forms,
        "unrated": [area for area in areas if not area.rating],
        "workshops": list(assessment.workshops.all()),
        "actions": actions,
        "today": timezone.localdate(),
        "launch_form": forms.get("launch_form")
        or LaunchForm(
            initial={
                "title": assessment.title,
                "what_changes": assessment.what_changes,
                "assessor": assessment.assessor_id,
                "participants": assessment.participants,
                "version": assessment.version,
            }
        ),
        "background_form": forms.get("background_form")
        or BackgroundForm(initial={"background": assessment.background, "version": assessment.version}),
        "workshop_form": forms.get("workshop_form") or WorkshopForm(),
        "action_form": forms.get("action_form") or ActionForm(assessment=assessment),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "later_form": forms.get("later_form")
        or LaterPhasesForm(
            initial={
                "model_update_notes": assessment.model_update_notes,
                "model_updated_on": assessment.model_updated_on,
                "follow_up_notes": assessment.follow_up_notes,
                "version": assessment.version,
            }
        ),
        "phase_form": forms.get("phase_form") or PhaseForm(initial={"version": assessment.version}),
        "phase_targets": _phase_targets(assessment),
    }
    return context


def _phase_targets(assessment: Assessment) -> list[tuple[str, str]]:
    """The phases offered by the phase form (the service checks again)."""
    order = Assessment.PHASE_ORDER
    index = assessment.phase_index()
    if assessment.is_approved:
        allowed = [p for p in (Phase.MODEL_UPDATE, Phase.FOLLOW_UP) if p != assessment.phase]
    elif assessment.is_decided:
        allowed = []
    else:
        allowed = order[:index] + order[index + 1 : index + 2]
        allowed = [p for p in allowed if p not in (Phase.MODEL_UPDATE, Phase.FOLLOW_UP)]
    return [(p, Phase(p).label) for p in allowed]


def _workspace(request, assessment, status=200, step=None, **forms) -> HttpResponse:
    return render(request, "mva/edit.html", _workspace_context(request, assessment, step, **forms), status=status)


def _back_to(assessment: Assessment, step: str, anchor: str = "") -> HttpResponse:
    url = reverse("mva:edit", kwargs={"pk": assessment.pk}) + f"?step={step}"
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _get_for_write(request, pk: int, action: str = "edit") -> Assessment:
    return policy.get_assessment_for_user(request.user, pk, action, queryset=selectors.assessment_detail(pk))


def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = policy.get_assessment_for_user(request.user, pk, "view", queryset=selectors.assessment_detail(pk))
    user = request.user
    if not assessment.is_current or not (
        policy.can_assessment(user, "edit", assessment) or policy.can_assessment(user, "decide", assessment)
    ):
        return redirect(assessment)
    return _workspace(request, assessment, step=request.GET.get("step"))


@require_POST
def launch_save(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    part = request.POST.get("part")
    form_class, key, step = (
        (BackgroundForm, "background_form", Phase.BACKGROUND)
        if part == "background"
        else (LaunchForm, "launch_form", Phase.LAUNCH)
    )
    form = form_class(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.assessment_update(
                assessment=assessment, by=request.user, data=data, expected_version=form.expected_version()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _back_to(assessment, step)
    return _workspace(request, assessment, status=400, step=step, **{key: form})


@require_POST
def area_save(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    area = get_object_or_404(assessment.areas.all(), pk=area_pk)
    form = AreaForm.for_area(area, request.POST)
    saved = False
    current = None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            area = services.area_save(area=area, by=request.user, data=data, expected_version=form.expected_version())
        except services.StaleEdit as error:
            current = error.current
            form.add_error(None, error)
            # Keep what the user typed; the next save deliberately replaces the other person's version.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(current.version)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("Area “%(area)s” saved.") % {"area": area.name})
                return _back_to(assessment, Phase.ASSESSMENT, f"area-{area.pk}")
            form = AreaForm.for_area(area)
    if request.htmx:
        # 200 even with errors: htmx swaps only 2xx responses, and the fragment carries the errors.
        context = {
            "assessment": assessment,
            "area": area,
            "form": form,
            "saved": saved,
            "current": current,
            "editable": True,
        }
        return render(request, "mva/_area.html", context)
    return _workspace(request, assessment, status=400, step=Phase.ASSESSMENT, area_form=form)


@require_POST
def phase_set(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.assessment_set_phase(
                assessment=assessment,
                by=request.user,
                phase=form.cleaned_data["phase"],
                expected_version=form.expected_version(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Moved to phase “%(phase)s”.") % {"phase": assessment.get_phase_display()})
            return _back_to(assessment, assessment.phase)
    return _workspace(request, assessment, status=400, phase_form=form)


@require_POST
def workshop_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    form = WorkshopForm(request.POST)
    if form.is_valid():
        try:
            services.workshop_add(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Workshop recorded."))
            return _back_to(assessment, Phase.ASSESSMENT, "workshops")
    return _workspace(request, assessment, status=400, step=Phase.ASSESSMENT, workshop_form=form)


@require_POST
def workshop_delete(request: HttpRequest, pk: int, workshop_pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    workshop = get_object_or_404(assessment.workshops.all(), pk=workshop_pk)
    try:
        services.workshop_delete(workshop=workshop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Workshop removed."))
    return _back_to(assessment, Phase.ASSESSMENT, "workshops")


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk, "manage_actions")
    form = ActionForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            services.action_save(assessment=assessment, by=request.user, data=form.service_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action added."))
            return _back_to(assessment, Phase.RISKS, "actions")
    return _workspace(request, assessment, status=400, step=Phase.RISKS, action_form=form)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = policy.get_mva_action_for_user(request.user, action_pk, "edit")
    assessment = action.assessment
    form = ActionForm(request.POST or None, assessment=assessment, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                assessment=assessment,
                by=request.user,
                data=form.service_data(),
                action=action,
                expected_version=form.expected_version(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect(reverse("mva:detail", kwargs={"pk": assessment.pk}) + "#actions")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "mva/action_form.html", {"form": form, "action": action, "assessment": assessment}, status=status
    )


@require_POST
def action_done(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = policy.get_mva_action_for_user(request.user, action_pk, "mark_done")
    try:
        services.action_mark_done(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action marked done."))
    return redirect(reverse("mva:detail", kwargs={"pk": action.assessment_id}) + "#actions")


@require_POST
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk, "decide")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_record(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(assessment)
    return _workspace(request, assessment, status=400, step=Phase.DECISION, decision_form=form)


@require_POST
def later_save(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk)
    form = LaterPhasesForm(request.POST)
    step = request.POST.get("step") if request.POST.get("step") in Phase.values else Phase.MODEL_UPDATE
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.later_phases_save(
                assessment=assessment, by=request.user, data=data, expected_version=form.expected_version()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _back_to(assessment, step)
    return _workspace(request, assessment, status=400, step=step, later_form=form)


@require_POST
def revision_start(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_for_write(request, pk, "revise")
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            new = services.revision_start(assessment=assessment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Revision %(number)s started.") % {"number": new.revision})
            return redirect("mva:edit", pk=new.pk)
    context = _read_context(request, assessment)
    context.update(can_edit=False, can_revise=True, can_manage_actions=True, revision_form=form)
    return render(request, "mva/detail.html", context, status=400)


# --- An experiment's MVA section and exemptions ---------------------------------------------


def _experiment_context(request, experiment, exemption_form=None) -> dict:
    can_exempt = policy.can_portfolio(request.user, "manage_mva_exemptions")
    return {
        "experiment": experiment,
        "gate": gate.gate_state(experiment),
        "assessments": experiment.mva_assessments.current().select_related("assessor").order_by("-created_at"),
        "exemptions": experiment.mva_exemptions.select_related("granted_by", "revoked_by"),
        "can_exempt": can_exempt,
        "can_create": policy.can_portfolio(request.user, "create_mva"),
        "exemption_form": exemption_form or (ExemptionForm() if can_exempt else None),
    }


def experiment_mva(request: HttpRequest, slug: str) -> HttpResponse:
    experiment = policy.get_experiment_for_user(request.user, slug, "view")
    return render(request, "mva/experiment.html", _experiment_context(request, experiment))


@require_POST
def exemption_record(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_exemptions")
    experiment = policy.get_experiment_for_user(request.user, slug, "view")
    form = ExemptionForm(request.POST)
    if form.is_valid():
        try:
            services.exemption_record(experiment=experiment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Exemption recorded."))
            return redirect("mva:experiment", slug=experiment.slug)
    return render(request, "mva/experiment.html", _experiment_context(request, experiment, form), status=400)


@require_POST
def exemption_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_exemptions")
    exemption = get_object_or_404(Exemption.objects.select_related("experiment"), pk=pk)
    try:
        services.exemption_revoke(exemption=exemption, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Exemption revoked."))
    return redirect("mva:experiment", slug=exemption.experiment.slug)


# --- The template ---------------------------------------------------------------------------


def template_list(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    versions = TemplateVersion.objects.prefetch_related("areas")
    return render(
        request,
        "mva/template_list.html",
        {
            "versions": versions,
            "current": TemplateVersion.objects.current(),
            "can_manage": policy.can_portfolio(request.user, "manage_mva_template"),
        },
    )


def _template_context(request, version, *, area_form=None, new_form=None, publish_form=None) -> dict:
    can_manage = policy.can_portfolio(request.user, "manage_mva_template") and version.is_draft
    areas = list(version.areas.all())
    bound_prefix = area_form.prefix if area_form is not None else None
    return {
        "version": version,
        "areas": areas,
        "can_manage": can_manage,
        "area_forms": [
            (area, area_form if bound_prefix == f"tarea-{area.pk}" else TemplateAreaForm(area=area)) for area in areas
        ]
        if can_manage
        else [],
        "new_form": new_form or TemplateAreaForm(initial={"order": (max((a.order for a in areas), default=0) + 1)}),
        "publish_form": publish_form or TemplatePublishForm(),
    }


def template_version(request: HttpRequest, number: int) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    version = get_object_or_404(TemplateVersion, number=number)
    return render(request, "mva/template_version.html", _template_context(request, version))


@require_POST
def template_draft(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_template")
    draft = services.template_draft_create(by=request.user)
    return redirect("mva:template_version", number=draft.number)


@require_POST
def template_area_save(request: HttpRequest, number: int, area_pk: int | None = None) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_template")
    version = get_object_or_404(TemplateVersion, number=number)
    area = get_object_or_404(TemplateArea, pk=area_pk, version=version) if area_pk else None
    form = TemplateAreaForm(request.POST, area=area)
    if form.is_valid():
        try:
            services.template_area_save(version=version, data=form.cleaned_data, area=area)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Area saved."))
            return redirect("mva:template_version", number=version.number)
    forms = {"area_form": form} if area else {"new_form": form}
    return render(request, "mva/template_version.html", _template_context(request, version, **forms), status=400)


@require_POST
def template_area_remove(request: HttpRequest, number: int, area_pk: int) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_template")
    area = get_object_or_404(TemplateArea, pk=area_pk, version__number=number)
    try:
        services.template_area_remove(area=area)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Area removed."))
    return redirect("mva:template_version", number=number)


@require_POST
def template_publish(request: HttpRequest, number: int) -> HttpResponse:
    policy.require_portfolio(request.user, "manage_mva_template")
    version = get_object_or_404(TemplateVersion, number=number)
    form = TemplatePublishForm(request.POST)
    if form.is_valid():
        try:
            services.template_publish(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Template version %(number)s published.") % {"number": version.number})
            return redirect("mva:template_list")
    return render(
        request, "mva/template_version.html", _template_context(request, version, publish_form=form), status=400
    )
