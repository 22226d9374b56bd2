"""A year of the calendar as pages and the CLI show it: its holidays and make-up working
days, and whether they are entered or provisional (暂定)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openenforce.calendar.engine import Day, DayKind, WorkingCalendar
from openenforce.calendar.models import HolidayArrangement
from openenforce.core.errors import InvalidInput


@dataclass(frozen=True)
class YearOverview:
    year: int
    days: list[Day]
    mark: HolidayArrangement | None

    @property
    def provisional(self) -> bool:
        return self.mark is None

    def status_line(self) -> str:
        if self.mark is None:
            return _(
                "%(year)s: provisional (the arrangement has not been entered; statutory "
                "holidays computed, no make-up working days)."
            ) % {"year": self.year}
        return _("%(year)s: arrangement entered (%(source)s, %(when)s).") % {
            "year": self.year,
            "source": self.mark.get_source_display(),
            "when": date_format(timezone.localtime(self.mark.entered_at), "Y-m-d"),
        }

    @staticmethod
    def kind_label(day: Day) -> str:
        label = _("holiday") if day.kind == DayKind.HOLIDAY else _("make-up working day")
        if day.provisional:
            return _("%(kind)s (provisional)") % {"kind": label}
        return label


def year_overview(year: int, *, calendar: WorkingCalendar | None = None) -> YearOverview:
    """The year's holidays and make-up working days in date order, with its marker."""
    if not 1900 <= year <= 2100:
        raise InvalidInput(
            _("“%(value)s” is not a year from 1900 to 2100.") % {"value": year},
            code="calendar_bad_year",
        )
    calendar = calendar or WorkingCalendar()
    entries = calendar.year(year).entries
    mark = HolidayArrangement.objects.filter(year=year).select_related("entered_by").first()
    return YearOverview(year, [entries[date] for date in sorted(entries)], mark)
