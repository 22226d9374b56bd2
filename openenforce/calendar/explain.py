"""The explanation of a due date, in the active language, one line per step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from openenforce.calendar.engine import DueDate


def provisional_notice(years: tuple[int, ...] | list[int]) -> str:
    """The 暂定 warning for results that depend on years with no entered arrangement."""
    return _(
        "Provisional: the holiday arrangement for %(years)s has not been entered yet; "
        "its statutory holidays were computed and no make-up working days are known."
    ) % {"years": ", ".join(str(year) for year in years)}


def _start_line(result: DueDate) -> str:
    return _("Start: %(date)s (not counted; counting begins the next day, Civil Code Art 201).") % {
        "date": result.start.isoformat()
    }


def _period_line(result: DueDate) -> str:
    if result.unit == "working":
        return ngettext(
            "Period: %(n)s working day (weekends and holidays skipped).",
            "Period: %(n)s working days (weekends and holidays skipped).",
            result.days,
        ) % {"n": result.days}
    return ngettext("Period: %(n)s calendar day.", "Period: %(n)s calendar days.", result.days) % {
        "n": result.days
    }


def _day_lines(result: DueDate) -> list[str]:
    lines = []
    if result.unit == "calendar" and result.skipped:
        assert result.nominal is not None  # a calendar period has its nominal last day
        lines.append(
            _(
                "The last day, %(date)s, is a rest day; the period ends on the first "
                "working day after it (Civil Code Art 203)."
            )
            % {"date": result.nominal.isoformat()}
        )
    for day in sorted((*result.skipped, *result.makeup_counted), key=lambda d: d.date):
        template = (
            _("%(date)s counted: %(why)s") if day.is_working else _("%(date)s skipped: %(why)s")
        )
        lines.append(template % {"date": day.date.isoformat(), "why": day.describe()})
    return lines


def explain(result: DueDate) -> list[str]:
    """Start, period, each skipped day and each make-up day counted, the due date, and
    the provisional notice where it applies."""
    if result.days == 0:
        lines = [_("Start: %(date)s.") % {"date": result.start.isoformat()}, _period_line(result)]
        lines.append(_("A period of zero days ends on its start day."))
    else:
        lines = [_start_line(result), _period_line(result), *_day_lines(result)]
    lines.append(_("Due: %(date)s.") % {"date": result.due.isoformat()})
    if result.provisional:
        lines.append(provisional_notice(result.provisional_years))
    return lines
