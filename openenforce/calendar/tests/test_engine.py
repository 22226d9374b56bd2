"""Due dates across the real 2025–2026 holidays and make-up working days, edge cases,
and provisional results for 2027 (no arrangement entered yet)."""

import datetime

import pytest
from django.utils import translation

from openenforce.calendar.arrangement import read_arrangement_file
from openenforce.calendar.engine import add_calendar_days, add_working_days
from openenforce.calendar.services import enter_arrangement
from openenforce.core.errors import InvalidInput

D = datetime.date

WORKING_DAY_CASES = [
    # (start, n, due, why)
    (D(2026, 9, 28), 7, D(2026, 10, 13), "National Day 2026, make-up Saturday 10-10 counts"),
    (D(2026, 2, 12), 3, D(2026, 2, 24), "make-up Saturday 02-14 counts, Spring Festival skipped"),
    (D(2026, 2, 10), 7, D(2026, 2, 26), "across the whole Spring Festival break"),
    (D(2026, 2, 24), 5, D(2026, 3, 2), "make-up Saturday 02-28 counts, Sunday does not"),
    (D(2025, 9, 26), 2, D(2025, 9, 29), "make-up Sunday 2025-09-28 counts"),
    (D(2025, 9, 29), 5, D(2025, 10, 13), "National Day and Mid-Autumn 2025, make-up 10-11"),
    (D(2026, 4, 29), 3, D(2026, 5, 7), "Labour Day 2026 skipped"),
    (D(2026, 5, 6), 3, D(2026, 5, 9), "due on the make-up Saturday 2026-05-09"),
    (D(2026, 10, 1), 1, D(2026, 10, 8), "start on a holiday: counting begins the next day"),
    (D(2026, 2, 14), 1, D(2026, 2, 24), "start on a make-up Saturday"),
    (D(2026, 11, 20), 5, D(2026, 11, 27), "an ordinary week: weekend skipped"),
]


@pytest.mark.parametrize(("start", "n", "due", "why"), WORKING_DAY_CASES)
def test_working_days(start, n, due, why):
    result = add_working_days(start, n)
    assert result.due == due, why
    assert not result.provisional


CALENDAR_DAY_CASES = [
    (D(2026, 9, 24), 7, D(2026, 10, 8), "last day 10-01 is National Day: first working day after"),
    (D(2025, 9, 24), 7, D(2025, 10, 9), "2025 break ends 10-08"),
    (D(2026, 10, 3), 7, D(2026, 10, 10), "last day is a make-up Saturday: a working day"),
    (D(2026, 11, 20), 15, D(2026, 12, 7), "last day a Saturday: moves to Monday"),
    (D(2026, 1, 20), 30, D(2026, 2, 24), "last day 02-19 in Spring Festival"),
    (D(2026, 3, 2), 15, D(2026, 3, 17), "last day a Tuesday: no change"),
]


@pytest.mark.parametrize(("start", "n", "due", "why"), CALENDAR_DAY_CASES)
def test_calendar_days(start, n, due, why):
    result = add_calendar_days(start, n)
    assert result.due == due, why
    assert not result.provisional


def test_explanation_names_each_skipped_day_and_the_make_up_day_counted():
    with translation.override("zh-hans"):
        lines = add_working_days(D(2026, 9, 28), 7).explanation()
    assert lines[0] == "起算日：2026-09-28（当日不计入，自次日开始计算，《民法典》第二百零一条）。"
    assert "2026-10-01 不计：节假日（国庆节）" in lines
    assert "2026-10-11 不计：周末" in lines
    assert "2026-10-10 计入：调休上班日（国庆节）" in lines
    assert lines[-1] == "到期日：2026-10-13。"


def test_explanation_of_a_moved_calendar_day_deadline_cites_the_rule():
    with translation.override("en"):
        lines = add_calendar_days(D(2026, 9, 24), 7).explanation()
    assert any("2026-10-01, is a rest day" in line and "Art 203" in line for line in lines)
    assert "2026-10-07 skipped: holiday (国庆节)" in lines


def test_zero_days_ends_on_the_start_day_even_a_holiday():
    assert add_working_days(D(2026, 10, 3), 0).due == D(2026, 10, 3)
    assert add_calendar_days(D(2026, 10, 3), 0).due == D(2026, 10, 3)


@pytest.mark.parametrize("n", [-1, True, 1.5, 100_000])
def test_bad_number_of_days_is_refused(n):
    with pytest.raises(InvalidInput) as excinfo:
        add_working_days(D(2026, 1, 5), n)
    assert excinfo.value.code == "calendar_bad_days"


def test_a_datetime_is_not_a_start_date():
    with pytest.raises(InvalidInput) as excinfo:
        add_calendar_days(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC), 1)
    assert excinfo.value.code == "calendar_bad_start"


def test_a_year_neither_entered_nor_computable_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        add_working_days(D(2003, 3, 3), 1)
    assert excinfo.value.code == "calendar_year_unknown"


def test_crossing_into_2027_is_provisional_and_says_so():
    result = add_working_days(D(2026, 12, 30), 3)
    assert result.due == D(2027, 1, 5)  # 2027-01-01 computed as New Year's Day
    assert result.provisional and result.provisional_years == (2027,)
    with translation.override("zh-hans"):
        assert result.explanation()[-1].startswith("暂定：2027 年的放假安排尚未录入")


def test_a_2026_period_that_ends_in_2026_is_not_provisional():
    assert not add_working_days(D(2026, 12, 21), 5).provisional
    assert not add_calendar_days(D(2026, 12, 1), 15).provisional


def test_calendar_days_ending_on_a_computed_2027_holiday_are_provisional():
    result = add_calendar_days(D(2026, 12, 25), 7)
    assert result.due == D(2027, 1, 4)
    assert result.provisional_years == (2027,)


def test_entering_the_2027_arrangement_changes_the_results(system_actor, example_2027):
    before = add_working_days(D(2027, 2, 4), 3)
    assert (before.due, before.provisional) == (D(2027, 2, 11), True)
    enter_arrangement(read_arrangement_file(example_2027), actor=system_actor)
    after = add_working_days(D(2027, 2, 4), 3)
    # The example's break runs 02-05..02-13; Sunday 02-14 is a rest day.
    assert (after.due, after.provisional) == (D(2027, 2, 17), False)
    assert add_working_days(D(2027, 1, 29), 1).due == D(2027, 1, 31)  # make-up Sunday
