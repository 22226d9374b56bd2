"""The seed of the calendar table: the holidays and make-up working days that the
chinese-calendar package knows (2004 up to its last published year).

``seed_rows`` reads the package; ``seed_into`` writes whatever is missing into the given
model classes, so the data migration can pass its historical models. Existing rows are
never overwritten: an administrator's correction wins over the package.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from chinese_calendar import constants

# The package names festivals in English; the calendar shows the official Chinese names.
FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class SeedDay:
    date: datetime.date
    kind: str  # "holiday" or "workday", the values of CalendarDay.Kind
    name: str


def seed_rows() -> list[SeedDay]:
    """Every holiday and make-up working day chinese-calendar knows, in date order."""
    rows = [
        SeedDay(day, "holiday", FESTIVAL_NAMES.get(name, name))
        for day, name in constants.holidays.items()
    ]
    rows += [
        SeedDay(day, "workday", FESTIVAL_NAMES.get(name, name))
        for day, name in constants.workdays.items()
    ]
    return sorted(rows, key=lambda row: row.date)


def seed_years() -> list[int]:
    """The years whose arrangement the package holds."""
    return sorted({day.year for day in constants.holidays})


def seed_into(day_model, arrangement_model, *, now: datetime.datetime) -> tuple[list, list]:
    """Create the seeded days and year markers that are missing; return the new rows."""
    known_days = set(day_model.objects.values_list("date", flat=True))
    known_years = set(arrangement_model.objects.values_list("year", flat=True))
    years = [year for year in seed_years() if year not in known_years]
    new_days = day_model.objects.bulk_create(
        day_model(date=row.date, kind=row.kind, name=row.name, source="seed")
        for row in seed_rows()
        if row.date not in known_days and row.date.year in years
    )
    new_years = arrangement_model.objects.bulk_create(
        arrangement_model(year=year, source="seed", entered_at=now) for year in years
    )
    return new_days, new_years
