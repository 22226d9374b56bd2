import pytest

from openenforce.testing.team import two_officers


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer, prefix="W")
