"""The shape of a sheet: its columns, as data, driving both import and export.

A ``Column`` ties a Chinese header to a model attribute and a codec. A ``ListSheet`` is one
list of the catalogue (one model, rows identified by key columns within the agency); it
reads an instance into plain values (for export and for "has this row changed?") and
writes parsed values back onto an instance (for import). Two sheets need more than that
and subclass it in ``sheets.py``: officers with their certificates, and certificate history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, User
from openenforce.catalog.exchange.codecs import CellError, Codec, Text
from openenforce.catalog.exchange.reader import Row
from openenforce.catalog.services import save_entry
from openenforce.core.errors import FieldProblem

Values = dict[str, Any]


@dataclass(frozen=True)
class Ref:
    """A reference to an entry of another list by its ``key`` (a code or a name). It may
    be satisfied by the database or by a row of ``sheet`` in the same file."""

    model: type[models.Model]
    key: str
    sheet: str
    agency_path: str = "agency"


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    codec: Codec = field(default_factory=Text)
    required: bool = False
    ref: Ref | None = None
    many: bool = False  # a many-to-many relation (the codec is a ListOf)
    getter: Callable[[Any], Any] | None = None  # export-only columns compute their value

    @property
    def export_only(self) -> bool:
        return self.getter is not None

    def read(self, obj: models.Model) -> Any:
        """The column's plain value for ``obj``, comparable with what ``parse`` returns."""
        if self.getter:
            return self.getter(obj)
        value = getattr(obj, self.attr, None)  # import-only columns have no attribute
        if self.many:
            return sorted(value.values_list(self.ref.key, flat=True))  # type: ignore[union-attr]
        if self.ref:
            return getattr(value, self.ref.key) if value is not None else ""
        return value

    def parse(self, raw: Any) -> Any:
        value = self.codec.parse(raw)
        return sorted(value) if self.many else value


class Resolver:
    """Finds referenced entries of one agency, remembering what it found."""

    def __init__(self, agency: Agency) -> None:
        self.agency = agency
        self._found: dict[tuple[Ref, str], models.Model] = {}
        self.done: set[tuple[str, Any]] = set()  # entries already written in this run

    def get(self, ref: Ref, key: str) -> models.Model | None:
        if not key:
            return None
        if (ref, key) not in self._found:
            lookup = {ref.agency_path: self.agency, ref.key: key}
            obj = ref.model.objects.filter(**lookup).first()
            if obj is None:
                return None
            self._found[(ref, key)] = obj
        return self._found[(ref, key)]

    def known_keys(self, ref: Ref) -> set[str]:
        qs = ref.model.objects.filter(**{ref.agency_path: self.agency})
        return set(qs.values_list(ref.key, flat=True))


def problem(sheet: str, row: Row | int, column: str, message: str) -> FieldProblem:
    number = row.number if isinstance(row, Row) else row
    return FieldProblem(field=column, sheet=sheet, row=number, column=column, message=message)


@dataclass(frozen=True)
class Change:
    """What importing one row does (or did) to one entry."""

    sheet: str
    row: int
    key: str
    action: str  # created / updated / unchanged
    columns: tuple[str, ...] = ()


@dataclass
class ParsedRow:
    row: Row
    values: Values  # attr → parsed value, only for the columns present in the sheet


