"""Reading an uploaded workbook safely: refuse what is not a plain .xlsx before trusting it.

Checks run cheapest first: size on disk, the zip signature, the uncompressed size (a small
zip can unpack to gigabytes), the row count each sheet declares, then the cells row by row
in openpyxl's read-only mode, stopping as soon as a sheet passes the row limit. Merged
cells are not visible in read-only mode, so they are found by streaming each sheet's XML
from the archive in chunks; nothing loads a whole sheet into memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from openenforce.core.errors import FieldProblem, InvalidInput

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
# A row of a sheet is far smaller than this; anything beyond is a zip bomb, not a list.
UNCOMPRESSED_RATIO = 10
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class Row:
    number: int  # as Excel shows it, counting the header row
    cells: dict[str, Any]  # header → raw value


@dataclass
class Sheet:
    name: str
    headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


class FileRefused(InvalidInput):
    """The file as a whole cannot be read; ``problems`` name the sheet or cell at fault."""


def refuse(message: str, problems: list[FieldProblem] | None = None) -> FileRefused:
    return FileRefused(message, code="import_file_refused", problems=problems or [])


def check_signature(head: bytes) -> None:
    """Refuse anything whose first bytes are not a zip archive (an .xlsx is one)."""
    if head.startswith(OLE_MAGIC):
        raise refuse(_("This is an old .xls file; save it as an Excel workbook (.xlsx)."))
    if not head.startswith(ZIP_MAGIC):
        raise refuse(_("This is not an Excel workbook (.xlsx)."))


def _check_archive(path: Path) -> None:
    max_bytes = settings.OPENENFORCE_IMPORT_MAX_BYTES
    size = path.stat().st_size
    if size > max_bytes:
        raise refuse(
            _("The file is %(size)s MB; at most %(max)s MB can be imported.")
            % {"size": round(size / 1e6, 1), "max": round(max_bytes / 1e6, 1)}
        )
    with path.open("rb") as fh:
        check_signature(fh.read(8))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise refuse(_("This is not an Excel workbook (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise refuse(_("This is not an Excel workbook (.xlsx)."))
    if unpacked > max_bytes * UNCOMPRESSED_RATIO:
        raise refuse(_("The workbook unpacks to too much data to be imported."))


def merged_ranges(archive: zipfile.ZipFile, member: str) -> list[str]:
    """Merged ranges of one sheet, scanning its XML in chunks (they follow the cell data)."""
    found: list[str] = []
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            matches = list(_MERGE.finditer(data))
            found.extend(m.group(1).decode() for m in matches)
            # Keep the unmatched end: a tag may straddle two chunks.
            cut = matches[-1].end() if matches else 0
            tail = data[max(cut, len(data) - 200) :]
    return found


def _refuse_merged(workbook: Any, path: Path) -> None:
    problems = []
    with zipfile.ZipFile(path) as archive:
        for ws in workbook.worksheets:
            member = ws._worksheet_path.lstrip("/")
            for ref in merged_ranges(archive, member):
                problems.append(
                    FieldProblem(
                        field="file",
                        sheet=ws.title,
                        column=ref,
                        message=_("Merged cells cannot be imported; unmerge %(range)s.")
                        % {"range": ref},
                    )
                )
    if problems:
        raise refuse(_("The workbook has merged cells."), problems)


def _row_limit_problem(title: str) -> FieldProblem:
    limit = settings.OPENENFORCE_IMPORT_MAX_ROWS
    return FieldProblem(
        field="file",
        sheet=title,
        message=_("The sheet has more than %(max)s rows; split the file.") % {"max": limit},
    )


def _read_sheet(ws: Any, problems: list[FieldProblem]) -> Sheet:
    limit = settings.OPENENFORCE_IMPORT_MAX_ROWS
    if (ws.max_row or 0) > limit + 1:  # the declared size: refuse before reading a row
        raise refuse(_("The file has too many rows."), [_row_limit_problem(ws.title)])
    sheet = Sheet(name=ws.title.strip())
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number > limit + 1:
            raise refuse(_("The file has too many rows."), [_row_limit_problem(ws.title)])
        values = [_cell_value(ws.title, number, i, c, problems) for i, c in enumerate(cells, 1)]
        if number == 1:
            sheet.headers = [str(v).strip() if v is not None else "" for v in values]
        elif any(v not in (None, "") for v in values):
            sheet.rows.append(Row(number, dict(zip(sheet.headers, values, strict=False))))
    return sheet


def _cell_value(title: str, row: int, col: int, cell: Any, problems: list) -> Any:
    kind = getattr(cell, "data_type", "n")
    if kind not in ("f", "e"):
        return cell.value
    coordinate = f"{get_column_letter(col)}{row}"
    message = (
        _("Cell %(cell)s holds a formula; paste its value instead.")
        if kind == "f"
        else _("Cell %(cell)s holds an error value %(value)s.")
    ) % {"cell": coordinate, "value": cell.value}
    problems.append(
        FieldProblem(field="file", sheet=title, row=row, column=coordinate, message=message)
    )
    return None


def _is_blank(ws: Any) -> bool:
    limit = settings.OPENENFORCE_IMPORT_MAX_ROWS
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > limit or any(v not in (None, "") for v in values):
            return False
    return True


def read_workbook(path: Path, known_sheets: Sequence[str]) -> list[Sheet]:
    """The sheets of the workbook at ``path``, or ``FileRefused`` naming every problem."""
    _check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken archive
        raise refuse(_("This is not an Excel workbook (.xlsx).")) from None
    try:
        _refuse_merged(workbook, path)
        problems = [
            FieldProblem(
                field="file",
                sheet=title,
                message=_("Unknown sheet “%(name)s”; the sheets are: %(names)s.")
                % {"name": title, "names": "、".join(known_sheets)},
            )
            for title in workbook.sheetnames
            if title.strip() not in known_sheets and not _is_blank(workbook[title])
        ]
        sheets = [
            _read_sheet(ws, problems)
            for ws in workbook.worksheets
            if ws.title.strip() in known_sheets
        ]
    finally:
        workbook.close()
    if problems:
        raise refuse(_("The workbook cannot be imported."), problems)
    if not any(sheet.rows for sheet in sheets):
        raise refuse(_("The workbook has no rows to import."))
    return sheets
