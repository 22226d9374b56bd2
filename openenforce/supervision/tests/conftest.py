"""A constructed year whose figures are known: cases of the agency built through the
services, and a case of another agency that no figure of the agency may count."""

from __future__ import annotations

import pytest

from openenforce.accounts.models import Role
from openenforce.testing.cases import D, act, decide_on_spot, to_execution, to_report
from openenforce.testing.team import Team, two_officers

pytestmark = []


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer)


@pytest.fixture
def year(team, officer, head, other_agency, system_actor):
    """In 2026, for ``agency``: a fine of 500 and a warning decided on 20 September (filed
    on 1 September), a case filed on 1 September still under investigation, and a fine of
    200 decided on the spot on 2 November (simplified procedure, not filed). For
    ``other_agency``: a fine of 9,999 decided on 20 September."""
    fine = to_execution(team, officer, head, fine="500", text="罚款500元")
    warning = to_execution(team, officer, head)
    open_case = to_report(team, officer, head)
    spot = decide_on_spot(team.open("penalty_simplified", actor=officer), officer)
    other = Team(other_agency, system_actor, prefix="X")
    x_officer = other.user("x-officer", Role.OFFICER)
    x_head = other.user("x-head", Role.HEAD)
    other.officer("O1", user=x_officer)
    other.officer("O2")
    foreign = to_execution(other, x_officer, x_head, fine="9999", text="罚款9999元")
    return {
        "fine": fine,
        "warning": warning,
        "open": open_case,
        "spot": spot,
        "foreign": foreign,
        "act": act,
        "D": D,
    }
