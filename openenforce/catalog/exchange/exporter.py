"""Writing the catalogue workbook: every list of one agency, in the layout import reads."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from openenforce.accounts.models import Agency
from openenforce.catalog.exchange.sheets import SHEETS
from openenforce.catalog.exchange.spec import ListSheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
DATE_FORMAT = "yyyy-mm-dd"


def export_filename(agency: Agency, day: datetime.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{agency.code}-catalogue-{day:%Y%m%d}.xlsx"


def build_workbook(agency: Agency | None) -> Workbook:
    """The workbook of ``agency``'s catalogue; with ``None``, the empty template."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in SHEETS:
        ws = workbook.create_sheet(spec.name)
        _write_header(ws, spec)
        for number, values in enumerate(spec.export_rows(agency) if agency else (), start=1):
            ws.append([number, *(_cell(ws, v) for v in values)])
    return workbook


def _write_header(ws: Any, spec: ListSheet) -> None:
    headers = ["序号", *(c.header for c in spec.columns)]
    ws.append(headers)
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        width = 8 if index == 1 else max(12, min(40, 2 * len(header) + 4))
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"


def _cell(ws: Any, value: Any) -> Any:
    """A cell for ``value``. Text starting with “=” is stored as text: openpyxl would
    otherwise write it as a formula, which import refuses. Control characters that XML
    cannot hold (a vertical tab pasted from a word processor) are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith("="):
        cell = Cell(ws, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime.date):
        cell = Cell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and "\n" in value:
        cell = Cell(ws, value=value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell
    return value


def export_bytes(agency: Agency | None) -> bytes:
    buffer = io.BytesIO()
    build_workbook(agency).save(buffer)
    return buffer.getvalue()


def export_to_dir(directory: Path, agency: Agency) -> Path:
    """Write ``agency``'s catalogue into ``directory``; returns the file written."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / export_filename(agency)
    path.write_bytes(export_bytes(agency))
    return path
