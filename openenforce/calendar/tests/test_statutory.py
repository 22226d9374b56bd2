import datetime

import chinese_calendar
import pytest

from openenforce.calendar.models import CalendarDay
from openenforce.calendar.statutory import qingming, statutory_holidays


def test_qingming_formula_matches_the_solar_terms_of_the_century():
    for year in range(2001, 2100):
        terms = chinese_calendar.get_solar_terms(
            datetime.date(year, 4, 1), datetime.date(year, 4, 10)
        )
        assert [day for day, name in terms if name == "清明"] == [qingming(year)], year


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_holidays_in_the_published_arrangements(year):
    days = statutory_holidays(year)
    assert len(days) == 13  # 全国年节及纪念日放假办法 (2024) Art 2
    published = dict(
        CalendarDay.objects.filter(date__year=year, kind="holiday").values_list("date", "name")
    )
    assert all(day.date in published for day in days)


def test_2027_statutory_holidays_follow_the_lunar_calendar():
    days = {day.date: day.name for day in statutory_holidays(2027)}
    # Lunar new year 2027 is 6 February: eve plus the first three days.
    assert [d for d, n in days.items() if n == "春节"] == [
        datetime.date(2027, 2, 5),
        datetime.date(2027, 2, 6),
        datetime.date(2027, 2, 7),
        datetime.date(2027, 2, 8),
    ]
    assert days[datetime.date(2027, 6, 9)] == "端午节"
    assert days[datetime.date(2027, 9, 15)] == "中秋节"
    assert days[datetime.date(2027, 4, 5)] == "清明节"
    assert days[datetime.date(2027, 5, 2)] == "劳动节"


def test_years_before_the_2025_rules_are_not_computed():
    with pytest.raises(ValueError, match="computed for 2025"):
        statutory_holidays(2024)
