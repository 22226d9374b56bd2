"""The record timeline finds a subject's entries under every kind it has had: a calendar
day recorded as ``core.calendarday`` before the calendar became its own app (issue 14)."""

import datetime

import pytest

from openenforce.accounts.models import User
from openenforce.calendar.models import CalendarDay
from openenforce.calendar.services import save_calendar_day
from openenforce.ledger import state
from openenforce.ledger.models import Entry
from openenforce.workbench.timeline import events_for

pytestmark = pytest.mark.django_db
OLD, NEW = "core.calendarday", "calendar.calendarday"


def test_old_and_new_kind_entries_are_one_timeline(admin_user, monkeypatch):
    real = state.kind_of
    monkeypatch.setattr(
        state,
        "kind_of",
        lambda m: "core.calendarday" if real(m) == "calendar.calendarday" else real(m),
    )
    day = save_calendar_day(
        CalendarDay(date=datetime.date(2026, 11, 25), kind="holiday", name="旧名"), actor=admin_user
    )
    monkeypatch.undo()
    day.name = "新名"
    save_calendar_day(day, actor=admin_user)
    everyone = User(username="root", is_superuser=True)
    entries = Entry.objects.filter(subject_id=str(day.pk), subject_kind__in=state.kinds_for(NEW))
    kinds = dict(entries.values_list("sequence", "subject_kind"))
    assert sorted(kinds.values()) == [NEW, OLD]
    for kind in (NEW, OLD):
        events = events_for(everyone, kind, str(day.pk))
        assert [kinds[e.sequence] for e in events] == [OLD, NEW]
        assert [e.event_type for e in events] == [
            "calendar.calendarday.created",
            "calendar.calendarday.updated",
        ]
