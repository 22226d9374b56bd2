"""Cell codecs: how one kind of value is read from and written to a spreadsheet cell.

Each codec turns a raw cell value (as openpyxl gives it: str, int, float, datetime, bool
or None) into a plain Python value, or raises ``CellError`` with a message for the user;
``format`` does the reverse for export. Both directions use the same codec, so an
exported file re-imports to exactly the values it came from.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell value that cannot be read; the message is shown to the user."""


def clean_text(raw: Any) -> str:
    """Text of a cell with stray whitespace removed; integral numbers lose their ``.0``."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise CellError(_("Expected text, found a true/false value."))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date() if raw.time() == datetime.time() else raw
    # Non-breaking and full-width spaces come in with text pasted from web pages.
    return str(raw).replace("\u00a0", " ").replace("\u3000", " ").strip()


@dataclass(frozen=True)
class Text:
    """Free text; line breaks inside the cell are kept."""

    def parse(self, raw: Any) -> str:
        return clean_text(raw)

    def format(self, value: Any) -> Any:
        return value or None


@dataclass(frozen=True)
class Integer:
    def parse(self, raw: Any) -> int | None:
        text = clean_text(raw).replace(",", "")
        if not text:
            return None
        if not re.fullmatch(r"\d+", text):
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text)

    def format(self, value: Any) -> Any:
        return value


_AMOUNT_NOISE = re.compile(r"[,，\s元¥￥]")


@dataclass(frozen=True)
class Amount:
    """A non-negative amount in yuan; text such as “10,000元” is accepted."""

    def parse(self, raw: Any) -> Decimal | None:
        if isinstance(raw, float):
            raw = repr(raw)  # the shortest text that round-trips, not the binary expansion
        text = _AMOUNT_NOISE.sub("", clean_text(raw))
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not an amount.") % {"value": text}) from None
        if not value.is_finite() or value < 0:
            raise CellError(_("“%(value)s” is not an amount.") % {"value": text})
        return value

    def format(self, value: Any) -> Any:
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


@dataclass(frozen=True)
class Date:
    """A date cell, or text in an unambiguous year-first form (2026-01-31, 2026/1/31,
    2026年1月31日). Day-first or month-first text is refused: 01/02/2026 is ambiguous."""

    def parse(self, raw: Any) -> datetime.date | None:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raise CellError(
                _("“%(value)s” is a number, not a date; format the cell as a date.")
                % {"value": clean_text(raw)}
            )
        text = clean_text(raw)
        if not text:
            return None
        text = re.sub(r"\s+00:00(:00)?$", "", text)
        for form in _DATE_FORMS:
            match = form.fullmatch(text)
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    break
        raise CellError(_("“%(value)s” is not a date; write it like 2026-01-31.") % {"value": text})

    def format(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values, shown in the sheet by its Chinese label.

    ``labels`` maps stored value → label; ``aliases`` are extra spellings accepted on
    import. The stored value itself is accepted too, for files written by other systems.
    """

    labels: Mapping[str, str]
    aliases: Mapping[str, str] | None = None

    def parse(self, raw: Any) -> str:
        text = clean_text(raw)
        if not text:
            return ""
        lookup = {label: value for value, label in self.labels.items()}
        lookup.update(self.aliases or {})
        lookup.update({value: value for value in self.labels})
        if text not in lookup:
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": "、".join(self.labels.values())}
            )
        return lookup[text]

    def format(self, value: Any) -> Any:
        return self.labels.get(value, value) if value else None


@dataclass(frozen=True)
class YesNo:
    """是/否; an empty cell means 否."""

    def parse(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = clean_text(raw).upper()
        if text in ("是", "Y", "YES", "TRUE", "1", "√"):
            return True
        if text in ("否", "N", "NO", "FALSE", "0", ""):
            return False
        raise CellError(_("Write 是 or 否, not “%(value)s”.") % {"value": clean_text(raw)})

    def format(self, value: Any) -> Any:
        return "是" if value else "否"


_SEPARATORS = re.compile(r"[、;；\n]")


@dataclass(frozen=True)
class ListOf:
    """Several values in one cell, separated by 、 or ; (written back with 、)."""

    item: Text | Choice

    def parse(self, raw: Any) -> list[str]:
        parts = [clean_text(p) for p in _SEPARATORS.split(clean_text(raw))]
        values = [self.item.parse(p) for p in parts if p]
        return list(dict.fromkeys(values))  # drop repeats, keep the order written

    def format(self, value: Sequence[str] | None) -> Any:
        return "、".join(str(self.item.format(v)) for v in value or ()) or None


Codec = Text | Integer | Amount | Date | Choice | YesNo | ListOf
