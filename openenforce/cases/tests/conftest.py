"""A small catalogue and a team for case tests, built through the services."""

from __future__ import annotations

import pytest

from openenforce.accounts.models import Role
from openenforce.testing.team import FAR, Team  # noqa: F401  (re-exported for the apps' tests)


@pytest.fixture
def team(agency, system_actor, officer):
    team = Team(agency, system_actor)
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team
