"""Rubrics in and out of Excel, and the shipped data files.

One workbook per rubric version, two sheets: ``评查标准`` (the rubric: code, title,
procedure, grade bands, description; one row per field) and ``评查项目`` (one row per item).
Reading goes through the catalogue's safe reader (size, signature, zip bomb, merged cells,
formulas); parsing and checking through ``spec``. The data files under
``data/rubrics/`` hold the same content as JSON keyed by field name.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from openenforce.catalog.exchange.reader import read_workbook
from openenforce.core.errors import InvalidInput
from openenforce.evaluation import spec as s
from openenforce.evaluation.models import RubricVersion

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
DATA_DIR = Path(__file__).resolve().parent / "data" / "rubrics"


class RubricRefused(InvalidInput):
    """The rubric was not imported; ``problems`` name every sheet, row and column."""


def refused(problems: list) -> RubricRefused:
    return RubricRefused(
        _("The rubric was not imported: %(count)s problems.") % {"count": len(problems)},
        code="rubric_refused",
        problems=list(problems),
    )


def read_rubric_workbook(path: Path) -> s.RubricSpec:
    """The rubric in the workbook at ``path``, or ``FileRefused``/``RubricRefused``."""
    sheets = {sheet.name: sheet for sheet in read_workbook(Path(path), list(s.SHEETS))}
    problems = s.Problems()
    head, items = sheets.get(s.RUBRIC_SHEET), sheets.get(s.ITEM_SHEET)
    for name, sheet in ((s.RUBRIC_SHEET, head), (s.ITEM_SHEET, items)):
        if sheet is None:
            problems.add(name, None, "", _("The sheet “%(name)s” is missing.") % {"name": name})
    if head is not None:
        problems += s.header_problems(s.RUBRIC_SHEET, head.headers, (s.KEY_HEADER, s.VALUE_HEADER))
    if items is not None:
        problems += s.header_problems(
            s.ITEM_SHEET, items.headers, [c.header for c in s.ITEM_COLUMNS]
        )
    if problems or head is None or items is None:
        raise refused(problems)
    known = [c.header for c in s.RUBRIC_COLUMNS]
    cells = {}
    for row in head.rows:
        key = s._text(row.cells.get(s.KEY_HEADER))
        if key not in known:
            problems.add(
                s.RUBRIC_SHEET,
                row.number,
                s.KEY_HEADER,
                _("Unknown entry “%(name)s”; the entries are: %(names)s.")
                % {"name": key, "names": "、".join(known)},
            )
        cells[key] = row.cells.get(s.VALUE_HEADER)
    if problems:
        raise refused(problems)
    spec, problems = s.parse_rubric(cells, [(row.number, row.cells) for row in items.rows])
    if spec is None:
        raise refused(problems)
    return spec


def load_data_file(path: Path) -> s.RubricSpec:
    """A shipped rubric (JSON keyed by field name), checked like a workbook."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_header = {c.attr: c.header for c in s.RUBRIC_COLUMNS}
    cells = {by_header[k]: v for k, v in data["rubric"].items() if k in by_header}
    item_headers = {c.attr: c.header for c in s.ITEM_COLUMNS}
    rows = [
        (number, {item_headers[k]: v for k, v in item.items() if k in item_headers})
        for number, item in enumerate(data["items"], start=2)
    ]
    spec, problems = s.parse_rubric(cells, rows)
    if spec is None:
        raise refused(problems)
    return spec


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def spec_of(version: RubricVersion) -> s.RubricSpec:
    """A stored version as plain data (its digest is the one stored)."""
    return s.RubricSpec(
        code=version.rubric.code,
        title=version.title,
        procedure=version.rubric.procedure,
        description=version.description,
        excellent_from=version.excellent_from,
        passed_from=version.passed_from,
        items=[
            s.ItemSpec(
                code=i.code,
                kind=i.kind,
                group=i.group,
                title=i.title,
                points=i.points,
                deduction=i.deduction,
                deduct_each=i.deduct_each,
                source=i.source,
                proposal=i.proposal,
                check_key=i.check_key,
            )
            for i in version.items.order_by("position")
        ],
    )


def _header(ws: Any, headers: list[str], widths: dict[int, int]) -> None:
    ws.append(headers)
    for index in range(1, len(headers) + 1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = widths.get(index, 14)
    ws.freeze_panes = "A2"


def build_workbook(spec: s.RubricSpec) -> Workbook:
    """The workbook of one rubric, in the layout import reads."""
    workbook = Workbook()
    head = workbook.active
    head.title = s.RUBRIC_SHEET
    _header(head, [s.KEY_HEADER, s.VALUE_HEADER], {1: 14, 2: 60})
    for name, value in s.rubric_rows(spec):
        head.append([name, value])
    items = workbook.create_sheet(s.ITEM_SHEET)
    _header(items, [c.header for c in s.ITEM_COLUMNS], {4: 50, 6: 30, 8: 40})
    wrap = Alignment(wrap_text=True, vertical="top")
    for item in spec.items:
        items.append(s.item_cells(item))
        for cell in items[items.max_row]:
            cell.alignment = wrap
    return workbook


def export_bytes(spec: s.RubricSpec) -> bytes:
    out = io.BytesIO()
    build_workbook(spec).save(out)
    return out.getvalue()


def export_filename(version: RubricVersion) -> str:
    return f"{version.rubric.code}-v{version.number}.xlsx"
