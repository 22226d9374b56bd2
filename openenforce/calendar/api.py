"""REST endpoints of the working-day calendar: due dates and a year's days (read only;
every signed-in user or token may use them)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Router, Schema

from openenforce.calendar.engine import Day, add_calendar_days, add_working_days
from openenforce.calendar.overview import year_overview
from openenforce.core.api_schemas import ERRORS

router = Router(tags=["calendar"])


class DayOut(Schema):
    date: datetime.date
    kind: str  # working, weekend, holiday, makeup
    name: str
    provisional: bool


class DueOut(Schema):
    start: datetime.date
    days: int
    unit: str
    due: datetime.date
    provisional: bool
    provisional_years: list[int]
    skipped: list[DayOut]
    makeup_counted: list[DayOut]
    explanation: list[str]


class YearOut(Schema):
    year: int
    provisional: bool
    status: str
    days: list[DayOut]


def _day(day: Day) -> dict:
    return {
        "date": day.date,
        "kind": str(day.kind),
        "name": day.name,
        "provisional": day.provisional,
    }


@router.get("/due", response={200: DueOut, **ERRORS}, operation_id="calendar_due")
def due(
    request,
    start: datetime.date,
    days: int,
    unit: Literal["working", "calendar"] = "working",
):
    """The due date ``days`` working (or calendar) days after ``start``, explained."""
    add = add_calendar_days if unit == "calendar" else add_working_days
    result = add(start, days)
    return {
        "start": result.start,
        "days": result.days,
        "unit": result.unit,
        "due": result.due,
        "provisional": result.provisional,
        "provisional_years": list(result.provisional_years),
        "skipped": [_day(day) for day in result.skipped],
        "makeup_counted": [_day(day) for day in result.makeup_counted],
        "explanation": result.explanation(),
    }


@router.get("/years/{year}", response={200: YearOut, **ERRORS}, operation_id="calendar_year")
def year(request, year: int):
    """A year's holidays and make-up working days; provisional when not entered."""
    overview = year_overview(year)
    return {
        "year": year,
        "provisional": overview.provisional,
        "status": overview.status_line(),
        "days": [_day(day) for day in overview.days],
    }
