"""Record kinds of moved models: entries written under a model's old ``app.model`` still
resolve, verify, and are superseded by later entries under its new kind (issue 14)."""

import datetime

import pytest

from openenforce.calendar.models import CalendarDay
from openenforce.calendar.services import delete_calendar_day, save_calendar_day
from openenforce.ledger import state, verify
from openenforce.ledger.models import Entry
from openenforce.ledger.tests.conftest import execute

D = datetime.date
OLD, NEW = "core.calendarday", "calendar.calendarday"

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_kind(monkeypatch):
    """While active, calendar days are recorded under their kind from before the move."""
    real = state.kind_of

    def kind_of(model):
        return OLD if real(model) == NEW else real(model)

    monkeypatch.setattr(state, "kind_of", kind_of)
    return monkeypatch


def rows_problems() -> list[str]:
    return [str(p) for p in verify.check_rows()]


def test_the_old_kinds_are_aliases_of_the_calendar_app():
    assert state.KIND_ALIASES == {
        "core.calendarday": "calendar.calendarday",
        "core.holidayarrangement": "calendar.holidayarrangement",
    }
    assert state.model_for(OLD) is CalendarDay
    assert state.model_for("core.holidayarrangement") is state.model_for(
        "calendar.holidayarrangement"
    )
    assert state.kinds_for(NEW) == [NEW, OLD]
    assert state.kinds_for(OLD) == [NEW, OLD]
    assert state.model_for("core.nosuchmodel") is None


def test_an_entry_under_the_old_kind_verifies_and_a_new_kind_entry_supersedes_it(
    admin_user, old_kind
):
    day = save_calendar_day(
        CalendarDay(date=D(2026, 11, 25), kind="holiday", name="旧名"), actor=admin_user
    )
    entry = Entry.objects.order_by("-sequence").first()
    assert (entry.subject_kind, entry.subject_id) == (OLD, str(day.pk))
    old_kind.undo()  # the code after the move reads it, and names the new kind from now on
    assert rows_problems() == []  # the row counts as recorded, and matches its old entry

    day.name = "新名"
    save_calendar_day(day, actor=admin_user)
    entry = Entry.objects.order_by("-sequence").first()
    assert (entry.subject_kind, entry.subject_id) == (NEW, str(day.pk))
    # One subject, latest wins: held against the old entry, the row would differ.
    assert rows_problems() == []
    assert OLD not in verify._last_states()


@pytest.mark.tampers
def test_a_change_behind_the_record_after_an_old_kind_entry_is_named(admin_user, old_kind):
    day = save_calendar_day(
        CalendarDay(date=D(2026, 11, 25), kind="holiday", name="旧名"), actor=admin_user
    )
    old_kind.undo()
    execute("UPDATE core_calendarday SET name = 'x' WHERE id = %s", [day.pk])
    assert rows_problems() == [
        f"row calendar.calendarday {day.pk}: differs from its last recorded state"
    ]


def test_a_deletion_under_the_new_kind_supersedes_an_old_kind_entry(admin_user, old_kind):
    day = save_calendar_day(
        CalendarDay(date=D(2026, 11, 25), kind="holiday", name="旧名"), actor=admin_user
    )
    old_kind.undo()
    pk = day.pk
    delete_calendar_day(day, actor=admin_user)
    assert not CalendarDay.objects.filter(pk=pk).exists()
    assert rows_problems() == []  # not "missing": the new-kind deletion is the latest entry
