import pytest

from openenforce.accounts.models import Role
from openenforce.testing.team import Team


@pytest.fixture
def team(agency, system_actor, officer):
    team = Team(agency, system_actor, prefix="W")
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team
