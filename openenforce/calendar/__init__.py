"""The working-day calendar: holidays and make-up working days, and deadline arithmetic.

Other apps import from here::

    from openenforce.calendar import add_working_days
    result = add_working_days(decision_date, 7)
    result.due, result.provisional, result.explanation()

Changes to the calendar go through ``openenforce.calendar.services``.
"""

from openenforce.calendar.engine import (
    DueDate,
    WorkingCalendar,
    add_calendar_days,
    add_working_days,
)

__all__ = ["DueDate", "WorkingCalendar", "add_calendar_days", "add_working_days"]
