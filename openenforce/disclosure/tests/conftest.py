"""Cases driven to a decision, built with the case tests' team and helpers."""

from __future__ import annotations

import pytest

from openenforce.accounts.models import Role
from openenforce.cases.tests.conftest import Team
from openenforce.cases.tests.helpers import D, act, to_notified


@pytest.fixture
def team(agency, system_actor, officer):
    team = Team(agency, system_actor)
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team


@pytest.fixture
def decided(team, officer, head):
    """A penalty case decided on 2026-09-21 (Monday): the publication is drafted."""

    def make(**open_kwargs):
        case = to_notified(team, officer, head, **open_kwargs)
        case = act(case, "record_statement", officer, statement="无异议")
        return act(
            case, "decide", head, outcome="penalty", decided_on=D(2026, 9, 21),
            decision_text="给予警告。张三应于十五日内整改。证人李四在场。",
        )  # fmt: skip

    return make
