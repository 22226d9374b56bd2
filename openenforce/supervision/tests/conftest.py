"""A constructed year whose figures are known: cases of the agency built through the
services, and cases of another agency that no figure of the agency may count."""

from __future__ import annotations

import pytest

from openenforce.accounts.models import Role
from openenforce.cases.services import file_case
from openenforce.testing.cases import decide_on_spot, to_execution, to_report
from openenforce.testing.team import Team, two_officers

ACME = "91220101MA00000013"  # inspected three times in the year
BETA = "91220101MA00000026"  # inspected once


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer)


def inspect(team, officer, credit_code: str, name: str):
    """An inspection case of an enterprise (opened today)."""
    party = {"kind": "organisation", "name": name, "credit_code": credit_code}
    return file_case(
        actor=officer,
        procedure="inspection",
        matter=team.matters["inspection"],
        title=f"检查{name}",
        source="inspection",
        parties=[party],
        handlers=["O1", "O2"],
    )


@pytest.fixture
def other_team(other_agency, system_actor):
    other = Team(other_agency, system_actor, prefix="X")
    other.x_officer = other.user("x-officer", Role.OFFICER)
    other.x_head = other.user("x-head", Role.HEAD)
    other.officer("O1", user=other.x_officer)
    other.officer("O2")
    return other


@pytest.fixture
def year(team, officer, head, other_team):
    """In 2026, for ``agency``: a fine of 500 and a warning decided on 20 September (both
    filed on 1 September, served the next day), a case filed on 1 September still under
    investigation, a fine of 200 decided on the spot on 2 November (simplified procedure,
    never filed); four inspections opened today, three of ACME and one of BETA.
    For ``other_agency``: a fine of 9,999 decided on 20 September and an inspection of ACME."""
    cases = {
        "fine": to_execution(team, officer, head, fine="500", text="罚款500元"),
        "warning": to_execution(team, officer, head),
        "open": to_report(team, officer, head),
        "spot": decide_on_spot(team.open("penalty_simplified", actor=officer), officer),
        "foreign": to_execution(
            other_team, other_team.x_officer, other_team.x_head, fine="9999", text="罚款9999元"
        ),
    }
    for n in range(3):
        cases[f"acme{n}"] = inspect(team, officer, ACME, "某养老院")
    cases["beta"] = inspect(team, officer, BETA, "某福利院")
    cases["foreign_acme"] = inspect(other_team, other_team.x_officer, ACME, "某养老院")
    return cases