@dataclass(frozen=True)
class ListSheet:
    """One list of the catalogue, one row per entry, identified by ``key`` attributes."""

    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("code",)
    agency_path: str = "agency"
    order_by: tuple[str, ...] = ("code",)
    save: Callable[..., models.Model] = save_entry

    # -- shape ---------------------------------------------------------------------
    def column(self, attr: str) -> Column:
        return next(c for c in self.columns if c.attr == attr)

    @property
    def importable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.export_only)

    # -- export --------------------------------------------------------------------
    def queryset(self, agency: Agency) -> models.QuerySet:
        return self.model.objects.filter(**{self.agency_path: agency}).order_by(*self.order_by)

    def export_rows(self, agency: Agency) -> Iterable[list[Any]]:
        for obj in self.queryset(agency):
            yield [c.codec.format(c.read(obj)) for c in self.columns]

    # -- import: reading rows ------------------------------------------------------
    def header_problems(self, headers: list[str], ignored: set[str]) -> list[FieldProblem]:
        known = {c.header for c in self.columns}
        problems = [
            problem(self.name, 1, h, _("Unknown column “%(name)s”.") % {"name": h})
            for h in headers
            if h and h not in known and h not in ignored
        ]
        problems += [
            problem(self.name, 1, h, _("The column appears twice."))
            for i, h in enumerate(headers)
            if h and h in headers[:i]
        ]
        problems += [
            problem(self.name, 1, c.header, _("The required column is missing."))
            for c in self.importable
            if c.required and c.header not in headers
        ]
        return problems

    def parse_row(self, row: Row, problems: list[FieldProblem]) -> ParsedRow:
        values: Values = {}
        for column in self.importable:
            if column.header not in row.cells:
                continue
            try:
                value = column.parse(row.cells[column.header])
                if value in ("", None) and column.required:
                    raise CellError(_("This cell is required."))
                values[column.attr] = self._default_if_empty(column, value)
                self._validate(column, values[column.attr])
            except (CellError, ValidationError) as exc:
                message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                problems.append(problem(self.name, row, column.header, message))
        return ParsedRow(row, values)

    def _model_field(self, column: Column) -> models.Field | None:
        try:
            model_field = self.model._meta.get_field(column.attr)
        except FieldDoesNotExist:
            return None
        return None if model_field.is_relation else model_field  # type: ignore[return-value]

    def _default_if_empty(self, column: Column, value: Any) -> Any:
        model_field = self._model_field(column)
        if value in ("", None) and model_field is not None and model_field.has_default():
            return model_field.get_default()
        return value

    def _validate(self, column: Column, value: Any) -> None:
        """The model field's own validators (length, digits, slug) on the parsed value."""
        model_field = self._model_field(column)
        if model_field is not None and value not in ("", None, []):
            model_field.run_validators(value)

    def key_of(self, values: Values) -> tuple[Any, ...]:
        return tuple(values.get(attr) for attr in self.key)

    def refs(self) -> Iterable[Column]:
        return (c for c in self.importable if c.ref is not None)

    # -- import: applying ----------------------------------------------------------
    def find(self, values: Values, resolver: Resolver) -> models.Model | None:
        lookup: dict[str, Any] = {self.agency_path: resolver.agency}
        for attr in self.key:
            column = self.column(attr)
            name = f"{attr}__{column.ref.key}" if column.ref else attr
            lookup[name] = values[attr]
        return self.model.objects.filter(**lookup).first()

    def new(self, resolver: Resolver) -> models.Model:
        return self.model(agency=resolver.agency) if self.agency_path == "agency" else self.model()

    def changed(self, obj: models.Model, values: Values) -> list[str]:
        """Headers of the columns whose value in the file differs from ``obj``."""
        return [
            self.column(attr).header
            for attr, value in values.items()
            if self.column(attr).read(obj) != value
        ]

    def assign(self, obj: models.Model, values: Values, resolver: Resolver) -> dict[str, list]:
        """Write ``values`` onto ``obj``; returns the many-to-many relations to set."""
        relations: dict[str, list] = {}
        for attr, value in values.items():
            column = self.column(attr)
            if column.many:
                relations[attr] = [resolver.get(column.ref, k) for k in value]
            elif column.ref:
                setattr(obj, attr, resolver.get(column.ref, value))
            else:
                setattr(obj, attr, value)
        return relations

    def label(self, values: Values) -> str:
        return " / ".join(str(values.get(attr, "")) for attr in self.key)

    def apply_row(
        self, parsed: ParsedRow, resolver: Resolver, actor: User, fixed: Values | None = None
    ) -> list[Change]:
        """Create or update the row's entry through its service; skip it when unchanged.

        ``fixed`` are attributes set by the caller rather than read from a cell (the
        officer a certificate row belongs to).
        """
        values, fixed = parsed.values, fixed or {}
        obj = self.find(values, resolver)
        changed: list[str] = []
        if obj is not None:
            changed = self.changed(obj, values)
            changed += [attr for attr, value in fixed.items() if getattr(obj, attr) != value]
            if not changed:
                return [self._change(parsed, "unchanged")]
        action = "updated" if obj is not None else "created"
        obj = obj or self.new(resolver)
        relations = self.assign(obj, values, resolver)
        for attr, value in fixed.items():
            setattr(obj, attr, value)
        self.store(obj, relations, actor)
        return [self._change(parsed, action, changed)]

    def _change(self, parsed: ParsedRow, action: str, columns: Iterable[str] = ()) -> Change:
        label = self.label(parsed.values)
        return Change(self.name, parsed.row.number, label, action, tuple(columns))

    def check_rows(self, rows: list[ParsedRow]) -> list[FieldProblem]:
        """Checks across rows: no entry may appear twice."""
        seen: dict[tuple[Any, ...], int] = {}
        problems = []
        header = self.column(self.key[-1]).header
        for parsed in rows:
            key = self.key_of(parsed.values)
            if any(part in (None, "") for part in key):
                continue  # a missing key cell is already reported
            if key in seen:
                message = _("Duplicate of row %(row)s.") % {"row": seen[key]}
                problems.append(problem(self.name, parsed.row, header, message))
            seen.setdefault(key, parsed.row.number)
        return problems

    def store(self, obj: models.Model, relations: dict[str, list], actor: User) -> None:
        if relations:
            self.save(obj, actor=actor, relations=relations)
        else:
            self.save(obj, actor=actor)
