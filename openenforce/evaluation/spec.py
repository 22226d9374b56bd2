"""A rubric's content as plain data, and its parsing and checking.

The workbook (``exchange``) and the shipped data files (``data/rubrics/*.json``) both end
here: rows of cells named by their column, parsed column by column, then checked as a
whole. Every problem names its sheet, row and column, in the user's language; a rubric
with any problem is not written at all.

Sheet and column names are a file format, fixed in Chinese (like the catalogue's).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from openenforce.cases import lifecycles
from openenforce.core.errors import FieldProblem
from openenforce.evaluation.checks import CHECKS
from openenforce.evaluation.models import RubricItem

RUBRIC_SHEET = "评查标准"
ITEM_SHEET = "评查项目"
SHEETS = (RUBRIC_SHEET, ITEM_SHEET)
# The rubric sheet is two columns: what (项目) and its value (内容).
KEY_HEADER, VALUE_HEADER = "项目", "内容"
YES, NO = "是", "否"
MAX_POINTS = Decimal("1000")

Kind, Group = RubricItem.Kind, RubricItem.Group


@dataclass
class ItemSpec:
    code: str
    kind: str
    group: str
    title: str
    points: Decimal
    deduction: str
    deduct_each: Decimal | None
    source: str
    proposal: bool
    check_key: str


@dataclass
class RubricSpec:
    code: str
    title: str
    procedure: str
    description: str
    excellent_from: Decimal
    passed_from: Decimal
    items: list[ItemSpec] = field(default_factory=list)

    @property
    def total_points(self) -> Decimal:
        return sum((i.points for i in self.items if i.kind == Kind.POINTS), Decimal(0))

    def digest(self) -> str:
        """SHA-256 of the content's canonical JSON: equal content, equal digest."""
        data = asdict(self)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_canonical)
        return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value: Any) -> str:
    """Points as stored (one decimal place), whether typed as 90, 90.0 or 90.00."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))
    return str(value)


class Problems(list[FieldProblem]):
    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.append(
            FieldProblem(field=column, sheet=sheet, row=row, column=column, message=message)
        )


# --- cell parsers: a value, or ValueError with the message ---------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _required(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError(_("This column must not be empty."))
    return text


def _points(value: Any, *, blank_ok: bool = False) -> Decimal | None:
    text = _text(value)
    if not text:
        if blank_ok:
            return None
        raise ValueError(_("Enter the points, a number such as 2 or 0.5."))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not number.is_finite() or number < 0 or number > MAX_POINTS:
        raise ValueError(_("Enter a number from 0 to %(max)s.") % {"max": MAX_POINTS})
    if number != number.quantize(Decimal("0.1")):
        raise ValueError(_("Use at most one decimal place."))
    return number.quantize(Decimal("0.1"))


def _choice(choices: Iterable[tuple[str, Any]], what: Any) -> Callable[[Any], str]:
    """Accept the code, or its label in Chinese or English."""

    def parse(value: Any) -> str:
        text = _required(value)
        for code, label in choices:
            names = {code, *(_in(lang, label) for lang in ("zh-hans", "en"))}
            if text in names:
                return code
        shown = "、".join(_in(translation.get_language() or "zh-hans", lb) for _c, lb in choices)
        raise ValueError(
            _("“%(value)s” is not a known %(what)s; use one of: %(names)s.")
            % {"value": text, "what": str(what), "names": shown}
        )

    return parse


def _in(language: str, label: Any) -> str:
    with translation.override(language):
        return str(label)


def procedure_choices() -> list[tuple[str, Any]]:
    return [(code, lc.label) for code, lc in lifecycles.LIFECYCLES.items()]


def _flag(value: Any) -> bool:
    text = _text(value)
    if text in ("", NO, "no", "No", "false", "False", "0"):
        return False
    if text in (YES, "yes", "Yes", "true", "True", "1"):
        return True
    raise ValueError(_("Write 是 or 否."))


def _check(value: Any) -> str:
    text = _text(value)
    if text and text not in CHECKS:
        raise ValueError(
            _("“%(value)s” is not a known automatic check; the checks are: %(names)s.")
            % {"value": text, "names": "、".join(CHECKS)}
        )
    return text


def _slug(value: Any) -> str:
    text = _required(value)
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in text) or len(text) > 40:
        raise ValueError(_("Use at most 40 letters, digits, hyphens or underscores."))
    return text.lower()


@dataclass(frozen=True)
class Column:
    attr: str
    header: str
    parse: Callable[[Any], Any]


RUBRIC_COLUMNS = (
    Column("code", "标准代码", _slug),
    Column("title", "标准名称", _required),
    Column("procedure", "执法程序", lambda v: _choice(procedure_choices(), _("procedure"))(v)),
    Column("excellent_from", "优秀分数线", _points),
    Column("passed_from", "合格分数线", _points),
    Column("description", "说明", _text),
)
ITEM_COLUMNS = (
    Column("code", "序号", _required),
    Column("kind", "类别", _choice(Kind.choices, gettext_lazy("kind of item"))),
    Column(
        "group", "阶段或部分", _choice(Group.choices, pgettext_lazy("evaluation item", "group"))
    ),
    Column("title", "评查内容", _required),
    Column("points", "分值", lambda v: _points(v, blank_ok=True)),
    Column("deduction", "扣分规则", _text),
    Column("deduct_each", "每处扣分", lambda v: _points(v, blank_ok=True)),
    Column("source", "依据来源", _required),
    Column("proposal", "系统建议", _flag),
    Column("check_key", "自动核对", _check),
)


def _parse(
    columns: tuple[Column, ...],
    cells: dict[str, Any],
    sheet: str,
    row: int | None,
    problems: Problems,
) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    for column in columns:
        try:
            values[column.attr] = column.parse(cells.get(column.header))
        except ValueError as exc:
            problems.add(sheet, row, column.header, str(exc))
    return values if len(values) == len(columns) else None


def header_problems(sheet: str, headers: list[str], columns: Iterable[str]) -> Problems:
    problems = Problems()
    for header in columns:
        if header not in headers:
            problems.add(
                sheet, 1, header, _("The column “%(name)s” is missing.") % {"name": header}
            )
    return problems


def parse_rubric(
    rubric_cells: dict[str, Any], item_rows: list[tuple[int, dict[str, Any]]]
) -> tuple[RubricSpec | None, Problems]:
    """The spec from the rubric's cells (by header) and its item rows (row number, cells by
    header), with every problem found; ``None`` when there is any."""
    problems = Problems()
    head = _parse(RUBRIC_COLUMNS, rubric_cells, RUBRIC_SHEET, None, problems)
    items = []
    for number, cells in item_rows:
        values = _parse(ITEM_COLUMNS, cells, ITEM_SHEET, number, problems)
        if values is not None:
            item = ItemSpec(**{**values, "points": values["points"] or Decimal(0)})
            _check_item(item, number, problems)
            items.append((number, item))
    if not item_rows:
        problems.add(ITEM_SHEET, None, "", _("The rubric has no items."))
    _check_codes(items, problems)
    if head is None or problems:
        return None, problems
    spec = RubricSpec(**head, items=[item for _n, item in items])
    _check_bands(spec, problems)
    return (None if problems else spec), problems


def _check_item(item: ItemSpec, row: int, problems: Problems) -> None:
    def add(header: str, message: str) -> None:
        problems.add(ITEM_SHEET, row, header, message)

    if item.kind == Kind.VETO:
        if item.points:
            add("分值", _("A veto item has no points: failing it fails the whole file."))
        if item.group != Group.BASIC:
            add("阶段或部分", _("A veto item belongs to the basic standard (基本标准)."))
        if item.deduct_each is not None:
            add("每处扣分", _("A veto item deducts nothing: it fails the file."))
        return
    if item.group == Group.BASIC:
        add("阶段或部分", _("Only veto items belong to the basic standard (基本标准)."))
    if not item.points:
        add("分值", _("A point item needs its points, more than 0."))
    elif item.deduct_each is not None and not 0 < item.deduct_each <= item.points:
        add("每处扣分", _("The deduction each time is more than 0 and at most the item's points."))
    if not item.deduction:
        add("扣分规则", _("Say how points are deducted."))


def _check_codes(items: list[tuple[int, ItemSpec]], problems: Problems) -> None:
    first: dict[str, int] = {}
    for number, item in items:
        if item.code in first:
            problems.add(
                ITEM_SHEET,
                number,
                "序号",
                _("The item number %(code)s is already used in row %(row)s.")
                % {"code": item.code, "row": first[item.code]},
            )
        first.setdefault(item.code, number)


def _check_bands(spec: RubricSpec, problems: Problems) -> None:
    total = spec.total_points
    if total <= 0:
        problems.add(ITEM_SHEET, None, "分值", _("The rubric has no point items."))
    elif not 0 < spec.passed_from <= spec.excellent_from <= total:
        problems.add(
            RUBRIC_SHEET,
            None,
            "合格分数线",
            _(
                "The pass mark must be above 0 and at most the excellent mark, which is at "
                "most the total of %(total)s points."
            )
            % {"total": total},
        )


def rubric_rows(spec: RubricSpec) -> list[tuple[str, Any]]:
    """The rubric sheet's rows, (header, value), for export."""
    procedure = lifecycles.get(spec.procedure)
    with translation.override("zh-hans"):
        label = str(procedure.label) if procedure else spec.procedure
    values = {**asdict(spec), "procedure": label}
    return [(c.header, values[c.attr]) for c in RUBRIC_COLUMNS]


def item_cells(item: ItemSpec) -> list[Any]:
    """One item's row for export, in the column order."""
    with translation.override("zh-hans"):
        values = {
            **asdict(item),
            "kind": str(Kind(item.kind).label),
            "group": str(Group(item.group).label),
            "proposal": YES if item.proposal else NO,
            "points": item.points if item.kind == Kind.POINTS else None,
        }
    return [values[c.attr] for c in ITEM_COLUMNS]
