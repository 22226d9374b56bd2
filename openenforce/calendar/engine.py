"""Deadline arithmetic on the working-day calendar.

Conventions (docs/calendar.md explains them with their sources):

* The day on which a period starts is not counted; counting begins the next day
  (民法典 Art 201; 民事诉讼法 on periods, applied to administrative cases through
  行政诉讼法 Art 101).
* "Days" of ten or fewer in the enforcement laws are working days, statutory holidays
  excluded (行政处罚法 Art 85, 行政许可法 Art 82, 行政强制法 Art 69). A working day is a
  Monday to Friday that is not a holiday, or a make-up working day (调休上班).
* A period counted in calendar days whose last day is a rest day (weekend or holiday)
  ends on the first working day after it (民法典 Art 203).
* A period of zero days ends on its start day.
* A result that looked at a day in a year whose holiday arrangement has not been entered
  is provisional (暂定): that year's holidays are the statutory ones computed from the
  rules, without the State Council's moves and make-up working days.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openenforce.calendar import statutory
from openenforce.core.errors import InvalidInput

ONE_DAY = datetime.timedelta(days=1)
# Longer than any statutory period; keeps a typo from walking the calendar for decades.
MAX_DAYS = 3660
_LATEST_START = datetime.date.max - 3 * datetime.timedelta(days=MAX_DAYS)


class DayKind(enum.StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP = "makeup"


@dataclass(frozen=True)
class Day:
    """One date as the calendar sees it."""

    date: datetime.date
    kind: DayKind
    name: str = ""  # the festival, for holidays and make-up working days
    provisional: bool = False

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKING, DayKind.MAKEUP)

    def describe(self) -> str:
        """The kind of day in words, e.g. "holiday (春节)"."""
        if self.kind == DayKind.HOLIDAY and self.provisional:
            return _("holiday (%(name)s, provisional)") % {"name": self.name}
        if self.kind == DayKind.HOLIDAY:
            return _("holiday (%(name)s)") % {"name": self.name}
        if self.kind == DayKind.MAKEUP:
            return _("make-up working day (%(name)s)") % {"name": self.name}
        if self.kind == DayKind.WEEKEND:
            return _("weekend")
        return _("working day")


@dataclass
class _Year:
    entries: dict[datetime.date, Day]
    provisional: bool


class WorkingCalendar:
    """The calendar table read a year at a time, with provisional years computed.

    One instance answers one question; a new instance sees the table as it is now.
    """

    def __init__(self) -> None:
        self._years: dict[int, _Year] = {}

    def year(self, year: int) -> _Year:
        if year not in self._years:
            self._years[year] = self._load(year)
        return self._years[year]

    def _load(self, year: int) -> _Year:
        from openenforce.calendar.models import CalendarDay, HolidayArrangement

        provisional = not HolidayArrangement.objects.filter(year=year).exists()
        entries = {}
        if provisional:
            entries = {
                day.date: Day(day.date, DayKind.HOLIDAY, day.name, True) for day in _statutory(year)
            }
        for row in CalendarDay.objects.filter(date__year=year):
            kind = DayKind.HOLIDAY if row.kind == CalendarDay.Kind.HOLIDAY else DayKind.MAKEUP
            entries[row.date] = Day(row.date, kind, row.name, provisional)
        return _Year(entries, provisional)

    def day(self, date: datetime.date) -> Day:
        year = self.year(date.year)
        if date in year.entries:
            return year.entries[date]
        kind = DayKind.WEEKEND if date.weekday() >= 5 else DayKind.WORKING
        return Day(date, kind, provisional=year.provisional)

    def is_provisional(self, year: int) -> bool:
        return self.year(year).provisional


def _statutory(year: int) -> list[statutory.StatutoryDay]:
    try:
        return statutory.statutory_holidays(year)
    except ValueError as exc:
        raise InvalidInput(
            _(
                "The holiday arrangement for %(year)s has not been entered, and holidays "
                "can only be computed for %(first)s–%(last)s."
            )
            % {
                "year": year,
                "first": statutory.FIRST_RULE_YEAR,
                "last": statutory.LAST_COMPUTABLE_YEAR,
            },
            code="calendar_year_unknown",
        ) from exc


@dataclass(frozen=True)
class DueDate:
    """The end of a period and how it was reached."""

    start: datetime.date
    days: int
    unit: str  # "working" or "calendar"
    due: datetime.date
    skipped: tuple[Day, ...] = ()  # rest days passed over, with the reason
    makeup_counted: tuple[Day, ...] = ()  # make-up working days that counted
    nominal: datetime.date | None = None  # calendar days: the last day before moving
    provisional_years: tuple[int, ...] = field(default=())

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def explanation(self) -> list[str]:
        """The reasoning, one line per step, in the active language."""
        from openenforce.calendar.explain import explain

        return explain(self)


def _check_input(start: object, n: object) -> None:
    if (
        not isinstance(start, datetime.date)
        or isinstance(start, datetime.datetime)
        or start > _LATEST_START
    ):
        raise InvalidInput(_("The start must be a date."), code="calendar_bad_start")
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= MAX_DAYS:
        raise InvalidInput(
            _("The number of days must be a whole number from 0 to %(max)s.") % {"max": MAX_DAYS},
            code="calendar_bad_days",
        )


def _provisional_years(calendar: WorkingCalendar, days: list[Day]) -> tuple[int, ...]:
    years = {day.date.year for day in days}
    return tuple(sorted(year for year in years if calendar.is_provisional(year)))


def add_working_days(
    start: datetime.date, n: int, *, calendar: WorkingCalendar | None = None
) -> DueDate:
    """The ``n``-th working day after ``start`` (the start day itself is not counted).

    Weekends and holidays are skipped, make-up working days count; ``n == 0`` gives
    ``start``. Raises InvalidInput for a negative or absurd ``n`` or an unknown year.
    """
    _check_input(start, n)
    calendar = calendar or WorkingCalendar()
    seen: list[Day] = []
    counted, date = 0, start
    while counted < n:
        date += ONE_DAY
        day = calendar.day(date)
        seen.append(day)
        counted += day.is_working
    return DueDate(
        start=start,
        days=n,
        unit="working",
        due=date,
        skipped=tuple(day for day in seen if not day.is_working),
        makeup_counted=tuple(day for day in seen if day.kind == DayKind.MAKEUP),
        provisional_years=_provisional_years(calendar, seen),
    )


def add_calendar_days(
    start: datetime.date, n: int, *, calendar: WorkingCalendar | None = None
) -> DueDate:
    """``start`` plus ``n`` calendar days; if that last day is a weekend or holiday, the
    first working day after it (民法典 Art 203). ``n == 0`` gives ``start``."""
    _check_input(start, n)
    calendar = calendar or WorkingCalendar()
    nominal = start + datetime.timedelta(days=n)
    if n == 0:
        return DueDate(start=start, days=0, unit="calendar", due=start)
    seen = [calendar.day(nominal)]
    while not seen[-1].is_working:
        seen.append(calendar.day(seen[-1].date + ONE_DAY))
    return DueDate(
        start=start,
        days=n,
        unit="calendar",
        due=seen[-1].date,
        skipped=tuple(seen[:-1]),
        nominal=nominal,
        provisional_years=_provisional_years(calendar, seen),
    )
