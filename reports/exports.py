"""The portfolio table as rows for CSV and XLSX: headers and choice labels in the active language,
values from stored fields only (one query for any number of rows), spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from experiments.lifecycle import Phase
from experiments.models import Experiment, Health

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


def neutralise(value):
    """A text cell a spreadsheet would read as a formula gets a leading single quote (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def headers() -> list[str]:
    return [
        "#",
        gettext("Experiment"),
        gettext("Team"),
        gettext("Phase"),
        gettext("Health"),
        gettext("Owner"),
        gettext("Last update"),
        gettext("Status due"),
        gettext("Readiness items done"),
        gettext("Readiness items"),
        gettext("Missing readiness items"),
        gettext("Stale"),
        gettext("Continuity risk"),
        gettext("Start date"),
    ]


def rows(queryset: QuerySet[Experiment]) -> Iterator[list]:
    """One list of cell values per experiment; call with the language to export in active."""
    from consolidation.readiness import label_for

    today = timezone.localdate()
    phases = {value: str(label) for value, label in Phase.choices}
    health = {value: str(label) for value, label in Health.choices}
    yes, no = gettext("Yes"), gettext("No")
    no_owner = gettext("No owner")
    for experiment in queryset.select_related("team", "owner").iterator(chunk_size=CHUNK_SIZE):
        yield [
            neutralise(cell)
            for cell in (
                experiment.number,
                experiment.name,
                experiment.team.name if experiment.team else "",
                phases.get(experiment.phase, experiment.phase),
                health.get(experiment.health, gettext("No updates")),
                experiment.owner.display_name if experiment.owner else no_owner,
                experiment.last_update_on,
                experiment.status_due_on,
                experiment.readiness_done,
                experiment.readiness_total,
                ", ".join(str(label_for(key)) for key in experiment.readiness_missing or ()),
                yes if experiment.is_stale(today) else no,
                yes if experiment.has_continuity_risk(today) else no,
                experiment.start_date,
            )
        ]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], body: Iterable[list]) -> Iterator[str]:
    """CSV text line by line, starting with a byte-order mark so spreadsheets read UTF-8 (ä, ö)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([neutralise(h) for h in header])
    for row in body:
        yield writer.writerow(
            ["" if cell is None else cell.isoformat() if hasattr(cell, "isoformat") else cell for cell in row]
        )


def xlsx_bytes(header: list[str], body: Iterable[list], title: str) -> bytes:
    """An .xlsx workbook (openpyxl, write-only so memory stays flat) with a bold, frozen header row."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in body:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif hasattr(value, "isoformat"):
                cell.number_format = "d.m.yyyy"
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
