"""A team, a catalogue entry and cases at the report stage, built through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openenforce.testing.cases import act, to_report
from openenforce.testing.reviews import MATERIALS, D, checklist, entry, qualify, submit
from openenforce.testing.team import two_officers

# The shortcuts live in the test kit (openenforce/testing/reviews.py); these tests
# import them from here as before.
__all__ = ["MATERIALS", "D", "checklist", "entry", "submit"]


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer, prefix="R")


@pytest.fixture
def fine_entry(agency, system_actor):
    return entry(
        agency,
        system_actor,
        fine_threshold_person=Decimal("10000"),
        fine_threshold_org=Decimal("100000"),
    )


@pytest.fixture
def qualified(reviewer, system_actor):
    return qualify(reviewer, system_actor)


@pytest.fixture
def major_case(team, officer, head, fine_entry):
    """A case at the report stage proposing a 20,000 yuan fine on a natural person."""
    return to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )


@pytest.fixture
def in_review(major_case, officer, head, qualified):
    """The major case submitted and assigned to the qualified reviewer."""
    case = submit(major_case, officer)
    return act(case, "assign_reviewer", head, reviewer=qualified.username)
