"""Reports: the steering-group dashboard, portfolio exports and PDFs. Access helper first, then a
selector or a renderer, then a template or a file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import policy
from consolidation.selectors import meeting_pack
from experiments.filters import PortfolioFilter
from experiments.models import Experiment
from experiments.selectors import portfolio_queryset, portfolio_summary
from experiments.tables import PortfolioTable

from . import charts, exports, pdf, selectors
from .forms import IndicatorFormSet
from .models import ProgrammeIndicator

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(caption: str, headers: list[str], rows: list[list]) -> dict:
    """A data table for the template: the first cell of each row is its row header."""
    return {"caption": caption, "headers": headers, "rows": rows}


def _category_chart(chart_id, title, label_header, items) -> dict:
    chart = charts.bar_chart(chart_id, title, items, width=420, label_width=150, value_space=44)
    table = _table(title, [label_header, _("Experiments")], [[bar.label, bar.value_text] for bar in chart.bars])
    return {"chart": chart, "table": table}


def dashboard_context(today) -> dict:
    summary = portfolio_summary(Experiment.objects.all(), today)
    phase = _category_chart(
        "phase",
        _("Experiments by phase"),
        _("Phase"),
        [(label, count, count, f"bar-phase-{key}") for key, label, count in summary["phases"]],
    )
    health_items = [(label, count, count, f"bar-health-{key}") for key, label, count in summary["health"]]
    health_items.append((_("No updates"), summary["health_none"], summary["health_none"], "bar-health-none"))
    health = _category_chart("health", _("Experiments by health"), _("Health"), health_items)
    total_items, buckets = selectors.readiness_distribution()
    readiness = _category_chart(
        "readiness",
        _("Readiness for permanent operation"),
        _("Readiness items done"),
        [(b.label, b.count, b.count, "bar-readiness" if b.done is not None else "bar-none") for b in buckets],
    )

    points = selectors.month_end_series(today)
    months = [p.month_end for p in points]
    month_labels = [date_format(m, "SHORT_DATE_FORMAT") for m in months]
    progress_series = [
        (_("Permanent"), "bar-permanent", [p.permanent for p in points]),
        (_("Consolidating"), "bar-consolidating", [p.consolidating for p in points]),
        (_("Stopped"), "bar-stopped", [p.stopped for p in points]),
    ]
    progress = {
        "chart": charts.series_chart(
            "progress", _("Consolidation progress at each month-end"), months, progress_series
        ),
        "table": _table(
            _("Consolidation progress at each month-end"),
            [_("Date"), _("Started"), *(label for label, _css, _values in progress_series)],
            [
                [label, p.started, p.permanent, p.consolidating, p.stopped]
                for label, p in zip(month_labels, points, strict=True)
            ],
        ),
    }
    attention_series = [
        (_("No owner"), "bar-unowned", [p.unowned for p in points]),
        (_("Ownership not recorded"), "bar-none", [p.ownership_unrecorded for p in points]),
        (_("Stale"), "bar-stale", [p.stale for p in points]),
    ]
    attention = {
        "chart": charts.series_chart(
            "attention", _("Unowned and stale experiments at each month-end"), months, attention_series
        ),
        "table": _table(
            _("Unowned and stale experiments at each month-end"),
            [_("Date"), _("No owner"), _("Ownership not recorded"), _("Stale")],
            [
                [label, p.unowned, p.ownership_unrecorded, p.stale]
                for label, p in zip(month_labels, points, strict=True)
            ],
        ),
    }

    indicators = selectors.indicators()
    indicator_chart = charts.bar_chart(
        "indicators",
        _("Programme indicators: actual as a share of the target"),
        [(i.name, i.percent, i.display(), "bar-indicator") for i in indicators],
        maximum=100,
        reference=100,
        labels_above=True,
        value_space=210,
    )
    indicator_chart.reference_label = _("Target")
    return {
        "today": today,
        "summary": summary,
        "charts": {"phase": phase, "health": health, "readiness": readiness},
        "readiness_items": total_items,
        "progress": progress,
        "attention": attention,
        "indicators": indicators,
        "indicator_chart": indicator_chart,
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    context = dashboard_context(timezone.localdate())
    context["can_edit_indicators"] = policy.can_portfolio(request.user, "edit_indicators")
    return render(request, "reports/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def indicators_edit(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "edit_indicators")
    formset = IndicatorFormSet(request.POST or None, queryset=ProgrammeIndicator.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Programme indicators saved."))
        return redirect("reports:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/indicators_form.html", {"formset": formset}, status=status)


# --- Exports --------------------------------------------------------------------------------


def _export_queryset(request: HttpRequest):
    """The portfolio with the page's filters and sort order (invalid filter values are ignored, as there)."""
    queryset = PortfolioFilter(request.GET or None, queryset=portfolio_queryset()).qs
    table = PortfolioTable(queryset, order_by=request.GET.get("sort") or None)
    return table.data.data


def _export_filename(extension: str) -> str:
    return f"idk-portfolio-{timezone.localdate().isoformat()}.{extension}"


@require_GET
def portfolio_csv(request: HttpRequest) -> StreamingHttpResponse:
    policy.require_portfolio(request.user, "view")
    queryset = _export_queryset(request)
    language = translation.get_language()

    def stream():
        # The response is consumed after the view returns: keep the user's language for labels and names.
        with translation.override(language):
            yield from exports.csv_lines(exports.headers(), exports.rows(queryset))

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _export_filename("csv"))
    return response


@require_GET
def portfolio_xlsx(request: HttpRequest) -> HttpResponse:
    policy.require_portfolio(request.user, "view")
    queryset = _export_queryset(request)
    content = exports.xlsx_bytes(exports.headers(), exports.rows(queryset), title=_("Portfolio"))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _export_filename("xlsx"))
    return response


# --- PDFs -----------------------------------------------------------------------------------


@require_GET
def meeting_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting pack as PDF: the pack page's own template, rendered as the browser prints it."""
    meeting = policy.get_meeting_for_user(request.user, pk, "view")
    context = {"pack": meeting_pack(meeting), "meeting": meeting, "can_decide": False}
    html = render_to_string("consolidation/meeting_pack.html", context, request=request)
    return pdf.pdf_response(request, html, f"meeting-pack-{meeting.date.isoformat()}.pdf")


@require_GET
def mva_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable MVA report as PDF: the mva app's report view renders the HTML, so the PDF always
    matches what that view prints."""
    from mva.views import assessment_report

    assessment = policy.get_assessment_for_user(request.user, pk, "view")
    page = assessment_report(request, pk)
    html = page.content.decode(page.charset)
    filename = f"mva-{assessment.pk}-r{assessment.revision}-{slugify(assessment.title)[:50]}.pdf"
    return pdf.pdf_response(request, html, filename)
