"""Importing a catalogue workbook: check everything, then apply everything or nothing.

1. The file is read safely (``reader``); whole-file problems stop here.
2. Every cell of every row of every sheet is parsed and checked, rows are checked against
   each other (duplicates) and references against the database and the same file. All
   problems are collected; if there is any, nothing is written.
3. The rows are applied in one transaction through the catalogue services, so each change
   writes its record entry; rows equal to the stored entry are skipped. A refusal by a
   service is collected like a cell problem and the whole transaction is rolled back.
   A dry run goes through step 3 too and rolls back, so its preview is exact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, User
from openenforce.catalog.exchange.reader import Sheet, read_workbook
from openenforce.catalog.exchange.sheets import (
    CERTIFICATE_PART,
    CERTIFICATE_REF,
    EVENT_SHEET,
    IGNORED_HEADERS,
    OFFICER_SHEET,
    SHEETS,
    SHEETS_BY_NAME,
)
from openenforce.catalog.exchange.spec import Change, ListSheet, ParsedRow, Resolver, problem
from openenforce.core.errors import DomainError, FieldProblem, InvalidInput

ACTIONS = ("created", "updated", "unchanged")
# Workbook order, with certificates counted apart right after their officers.
_LIST_ORDER = [s.name for s in SHEETS]
_LIST_ORDER.insert(_LIST_ORDER.index(OFFICER_SHEET.name) + 1, CERTIFICATE_PART.name)


class ImportRefused(InvalidInput):
    """The workbook was not imported; ``problems`` name every sheet, row and column at fault."""


@dataclass
class ImportReport:
    dry_run: bool
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, Counter]:
        """Per list: how many entries were created, updated and left unchanged."""
        result: dict[str, Counter] = {}
        for change in self.changes:
            result.setdefault(change.sheet, Counter())[change.action] += 1
        return dict(sorted(result.items(), key=lambda item: _LIST_ORDER.index(item[0])))

    @property
    def edits(self) -> list[Change]:
        return [c for c in self.changes if c.action != "unchanged"]

    def summary_lines(self) -> list[str]:
        return [
            _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {"sheet": sheet, **{a: counts[a] for a in ACTIONS}}
            for sheet, counts in self.counts().items()
        ]


def refused(problems: list[FieldProblem]) -> ImportRefused:
    return ImportRefused(
        _("The workbook was not imported: %(count)s problems.") % {"count": len(problems)},
        code="import_refused",
        problems=sorted(problems, key=_position),
    )


def _position(p: FieldProblem) -> tuple[int, int, int]:
    """Workbook order: sheet, row, then column as the sheet defines them."""
    order = [s.name for s in SHEETS]
    spec = SHEETS_BY_NAME.get(p.sheet)
    headers = [c.header for c in spec.columns] if spec else []
    column = headers.index(p.column) if p.column in headers else len(headers)
    return (order.index(p.sheet) if p.sheet in order else -1, p.row or 0, column)


def import_workbook(
    path: Path, *, agency: Agency, actor: User, dry_run: bool = False
) -> ImportReport:
    """Import the workbook at ``path`` into ``agency``'s catalogue, all or nothing.

    Raises ``FileRefused`` or ``ImportRefused`` (both ``InvalidInput``) naming every problem.
    """
    sheets = read_workbook(Path(path), [s.name for s in SHEETS])
    resolver = Resolver(agency)
    parsed, problems = parse_sheets(sheets)
    problems += reference_problems(parsed, resolver)
    if problems:
        raise refused(problems)
    return apply(parsed, resolver, actor=actor, dry_run=dry_run)


def parse_sheets(sheets: list[Sheet]) -> tuple[dict[str, list[ParsedRow]], list[FieldProblem]]:
    parsed: dict[str, list[ParsedRow]] = {}
    problems: list[FieldProblem] = []
    for sheet in sheets:
        spec = SHEETS_BY_NAME[sheet.name]
        problems += spec.header_problems(sheet.headers, IGNORED_HEADERS)
        rows = [spec.parse_row(row, problems) for row in sheet.rows]
        problems += spec.check_rows(rows)
        parsed[sheet.name] = rows
    return parsed, problems


def reference_problems(
    parsed: dict[str, list[ParsedRow]], resolver: Resolver
) -> list[FieldProblem]:
    """References must name an entry in the database or in the same file."""
    problems = []
    known: dict = {}
    for name, rows in parsed.items():
        for column in SHEETS_BY_NAME[name].refs():
            ref = column.ref
            if ref not in known:
                in_file = {r.values.get(ref.key) for r in parsed.get(ref.sheet, [])}
                known[ref] = resolver.known_keys(ref) | in_file
            for row in rows:
                value = row.values.get(column.attr)
                keys = (value or []) if column.many else [value] if value else []
                problems += [
                    problem(
                        name,
                        row.row,
                        column.header,
                        _("“%(key)s” is not in the %(list)s list.")
                        % {"key": key, "list": ref.sheet},
                    )
                    for key in keys
                    if key not in known[ref]
                ]
    return problems


def _plan(parsed: dict[str, list[ParsedRow]], resolver: Resolver) -> list[tuple[ListSheet, list]]:
    """Sheets in import order. History of certificates already on file goes before the
    directory (a renewal there sets the expiry date the directory then shows); history of
    new certificates goes after it, once they exist."""
    existing = resolver.known_keys(CERTIFICATE_REF)
    events = sorted(
        parsed.get(EVENT_SHEET.name, []), key=lambda r: (r.values["date"], r.row.number)
    )
    plan: list[tuple[ListSheet, list]] = []
    for spec in SHEETS:
        if spec is OFFICER_SHEET:
            plan.append((EVENT_SHEET, [r for r in events if r.values["certificate"] in existing]))
        if spec is not EVENT_SHEET:
            plan.append((spec, parsed.get(spec.name, [])))
        if spec is OFFICER_SHEET:
            plan.append(
                (EVENT_SHEET, [r for r in events if r.values["certificate"] not in existing])
            )
    return plan


def apply(
    parsed: dict[str, list[ParsedRow]], resolver: Resolver, *, actor: User, dry_run: bool
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    problems: list[FieldProblem] = []
    with transaction.atomic():
        for spec, rows in _plan(parsed, resolver):
            for row in rows:
                try:
                    report.changes += spec.apply_row(row, resolver, actor)
                except DomainError as exc:
                    problems += service_problems(spec, row, exc)
        if problems:
            raise refused(problems)  # leaving the block rolls everything back
        if dry_run:
            transaction.set_rollback(True)
    return report


def service_problems(spec: ListSheet, row: ParsedRow, exc: DomainError) -> list[FieldProblem]:
    """A service's refusal as problems at the row, on the columns it names."""
    headers = {c.attr: c.header for c in spec.columns}
    if not exc.problems:
        return [problem(spec.name, row.row, "", str(exc))]
    return [problem(spec.name, row.row, headers.get(p.field, ""), p.message) for p in exc.problems]
