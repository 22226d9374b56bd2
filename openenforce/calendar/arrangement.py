"""Reading the State Council's yearly holiday arrangement from a small text file.

The format (docs/calendar.md has the full description and an example)::

    # 国务院办公厅关于2027年部分节假日安排的通知
    year 2027
    note 国办发明电〔2026〕X号
    2027-01-01..2027-01-03 元旦 holiday
    2027-02-20 春节 workday

One entry per line: a date or an inclusive range ``FROM..TO``, the festival's name
(no spaces), and ``holiday`` (放假, also ``休``) or ``workday`` (调休上班, also ``班``).
Blank lines and lines starting with ``#`` are ignored. The dates belong to the year
named on the ``year`` line, or to December of the year before (an arrangement sometimes
puts a make-up working day there). Every problem is reported with its line number, and
nothing is imported if there is any.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.core.params import ascii_int

MAX_FILE_BYTES = 64 * 1024
MAX_RANGE_DAYS = 31
MAX_NAME_LENGTH = 50
YEAR_KEYWORDS = {"year", "年份"}
NOTE_KEYWORDS = {"note", "备注"}
KIND_WORDS = {"holiday": "holiday", "休": "holiday", "workday": "workday", "班": "workday"}


@dataclass(frozen=True)
class ArrangedDay:
    date: datetime.date
    kind: str  # "holiday" or "workday", the values of CalendarDay.Kind
    name: str
    line: int


@dataclass(frozen=True)
class Arrangement:
    year: int
    note: str
    days: tuple[ArrangedDay, ...]


class _Reader:
    """Collects the entries and every problem, line by line."""

    def __init__(self) -> None:
        self.year: int | None = None
        self.note = ""
        self.days: dict[datetime.date, ArrangedDay] = {}
        self.problems: list[FieldProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(_problem(message, line))

    def read_line(self, number: int, text: str) -> None:
        words = text.split(None, 1)
        if words[0].lower() in YEAR_KEYWORDS:
            self.read_year(number, words[1] if len(words) > 1 else "")
        elif words[0].lower() in NOTE_KEYWORDS:
            self.note = (words[1] if len(words) > 1 else "").strip()[:200]
        elif self.year is None:
            self.problem(number, _("The first entry must be the line “year YYYY”."))
        else:
            self.read_entry(number, text.split())

    def read_year(self, number: int, value: str) -> None:
        if self.year is not None:
            self.problem(number, _("The year is given twice."))
        elif (year := ascii_int(value, minimum=1900, maximum=2100)) is None:
            self.problem(
                number, _("“%(value)s” is not a year from 1900 to 2100.") % {"value": value}
            )
        else:
            self.year = year

    def read_entry(self, number: int, fields: list[str]) -> None:
        if len(fields) != 3:
            self.problem(
                number,
                _(
                    "Expected three fields: a date or range FROM..TO, the festival, holiday or workday."
                ),
            )
            return
        dates = self.read_dates(number, fields[0])
        kind = KIND_WORDS.get(fields[2].lower())
        if kind is None:
            self.problem(
                number,
                _("Unknown kind “%(value)s”: use holiday (休) or workday (班).")
                % {"value": fields[2]},
            )
        if len(fields[1]) > MAX_NAME_LENGTH:
            self.problem(
                number,
                _("The festival name is longer than %(n)s characters.") % {"n": MAX_NAME_LENGTH},
            )
        if dates and kind and len(fields[1]) <= MAX_NAME_LENGTH:
            for date in dates:
                self.add(number, ArrangedDay(date, kind, fields[1], number))

    def read_dates(self, number: int, value: str) -> list[datetime.date]:
        parts = value.split("..")
        try:
            first, last = (datetime.date.fromisoformat(p) for p in (parts[0], parts[-1]))
            if len(parts) > 2 or any(len(p) != 10 for p in parts):
                raise ValueError
        except ValueError:
            self.problem(
                number,
                _("“%(value)s” is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD.")
                % {"value": value},
            )
            return []
        count = (last - first).days + 1
        if not 1 <= count <= MAX_RANGE_DAYS:
            self.problem(
                number,
                _("The range must run forwards and cover at most %(n)s days.")
                % {"n": MAX_RANGE_DAYS},
            )
            return []
        return [first + datetime.timedelta(days=i) for i in range(count)]

    def add(self, number: int, day: ArrangedDay) -> None:
        assert self.year is not None  # read_entry runs only after the year line
        when = day.date.isoformat()
        if not (
            day.date.year == self.year or (day.date.year == self.year - 1 and day.date.month == 12)
        ):
            self.problem(
                number,
                _(
                    "%(date)s is outside the arrangement for %(year)s (only that year and December of the year before)."
                )
                % {"date": when, "year": self.year},
            )
        elif day.kind == "workday" and day.date.weekday() < 5:
            self.problem(
                number,
                _("%(date)s is a weekday; a make-up working day must be a Saturday or Sunday.")
                % {"date": when},
            )
        elif day.date in self.days:
            self.problem(
                number,
                _("%(date)s is already listed on line %(line)s.")
                % {"date": when, "line": self.days[day.date].line},
            )
        else:
            self.days[day.date] = day


def parse_arrangement(text: str) -> Arrangement:
    """Parse an arrangement file's text. Raises InvalidInput listing every problem."""
    reader = _Reader()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            reader.read_line(number, line)
    if reader.year is None and not reader.problems:
        reader.problem(0, _("The file has no “year YYYY” line."))
    elif not reader.problems and not any(d.kind == "holiday" for d in reader.days.values()):
        reader.problem(0, _("The file lists no holidays."))
    if reader.problems:
        raise _invalid(reader.problems)
    assert reader.year is not None
    return Arrangement(
        reader.year, reader.note, tuple(sorted(reader.days.values(), key=lambda d: d.date))
    )


def read_arrangement_file(data: bytes) -> Arrangement:
    """Decode (UTF-8, with or without BOM) and parse an uploaded or given file."""
    if len(data) > MAX_FILE_BYTES:
        raise _invalid(
            [
                FieldProblem(
                    "file", _("The file is larger than 64 KB; an arrangement is a few lines.")
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid([_problem(_("The file is not UTF-8 text."))]) from None
    if "\x00" in text:
        raise _invalid([_problem(_("The file is not UTF-8 text."))])
    return parse_arrangement(text)


def _problem(message: str, line: int = 0) -> FieldProblem:
    """A problem on a numbered line, or (line 0) with the file as a whole."""
    if line:
        return FieldProblem(field="line", message=message, row=line)
    return FieldProblem(field="file", message=message, sheet=_("the file"))


def _invalid(problems: list[FieldProblem]) -> InvalidInput:
    """One refusal carrying every problem (each names its line where there is one)."""
    return InvalidInput(
        _("The arrangement file was not imported; nothing was changed."),
        code="calendar_bad_arrangement",
        problems=problems,
    )
