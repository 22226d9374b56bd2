import datetime

from openenforce.calendar.checks import arrangement_entered, missing_arrangement_warnings
from openenforce.calendar.models import HolidayArrangement

D = datetime.date


def test_no_warning_before_october():
    assert missing_arrangement_warnings(D(2026, 9, 30)) == []


def test_warning_from_october_when_next_year_is_missing():
    [warning] = missing_arrangement_warnings(D(2026, 10, 1))
    assert warning.id == "core.W001"
    assert "2027" in warning.msg


def test_no_warning_once_next_year_is_entered(system_actor):
    HolidayArrangement.objects.create(year=2027, source="manual", entered_at="2026-11-01T00:00Z")
    assert missing_arrangement_warnings(D(2026, 12, 31)) == []


def test_the_registered_check_runs_only_with_the_database():
    assert arrangement_entered(databases=None, today=D(2026, 11, 1)) == []
    assert [w.id for w in arrangement_entered(databases=["default"], today=D(2026, 11, 1))] == [
        "core.W001"
    ]
