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


def seed_into(
    day_model, arrangement_model, *, now: datetime.datetime, create=None
) -> tuple[list, list]:
    """Create the seeded days and year markers that are missing; return the new rows.

    ``create(rows)`` stores new rows of one model (default: ``bulk_create``, as the
    migration does with its historical models; the service passes the ledger's
    ``create_recorded`` so that each row has its entry)."""
    create = create or (lambda rows: type(rows[0]).objects.bulk_create(rows) if rows else [])
    known_days = set(day_model.objects.values_list("date", flat=True))
    known_years = set(arrangement_model.objects.values_list("year", flat=True))
    years = [year for year in seed_years() if year not in known_years]
    new_days = create(
        [
            day_model(date=row.date, kind=row.kind, name=row.name, source="seed")
            for row in seed_rows()
            if row.date not in known_days and row.date.year in years
        ]
    )
    new_years = create(
        [arrangement_model(year=year, source="seed", entered_at=now) for year in years]
    )
    return new_days, new_years


def check_seeded_days(rows) -> dict[str, str | None]:
    """Calendar days without a record entry, held against the package they came from.

    The migration seeds the calendar before the record can be written, so seeded rows
    have no entries: ``ledger verify`` asks this instead. A seeded day that the package
    lists just so is vouched for (None); one it does not, or any other day without an
    entry, is named. (A seeded day deleted behind the record is not seen here.)"""
    expected = {row.date: (row.kind, row.name) for row in seed_rows()}
    result = {}
    for day in rows:
        if day.source != "seed":
            result[str(day.pk)] = "has no entry in the record"
        elif expected.get(day.date) != (day.kind, day.name):
            result[str(day.pk)] = "differs from the chinese-calendar package it was seeded from"
        else:
            result[str(day.pk)] = None
    return result


def check_seeded_years(rows) -> dict[str, str | None]:
    """Year markers without an entry: only the seeded years the package holds pass."""
    years = set(seed_years())
    return {
        str(mark.pk): None
        if mark.source == "seed" and mark.year in years and not mark.note
        else "has no entry in the record"
        for mark in rows
    }
