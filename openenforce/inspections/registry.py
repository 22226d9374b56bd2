"""The target registry spreadsheet (检查对象名录库): its columns, and reading Excel or CSV.

The columns are defined once, as data, with the catalogue's exchange machinery
(``catalog.exchange.spec``): the same codecs, the same per-cell messages, the same
problems named by sheet, row and column. An .xlsx goes through the catalogue's safe
reader; a CSV (UTF-8, with or without BOM, or GB18030 as Excel saves it in China) is read
here with the same size and row limits.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from openenforce.catalog.exchange.codecs import CellError, Choice, Integer, YesNo, clean_text
from openenforce.catalog.exchange.reader import FileRefused, Row, Sheet, read_workbook, refuse
from openenforce.catalog.exchange.spec import Column, ListSheet, ParsedRow, problem
from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.core.identifiers import is_valid_credit_code
from openenforce.inspections.models import RiskGrade, Target

SHEET = "检查对象名录库"

KIND_LABELS = {
    "enterprise": "企业",
    "individual": "个体工商户",
    "cooperative": "农民专业合作社",
    "social": "社会组织",
    "institution": "事业单位",
    "other": "其他",
}
GRADE_LABELS = {grade: grade for grade in RiskGrade.values}


@dataclass(frozen=True)
class CreditCode:
    """A unified social credit code (GB 32100-2015) with a correct check character."""

    def parse(self, raw: Any) -> str:
        text = clean_text(raw).upper()
        if not text:
            return ""
        if not is_valid_credit_code(text):
            raise CellError(
                _(
                    "“%(value)s” is not a valid unified social credit code: 18 characters "
                    "with a correct check character (GB 32100-2015)."
                )
                % {"value": text}
            )
        return text

    def format(self, value: Any) -> Any:
        return value or None


COLUMNS = (
    Column("统一社会信用代码", "credit_code", CreditCode(), required=True),
    Column("名称", "name", required=True),
    Column("类型", "kind", Choice(KIND_LABELS), required=True),
    Column("行业", "industry"),
    Column("区域", "region"),
    Column("地址", "address"),
    Column(
        "信用风险等级", "risk_grade", Choice(GRADE_LABELS, {"a": "A", "b": "B", "c": "C", "d": "D"})
    ),
    Column("列入经营异常名录", "abnormal", YesNo()),
    Column("投诉举报件数", "complaints", Integer()),
)

TARGET_SHEET = ListSheet(
    name=SHEET, model=Target, columns=COLUMNS, key=("credit_code",), order_by=("credit_code",)
)
FIELDS = tuple(c.attr for c in COLUMNS)


def read_csv(data: bytes) -> Sheet:
    """A CSV file as one sheet; refuses what is too big, too long or not text."""
    if len(data) > settings.OPENENFORCE_IMPORT_MAX_BYTES:
        raise refuse(_("The file is too large to be imported."))
    if b"\x00" in data[:4096]:
        raise refuse(_("This is not a CSV text file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise refuse(_("This is not a CSV text file."))
    limit = settings.OPENENFORCE_IMPORT_MAX_ROWS
    sheet = Sheet(name=SHEET)
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number > limit + 1:
            raise refuse(
                _("The file has too many rows."),
                [
                    FieldProblem(
                        field="file",
                        sheet=SHEET,
                        message=_("The sheet has more than %(max)s rows; split the file.")
                        % {"max": limit},
                    )
                ],
            )
        if number == 1:
            sheet.headers = [h.strip().lstrip("\ufeff") for h in cells]
        elif any(c.strip() for c in cells):
            sheet.rows.append(Row(number, dict(zip(sheet.headers, cells, strict=False))))
    if not sheet.rows:
        raise refuse(_("The file has no rows to import."))
    return sheet


def read_file(path: Path, filename: str = "") -> Sheet:
    """The registry sheet of an .xlsx or .csv file (by its name, else by its first bytes)."""
    path = Path(path)
    name = (filename or path.name).lower()
    with path.open("rb") as fh:
        head = fh.read(8)
    if name.endswith(".csv") or not head.startswith(b"PK"):
        if name.endswith((".xlsx", ".xls")) and not head.startswith(b"PK"):
            from openenforce.catalog.exchange.reader import check_signature

            check_signature(head)
        return read_csv(path.read_bytes())
    sheets = read_workbook(path, [SHEET])
    if not sheets or not sheets[0].rows:
        raise refuse(_("The workbook has no rows to import."))
    return sheets[0]


def parse(sheet: Sheet) -> tuple[list[ParsedRow], list[FieldProblem]]:
    """Every row parsed and checked; the problems of all rows, in sheet order."""
    problems = TARGET_SHEET.header_problems(sheet.headers, set())
    rows = [TARGET_SHEET.parse_row(row, problems) for row in sheet.rows]
    problems += TARGET_SHEET.check_rows(rows)
    headers = [c.header for c in COLUMNS]
    problems.sort(
        key=lambda p: (
            p.row or 0,
            headers.index(p.column) if p.column in headers else len(headers),
        )
    )
    return rows, problems


def refused(problems: list[FieldProblem]) -> InvalidInput:
    return InvalidInput(
        _("The registry was not imported: %(count)s problems.") % {"count": len(problems)},
        code="import_refused",
        problems=problems,
    )


def export_rows(targets) -> list[list[Any]]:
    """Rows for an export that re-imports to the same values."""
    return [[c.codec.format(c.read(t)) for c in COLUMNS] for t in targets]


__all__ = [
    "COLUMNS",
    "FIELDS",
    "SHEET",
    "TARGET_SHEET",
    "FileRefused",
    "export_rows",
    "parse",
    "problem",
    "read_csv",
    "read_file",
    "refused",
]
