"""A constructed year of activity whose right answer is known, built through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openenforce.accounts.models import Agency
from openenforce.accounts.services import save_agency
from openenforce.catalog.models import EnforcementField, Matter
from openenforce.catalog.services import save_entry
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    conclude_inspection,
    decide_on_spot,
    to_execution,
    to_notified,
)
from openenforce.testing.reviews import entry, opinion, qualify, submit

__all__ = ["WRITTEN"]


def decide(case, officer, head, outcome="penalty"):
    case = act(case, "record_statement", officer, statement="无异议")
    return act(
        case, "decide", head, outcome=outcome, decision_text="决定", decided_on=D(2026, 9, 25)
    )


@pytest.fixture
def sub_unit(agency, system_actor):
    """A subordinate unit (派出机构) holding only the power to penalise."""
    unit = save_agency(
        Agency(code="sub", name="第一执法所", short_name="一所", parent=agency), actor=system_actor
    )
    field = save_entry(EnforcementField(agency=unit, code="f", name="民政"), actor=system_actor)
    save_entry(
        Matter(agency=unit, code="P1", name="处罚事项", category="penalty", field=field),
        actor=system_actor,
    )
    return unit


@pytest.fixture
def year(team, officer, head, reviewer, system_actor, agency, sub_unit):
    """2026 at the agency (its cases' ids by name)."""
    cases = {}
    cases["warning"] = to_execution(team, officer, head)
    combined = to_notified(
        team,
        officer,
        head,
        proposed_penalty_kinds=["fine", "confiscate_gains"],
        proposed_fine=Decimal("5000"),
        proposed_confiscation=Decimal("3000"),
    )
    cases["combined"] = decide(combined, officer, head)
    cases["no_penalty"] = decide(
        to_notified(team, officer, head), officer, head, "no_penalty_minor"
    )
    cases["transferred"] = decide(
        to_notified(team, officer, head), officer, head, "transfer_judiciary"
    )
    cases["on_spot"] = decide_on_spot(team.open("penalty_simplified", actor=officer), officer)
    cases["inspected"] = conclude_inspection(team.open("inspection", actor=officer), officer)
    cases["inspection_to_penalty"] = conclude_inspection(
        team.open("inspection", actor=officer), officer, outcome="transferred", text="移送立案"
    )
    licence = team.open("licensing", actor=officer, party="organisation")
    licence = act(licence, "accept_application", officer, accepted_on=D(2026, 9, 2))
    cases["granted"] = act(
        licence,
        "decide_licence",
        head,
        outcome="granted",
        decision_text="准予许可",
        decided_on=D(2026, 9, 10),
    )
    # Two major cases through legal review: one agreed, one agreed after changes (纠错).
    entry(agency, system_actor, fine_threshold_person=Decimal("10000"))
    qualify(reviewer, system_actor)
    for name, outcome in (("review_agreed", "agree"), ("review_corrected", "agree_with_changes")):
        case = to_notified_major(team, officer, head)
        case = act(submit(case, officer), "assign_reviewer", head, reviewer=reviewer.username)
        cases[name] = opinion(case, reviewer, outcome, "意见")
    return cases


def to_notified_major(team, officer, head):
    from openenforce.testing.cases import to_report

    return to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )
