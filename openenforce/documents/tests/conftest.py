import pytest

from openenforce.accounts.models import Role
from openenforce.cases.tests.conftest import Team


@pytest.fixture
def team(agency, system_actor, officer):
    team = Team(agency, system_actor, prefix="D")
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team


@pytest.fixture
def case(team, officer, head):
    """A penalty case filed and investigated, its report in (warning and a fine)."""
    from openenforce.cases.tests.helpers import to_report

    return to_report(
        team, officer, head, proposed_penalty_kinds=["warning", "fine"], proposed_fine="3000"
    )
