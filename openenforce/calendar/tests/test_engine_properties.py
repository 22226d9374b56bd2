"""Properties of the arithmetic that hold for any start and length."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openenforce.calendar.engine import WorkingCalendar, add_calendar_days, add_working_days

starts = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 6, 30))
# The database is only read, so one seeded table serves every example.
quick = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@quick
@given(start=starts, n=st.integers(min_value=1, max_value=40))
def test_working_days_end_on_the_nth_working_day(start, n):
    calendar = WorkingCalendar()
    result = add_working_days(start, n, calendar=calendar)
    days = [start + datetime.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert sum(calendar.day(day).is_working for day in days) == n
    assert calendar.day(result.due).is_working
    assert result.provisional == any(day.year == 2027 for day in days)


@quick
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_calendar_days_end_on_the_first_working_day_from_the_nominal_one(start, n):
    calendar = WorkingCalendar()
    result = add_calendar_days(start, n, calendar=calendar)
    nominal = start + datetime.timedelta(days=n)
    assert result.due >= nominal
    assert calendar.day(result.due).is_working
    between = [nominal + datetime.timedelta(days=i) for i in range((result.due - nominal).days)]
    assert not any(calendar.day(day).is_working for day in between)
