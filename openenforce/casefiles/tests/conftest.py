"""Case-file tests reuse the case tests' team (catalogue, officers) and add a closed case."""

from __future__ import annotations

import pytest

from openenforce.testing.cases import D, act, decide_penalty


def closed_case(team, officer, head):
    """A penalty case run from filing to closing, as the demo's are."""
    case = team.open(actor=officer)
    case = act(case, "approve_filing", head, filed_on=D(2026, 9, 1))
    case = act(
        case, "conclude_investigation", officer, facts="事实", proposed_penalty_kinds=["warning"]
    )
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    case = decide_penalty(case, officer, head, "警告", D(2026, 9, 20))
    case = act(case, "serve_decision", officer, served_on=D(2026, 9, 21), method="直接送达")
    return act(case, "close_case", officer, closed_on=D(2026, 9, 22))


@pytest.fixture
def closed(team, officer, head):
    return closed_case(team, officer, head)
