"""Services that change the working-day calendar. Each runs in one transaction and
writes the record."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.calendar import signals
from openenforce.calendar.arrangement import ArrangedDay, Arrangement
from openenforce.calendar.models import CalendarDay, CalendarSource, HolidayArrangement
from openenforce.calendar.permissions import can_edit_calendar
from openenforce.calendar.seed import seed_into
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted
from openenforce.ledger.services import create_recorded, delete_recorded, record


def calendar_changed(*, actor: User) -> None:
    """Let the apps that derive dates from the calendar recompute them (their receivers of
    ``signals.calendar_changed``), in the caller's transaction."""
    signals.calendar_changed.send(sender=CalendarDay, actor=actor)


def _check_may_edit(actor: User) -> None:
    # Inactive actors are the installation itself (CLI, migrations), trusted by the caller.
    if actor.is_active and not can_edit_calendar(actor):
        raise NotPermitted(
            _("Only administrators may change the working-day calendar."),
            code="calendar_not_permitted",
        )


def _clean(day: CalendarDay) -> None:
    try:
        day.full_clean()
    except ValidationError as exc:
        problems = [
            FieldProblem(field=name, message=" ".join(str(m) for m in messages))
            for name, messages in exc.message_dict.items()
        ]
        raise InvalidInput(
            "; ".join(f"{p.field}: {p.message}" for p in problems),
            code="calendar_invalid_day",
            problems=problems,
        ) from exc
    check_makeup_on_weekend(day)


def check_makeup_on_weekend(day: CalendarDay) -> None:
    """A make-up working day replaces a rest day, so it must be a Saturday or Sunday."""
    if day.kind == CalendarDay.Kind.WORKDAY and day.date and day.date.weekday() < 5:
        raise InvalidInput(
            _("%(date)s is a weekday; a make-up working day must be a Saturday or Sunday.")
            % {"date": day.date.isoformat()},
            code="calendar_makeup_on_weekday",
        )


@transaction.atomic
def save_calendar_day(day: CalendarDay, *, actor: User) -> CalendarDay:
    """Create or correct one holiday or make-up working day by hand (source: manual)."""
    _check_may_edit(actor)
    created = day.pk is None
    day.source = CalendarSource.MANUAL
    _clean(day)
    day.save()
    record(
        actor=actor,
        event_type="calendar.calendarday." + ("created" if created else "updated"),
        subject=day,
    )
    calendar_changed(actor=actor)
    return day


@transaction.atomic
def delete_calendar_day(day: CalendarDay, *, actor: User) -> None:
    """Remove a day entered in error; the date becomes an ordinary day again."""
    _check_may_edit(actor)
    delete_recorded(day, actor=actor, event_type="calendar.calendarday.deleted")
    calendar_changed(actor=actor)


@transaction.atomic
def mark_arrangement_entered(
    year: int, *, actor: User, source: str = CalendarSource.MANUAL, note: str = ""
) -> HolidayArrangement:
    """Declare ``year``'s arrangement complete: its results stop being provisional."""
    _check_may_edit(actor)
    mark = _mark_entered(year, actor=actor, source=source, note=note)
    calendar_changed(actor=actor)
    return mark


def _mark_entered(year: int, *, actor: User, source: str, note: str) -> HolidayArrangement:
    if not 1900 <= year <= 2100:
        raise InvalidInput(
            _("“%(value)s” is not a year from 1900 to 2100.") % {"value": year},
            code="calendar_bad_year",
        )
    mark, _created = HolidayArrangement.objects.update_or_create(
        year=year,
        defaults={
            "source": source,
            "note": note,
            "entered_at": timezone.now(),
            "entered_by": actor,
        },
    )
    record(actor=actor, event_type="calendar.holidayarrangement.entered", subject=mark)
    return mark


@transaction.atomic
def withdraw_arrangement(mark: HolidayArrangement, *, actor: User) -> None:
    """Withdraw a year's marker entered in error: the year becomes provisional again."""
    _check_may_edit(actor)
    delete_recorded(mark, actor=actor, event_type="calendar.holidayarrangement.withdrawn")
    calendar_changed(actor=actor)


@dataclass(frozen=True)
class ArrangementChanges:
    """What entering an arrangement changed."""

    year: int
    created: int
    updated: int
    deleted: int
    marked: bool

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.marked)


def _apply_day(existing: CalendarDay | None, day: ArrangedDay, actor: User) -> str:
    if existing and (existing.kind, existing.name) == (day.kind, day.name):
        return ""
    row = existing or CalendarDay(date=day.date)
    row.kind, row.name, row.source = day.kind, day.name, CalendarSource.ARRANGEMENT
    row.save()
    verb = "updated" if existing else "created"
    record(actor=actor, event_type=f"calendar.calendarday.{verb}", subject=row)
    return verb


@transaction.atomic
def enter_arrangement(arrangement: Arrangement, *, actor: User) -> ArrangementChanges:
    """Make the calendar of ``arrangement.year`` exactly the arrangement's days.

    Days of that year not in the arrangement are removed (a manual entry included: the
    State Council's notice is the authority), listed days are created or corrected, and
    the year is marked entered. Entering the same arrangement twice changes nothing.
    """
    _check_may_edit(actor)
    listed = {day.date: day for day in arrangement.days}
    in_scope = Q(date__year=arrangement.year) | Q(date__in=list(listed))
    existing = {row.date: row for row in CalendarDay.objects.select_for_update().filter(in_scope)}
    verbs = [_apply_day(existing.get(date), day, actor) for date, day in listed.items()]
    stale = [row for date, row in existing.items() if date not in listed]
    for row in stale:
        delete_recorded(row, actor=actor, event_type="calendar.calendarday.deleted")
    mark = HolidayArrangement.objects.filter(year=arrangement.year).first()
    marked = mark is None or any(verbs) or bool(stale) or mark.note != arrangement.note
    if marked:
        _mark_entered(
            arrangement.year, actor=actor, source=CalendarSource.ARRANGEMENT, note=arrangement.note
        )
        calendar_changed(actor=actor)
    return ArrangementChanges(
        arrangement.year, verbs.count("created"), verbs.count("updated"), len(stale), marked
    )


@transaction.atomic
def seed_calendar(*, actor: User) -> int:
    """Add the years chinese-calendar knows and the table lacks (after upgrading the
    package). Years already entered are left alone. Returns the number of years added."""
    _check_may_edit(actor)

    def create(rows: list) -> list:
        if not rows:
            return []
        what = (
            "calendarday.seeded"
            if isinstance(rows[0], CalendarDay)
            else "holidayarrangement.entered"
        )
        return create_recorded(rows, actor=actor, event_type=f"calendar.{what}")

    _days, years = seed_into(CalendarDay, HolidayArrangement, now=timezone.now(), create=create)
    if years:
        calendar_changed(actor=actor)
    return len(years)
