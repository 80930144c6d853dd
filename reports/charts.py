"""Server-side SVG charts: geometry computed here, markup in templates/reports/_*.html.

Every chart is an inline <svg role="img"> with a <title> and a <desc>, every bar carries a text label and
its value (colour never carries meaning alone), and the template puts a data table right after it.
No inline styles (the CSP forbids them): only SVG presentation attributes and classes from reports.css.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext

# Horizontal bar chart layout, in viewBox units.
WIDTH = 640
LABEL_WIDTH = 200
VALUE_SPACE = 90
ROW = 30
BAR = 20
PAD = 8


@dataclass
class Bar:
    label: str
    value: int | None
    value_text: str
    css: str = ""
    x: float = LABEL_WIDTH
    y: float = 0
    width: float = 0
    height: float = BAR
    label_y: float = 0
    text_y: float = 0
    reference_top: float = 0
    reference_bottom: float = 0
    value_x: float = 0


@dataclass
class BarChart:
    chart_id: str
    title: str
    desc: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = 0
    label_x: int = LABEL_WIDTH - PAD
    label_anchor: str = "end"
    reference_x: float | None = None  # e.g. the 100 % target line
    reference_label: str = ""


def bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple],
    *,
    maximum: float | None = None,
    reference: float | None = None,
    labels_above: bool = False,
    width: int = WIDTH,
    label_width: int = LABEL_WIDTH,
    value_space: int = VALUE_SPACE,
):
    """items: (label, value, value_text, css class). Bars are scaled to `maximum` (default: the largest value).

    A value of None draws no bar, only its text (e.g. "no data"). `labels_above` puts each label on its own
    line above the bar, for long labels; otherwise labels sit left of the bars, right-aligned."""
    values = [value for _, value, _, _ in items if value is not None]
    scale_max = max([maximum or 0, *values, reference or 0, 1])
    left = PAD if labels_above else label_width
    row = ROW + 18 if labels_above else ROW
    plot = width - left - value_space
    offset = 16 if reference is not None else 0  # room above the rows for the reference line's label
    bars = []
    for index, (label, value, value_text, css) in enumerate(items):
        bar_width = 0 if value is None else round(plot * value / scale_max, 1)
        top = offset + PAD + index * row
        y = top + 18 if labels_above else top
        bars.append(
            Bar(
                label=str(label),
                value=value,
                value_text=str(value_text),
                css=css,
                x=left,
                y=y,
                width=bar_width,
                label_y=top + 13 if labels_above else y + BAR - 5,
                text_y=y + BAR - 5,
                value_x=left + bar_width + 6,
                reference_top=y - 3,
                reference_bottom=y + BAR + 3,
            )
        )
    desc = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars) + "."
    return BarChart(
        chart_id=chart_id,
        title=title,
        desc=desc,
        bars=bars,
        width=width,
        height=offset + PAD * 2 + len(items) * row,
        label_x=left if labels_above else label_width - PAD,
        label_anchor="start" if labels_above else "end",
        reference_x=None if reference is None else left + round(plot * reference / scale_max, 1),
    )


# Month-end series as small multiples: one labelled panel per series, sharing the vertical scale.
S_WIDTH = 720
S_LEFT = 36
S_RIGHT = 8
S_PANEL_LABEL = 22
S_PLOT = 70
S_AXIS = 20
S_GAP = 14


@dataclass
class Panel:
    label: str
    top: float
    label_y: float
    base_y: float
    max_y: float
    zero_tick_y: float = 0
    max_tick_y: float = 0
    year_y: float = 0
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, width, height
    css: str = ""


@dataclass
class SeriesChart:
    chart_id: str
    title: str
    desc: str
    panels: list[Panel]
    years: list[tuple[float, str]]  # x, label
    maximum: int
    width: int = S_WIDTH
    height: int = 0
    left: int = S_LEFT
    tick_x: int = S_LEFT - 4
    right_x: int = S_WIDTH - S_RIGHT


def series_chart(chart_id: str, title: str, months: list, series: list[tuple[str, str, list[int]]]):
    """series: (label, css class, values per month). Years are marked at each January."""
    maximum = max([1, *(max(values, default=0) for _, _, values in series)])
    count = max(len(months), 1)
    step = (S_WIDTH - S_LEFT - S_RIGHT) / count
    bar_width = max(round(step * 0.8, 2), 0.5)
    panels = []
    top = 0.0
    panel_height = S_PANEL_LABEL + S_PLOT + S_AXIS
    for label, css, values in series:
        base = top + S_PANEL_LABEL + S_PLOT
        latest = values[-1] if values else 0
        panel = Panel(
            label=gettext("%(series)s (latest: %(value)d)") % {"series": label, "value": latest},
            top=top,
            label_y=top + 15,
            base_y=base,
            max_y=base - S_PLOT,
            zero_tick_y=base + 4,
            max_tick_y=base - S_PLOT + 4,
            year_y=base + 15,
            css=css,
        )
        for index, value in enumerate(values):
            height = round(S_PLOT * value / maximum, 2)
            panel.bars.append((round(S_LEFT + index * step, 2), round(base - height, 2), bar_width, height))
        panels.append(panel)
        top += panel_height + S_GAP
    years = [(round(S_LEFT + i * step, 2), str(m.year)) for i, m in enumerate(months) if m.month == 1 or i == 0]
    first, last = (months[0], months[-1]) if months else (None, None)
    parts = [f"{label}: {values[-1] if values else 0}" for label, _, values in series]
    if first:
        desc = gettext("Each month-end from %(first)s, and %(last)s. On %(last)s: %(values)s.") % {
            "first": date_format(first, "SHORT_DATE_FORMAT"),
            "last": date_format(last, "SHORT_DATE_FORMAT"),
            "values": "; ".join(parts),
        }
    else:
        desc = gettext("No month-ends yet.")
    return SeriesChart(
        chart_id=chart_id,
        title=title,
        desc=desc,
        panels=panels,
        years=years,
        maximum=maximum,
        height=int(top - S_GAP) if series else 0,
    )
