"""Calendar fixtures: the seeded table (re-seeded in case a transactional test of another
app flushed it) and arrangement files."""

from pathlib import Path

import pytest
from django.utils import timezone

from openenforce.calendar.models import CalendarDay, HolidayArrangement
from openenforce.calendar.seed import seed_into

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    seed_into(CalendarDay, HolidayArrangement, now=timezone.now())


@pytest.fixture
def example_2027() -> bytes:
    """An illustrative 2027 arrangement (not the official one) shipped with the code."""
    return (DATA / "arrangement-2027-example.txt").read_bytes()


@pytest.fixture
def official_2026() -> bytes:
    return (DATA / "arrangement-2026.txt").read_bytes()
