"""Statutory public holidays computed from the rules alone, for years with no entered
arrangement (provisional, 暂定).

Since 1 January 2025 the rules are those of 《全国年节及纪念日放假办法》 as amended by the
State Council on 10 November 2024 (Art 2): 13 days for all citizens. Every year the
State Council also publishes an arrangement (放假安排) that moves days around weekends and
adds make-up working days (调休); until it is entered, we know only the days below and
no make-up days. Art 6's substitute day for a holiday falling on a weekend (补假) is also
left to the arrangement, which is why such results are marked provisional.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from lunardate import LunarDate

# The rules above apply from 2025; lunardate covers the lunar calendar up to 2099, and the
# Qingming formula's constant is the one for the 21st century.
FIRST_RULE_YEAR = 2025
LAST_COMPUTABLE_YEAR = 2099

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"

# Qingming (pure brightness, 清明) falls on day [Y*D + C] - L of April, where Y is the
# year within the century, D the fraction of a day the tropical year exceeds 365 days
# by, C the 21st-century constant for this term, and L the leap days so far.
_QINGMING_D = 0.2422
_QINGMING_C = 4.81


@dataclass(frozen=True)
class StatutoryDay:
    date: datetime.date
    name: str


def qingming(year: int) -> datetime.date:
    """The date of the Qingming solar term in ``year`` (2001–2099), by the usual formula."""
    y = year % 100
    day = math.floor(y * _QINGMING_D + _QINGMING_C) - y // 4
    return datetime.date(year, 4, day)


def _lunar(year: int, month: int, day: int) -> datetime.date:
    solar: datetime.date = LunarDate(year, month, day).to_solar_date()
    return solar


def statutory_holidays(year: int) -> list[StatutoryDay]:
    """The 13 statutory holiday days of ``year`` under the 2025 rules, in date order.

    Spring Festival is the lunar new year's eve (除夕) and the first three days of the
    first lunar month; the eve is the day before 正月初一 whether the twelfth month has
    29 or 30 days.
    """
    if not FIRST_RULE_YEAR <= year <= LAST_COMPUTABLE_YEAR:
        raise ValueError(
            f"statutory holidays are computed for {FIRST_RULE_YEAR}–{LAST_COMPUTABLE_YEAR}"
        )
    new_year = _lunar(year, 1, 1)
    days = [
        StatutoryDay(datetime.date(year, 1, 1), NEW_YEAR),
        *(
            StatutoryDay(new_year + datetime.timedelta(days=i), SPRING_FESTIVAL)
            for i in range(-1, 3)
        ),
        StatutoryDay(qingming(year), QINGMING),
        StatutoryDay(datetime.date(year, 5, 1), LABOUR_DAY),
        StatutoryDay(datetime.date(year, 5, 2), LABOUR_DAY),
        StatutoryDay(_lunar(year, 5, 5), DRAGON_BOAT),
        StatutoryDay(_lunar(year, 8, 15), MID_AUTUMN),
        *(StatutoryDay(datetime.date(year, 10, d), NATIONAL_DAY) for d in (1, 2, 3)),
    ]
    return sorted(days, key=lambda day: day.date)
