"""Manual calendar edits, arrangement markers and seeding."""

import datetime

import pytest

from openenforce.calendar.engine import add_working_days
from openenforce.calendar.models import CalendarDay, CalendarSource, HolidayArrangement
from openenforce.calendar.services import (
    delete_calendar_day,
    mark_arrangement_entered,
    save_calendar_day,
    seed_calendar,
    withdraw_arrangement,
)
from openenforce.core.errors import InvalidInput, NotPermitted
from openenforce.ledger.models import Entry
from openenforce.testing.record import delete_behind

D = datetime.date


def last_entry() -> Entry:
    return Entry.objects.order_by("-sequence").first()


def test_an_administrator_adds_a_holiday_and_due_dates_follow(admin_user):
    assert add_working_days(D(2026, 11, 24), 1).due == D(2026, 11, 25)
    day = save_calendar_day(
        CalendarDay(date=D(2026, 11, 25), kind="holiday", name="示例假日"), actor=admin_user
    )
    assert day.source == CalendarSource.MANUAL
    assert add_working_days(D(2026, 11, 24), 1).due == D(2026, 11, 26)
    entry = last_entry()
    assert (entry.event_type, entry.subject_id, entry.actor_id) == (
        "calendar.calendarday.created",
        str(day.pk),
        admin_user.pk,
    )


def test_correcting_a_seeded_day_makes_it_manual(admin_user):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    day.name = "国庆节、中秋节"
    save_calendar_day(day, actor=admin_user)
    day.refresh_from_db()
    assert (day.name, day.source) == ("国庆节、中秋节", CalendarSource.MANUAL)
    assert last_entry().event_type == "calendar.calendarday.updated"


def test_a_make_up_working_day_on_a_weekday_is_refused(admin_user):
    with pytest.raises(InvalidInput) as excinfo:
        save_calendar_day(
            CalendarDay(date=D(2026, 11, 25), kind="workday", name="示例"), actor=admin_user
        )
    assert excinfo.value.code == "calendar_makeup_on_weekday"


def test_a_second_entry_for_the_same_date_is_refused(admin_user):
    with pytest.raises(InvalidInput) as excinfo:
        save_calendar_day(
            CalendarDay(date=D(2026, 10, 1), kind="holiday", name="x"), actor=admin_user
        )
    assert excinfo.value.code == "calendar_invalid_day"


@pytest.mark.parametrize("user", ["officer", "head", "supervisor", "outsider_staff"])
def test_only_administrators_edit_the_calendar(request, user, system_actor, other_agency):
    if user == "outsider_staff":
        from openenforce.accounts.services import create_user

        actor = create_user("clerk", actor=system_actor, agency=other_agency, password="x")
    else:
        actor = request.getfixturevalue(user)
    with pytest.raises(NotPermitted):
        save_calendar_day(CalendarDay(date=D(2026, 11, 25), kind="holiday", name="x"), actor=actor)
    assert not CalendarDay.objects.filter(date=D(2026, 11, 25)).exists()


def test_deleting_a_day_restores_the_ordinary_rule_and_is_recorded(admin_user):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))  # make-up Saturday
    pk = day.pk
    delete_calendar_day(day, actor=admin_user)
    assert add_working_days(D(2026, 10, 9), 1).due == D(2026, 10, 12)
    entry = last_entry()
    assert (entry.event_type, entry.subject_id) == ("calendar.calendarday.deleted", str(pk))


def test_deleting_is_refused_to_others(officer):
    with pytest.raises(NotPermitted):
        delete_calendar_day(CalendarDay.objects.get(date=D(2026, 10, 10)), actor=officer)


def test_marking_a_year_entered_ends_provisional_results(admin_user):
    assert add_working_days(D(2026, 12, 30), 3).provisional
    mark = mark_arrangement_entered(2027, actor=admin_user, note="手工录入")
    assert not add_working_days(D(2026, 12, 30), 3).provisional
    assert (mark.source, mark.entered_by) == (CalendarSource.MANUAL, admin_user)
    assert last_entry().event_type == "calendar.holidayarrangement.entered"
    withdraw_arrangement(mark, actor=admin_user)
    assert add_working_days(D(2026, 12, 30), 3).provisional
    assert last_entry().event_type == "calendar.holidayarrangement.withdrawn"


def test_marking_refuses_absurd_years_and_non_administrators(admin_user, officer):
    with pytest.raises(InvalidInput):
        mark_arrangement_entered(12027, actor=admin_user)
    with pytest.raises(NotPermitted):
        mark_arrangement_entered(2027, actor=officer)
    assert not HolidayArrangement.objects.filter(year=2027).exists()


@pytest.mark.tampers
def test_seeding_adds_only_missing_years_and_records_them(system_actor):
    delete_behind(HolidayArrangement.objects.filter(year=2026))
    delete_behind(CalendarDay.objects.filter(date__year=2026))
    assert seed_calendar(actor=system_actor) == 1
    assert CalendarDay.objects.filter(date__year=2026, source="seed").count() == 39
    assert last_entry().event_type == "calendar.holidayarrangement.entered"
    assert seed_calendar(actor=system_actor) == 0


def test_seeding_is_refused_to_officers(officer):
    with pytest.raises(NotPermitted):
        seed_calendar(actor=officer)


def test_entering_or_withdrawing_a_year_lets_other_apps_recompute(system_actor, example_2027):
    from openenforce.calendar.arrangement import read_arrangement_file
    from openenforce.calendar.services import enter_arrangement
    from openenforce.calendar.signals import calendar_changed

    calls = []

    def remember(sender, *, actor, **kwargs):
        calls.append(actor)

    calendar_changed.connect(remember, weak=False)
    try:
        enter_arrangement(read_arrangement_file(example_2027), actor=system_actor)
        enter_arrangement(read_arrangement_file(example_2027), actor=system_actor)  # no change
        assert calls == [system_actor]
        withdraw_arrangement(HolidayArrangement.objects.get(year=2027), actor=system_actor)
        assert len(calls) == 2
    finally:
        calendar_changed.disconnect(remember)


def test_the_database_refuses_an_unknown_kind_or_year():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2026, 11, 25), kind="rest", name="x", source="manual")
    with pytest.raises(IntegrityError), transaction.atomic():
        HolidayArrangement.objects.create(
            year=1800, source="manual", entered_at="2026-11-01T00:00Z"
        )
