"""A constructed year of one supervised agency whose figures are known, built through
the services, and the justice bureau's published scheme for it."""

from __future__ import annotations

import datetime

import pytest

from openenforce.appraisal import services
from openenforce.remedies.services import record_remedy_outcome, register_remedy
from openenforce.testing.cases import to_execution
from openenforce.testing.team import two_officers

D = datetime.date


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer)


@pytest.fixture
def activity(team, officer, head):
    """2026 at ``agency``: two penalty decisions (20 September) in execution, one of them
    revoked on reconsideration (1 November); three officers in the directory, one whose
    certificate expired in 2025."""
    cases = {
        "fine": to_execution(team, officer, head, fine="500", text="罚款500元"),
        "warning": to_execution(team, officer, head),
    }
    team.officer("O3", valid_to=D(2025, 1, 1))
    remedy = register_remedy(
        cases["warning"],
        actor=head,
        kind="reconsideration",
        body="区人民政府",
        filed_on=D(2026, 10, 1),
    )
    record_remedy_outcome(remedy, actor=head, result="revoked", decided_on=D(2026, 11, 1))
    return cases


@pytest.fixture
def scheme(justice_bureau, supervisor):
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    return services.publish_scheme(scheme, actor=supervisor)


@pytest.fixture
def card(scheme, supervisor, activity, agency):
    (found,) = services.compute_scorecards(scheme, actor=supervisor)
    assert found.agency == agency
    return found
