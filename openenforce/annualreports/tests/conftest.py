"""A constructed year of activity whose right answer is known, built through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openenforce.accounts.models import Agency
from openenforce.accounts.services import save_agency
from openenforce.annualreports import services
from openenforce.cases.services import record_judiciary_acceptance
from openenforce.catalog.models import EnforcementField, Matter
from openenforce.catalog.services import save_entry
from openenforce.remedies.services import record_remedy_outcome, register_remedy
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    decide_on_spot,
    to_execution,
    to_notified,
)
from openenforce.testing.reviews import entry, opinion, qualify, submit

__all__ = ["WRITTEN"]


def decide(case, officer, head, outcome="penalty", **facts):
    case = act(case, "record_statement", officer, statement="无异议")
    return act(
        case,
        "decide",
        head,
        outcome=outcome,
        decision_text="决定",
        decided_on=D(2026, 9, 25),
        **facts,
    )


def inspect(team, officer, *, complete=True, outcome="no_problem"):
    """An inspection of one object, its record complete or not, concluded on 1 Sep 2026."""
    case = team.open("inspection", actor=officer, party="organisation")
    case = act(
        case,
        "record_inspection",
        officer,
        inspected_on=D(2026, 9, 1),
        record="检查笔录",
        inspection_record_complete=complete,
    )
    return act(
        case,
        "conclude_inspection",
        officer,
        outcome=outcome,
        decision_text="检查结果",
        decided_on=D(2026, 9, 1),
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
        to_notified(team, officer, head), officer, head, "no_penalty_minor", amount_forgone="1000"
    )
    cases["transferred"] = decide(
        to_notified(team, officer, head), officer, head, "transfer_judiciary"
    )
    record_judiciary_acceptance(cases["transferred"], actor=head, accepted_on=D(2026, 10, 10))
    fined = to_notified(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("3000")
    )
    cases["mitigated"] = decide(fined, officer, head, mitigated=True, amount_forgone="2000")
    seized = to_notified(
        team,
        officer,
        head,
        proposed_penalty_kinds=["confiscate_property"],
        proposed_confiscation=Decimal("9999"),
    )
    cases["undetermined"] = decide(seized, officer, head, confiscation_value_undetermined=True)
    cases["on_spot"] = decide_on_spot(team.open("penalty_simplified", actor=officer), officer)
    cases["inspected"] = inspect(team, officer)
    cases["rectified"] = inspect(team, officer, outcome="rectification")
    cases["incomplete"] = inspect(team, officer, complete=False)
    cases["inspection_to_penalty"] = inspect(team, officer, outcome="transferred")
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
    # Remedies: a reconsideration that revoked, a litigation upheld, one lost.
    remedy = register_remedy(
        cases["warning"],
        actor=head,
        kind="reconsideration",
        body="区人民政府",
        filed_on=D(2026, 10, 1),
    )
    record_remedy_outcome(remedy, actor=head, result="revoked", decided_on=D(2026, 11, 1))
    for name, result in (("combined", "upheld"), ("mitigated", "confirmed_illegal")):
        remedy = register_remedy(
            cases[name], actor=head, kind="litigation", body="区人民法院", filed_on=D(2026, 10, 5)
        )
        record_remedy_outcome(remedy, actor=head, result=result, decided_on=D(2026, 11, 10))
    return cases


def to_notified_major(team, officer, head):
    from openenforce.testing.cases import to_report

    return to_report(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("20000")
    )


@pytest.fixture
def published(year, agency, publisher, head):
    report = services.generate(agency, 2026, actor=publisher)
    report = services.save_narrative(report, actor=publisher, narrative="2026年度执法情况说明。")
    report = services.submit(report, actor=publisher)
    report = services.approve(report, actor=head, note="同意")
    return services.publish(report, actor=publisher)
