"""The facts the statistics count, entered where they happen: leniency with the penalty
decision, the judiciary's acceptance of a transferred case, the counting of inspections."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openenforce.cases import services
from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    conclude_inspection,
    events,
    refused,
    to_notified,
)
from openenforce.testing.team import bystander

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


def _decide(case, officer, head, **data):
    case = act(case, "record_statement", officer, statement="无异议")
    data.setdefault("decision_text", "罚款")
    return act(case, "decide", head, decided_on=D(2026, 9, 20), **data)


@pytest.mark.django_db
def test_mitigated_fine_records_the_amount_forgone(team, officer, head):
    case = to_notified(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine="2000")
    case = _decide(case, officer, head, outcome="penalty", mitigated=True, amount_forgone="3000")
    case.refresh_from_db()
    assert (case.mitigated, case.amount_forgone) == (True, Decimal("3000.00"))
    assert case.confiscation_value_determined is True
    assert events(case)[-1] == "cases.case.decide"


@pytest.mark.django_db
def test_no_penalty_for_a_minor_violation_records_the_amount_forgone(team, officer, head):
    case = to_notified(team, officer, head)
    case = _decide(case, officer, head, outcome="no_penalty_minor", amount_forgone="500")
    case.refresh_from_db()
    assert (case.outcome, case.mitigated, case.amount_forgone) == (
        "no_penalty_minor",
        False,
        Decimal("500.00"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"outcome": "penalty", "amount_forgone": "3000"}, "amount_forgone"),
        ({"outcome": "no_penalty_unproven", "amount_forgone": "10"}, "amount_forgone"),
        ({"outcome": "penalty", "mitigated": True, "amount_forgone": "-5"}, "amount_forgone"),
        ({"outcome": "no_penalty_minor", "mitigated": True}, "mitigated"),
        ({"outcome": "penalty", "confiscation_value_undetermined": True}, None),
    ],
)
def test_leniency_that_does_not_fit_the_decision_is_refused(team, officer, head, data, field):
    case = to_notified(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine="2000")
    case = act(case, "record_statement", officer, statement="无异议")
    error = refused(
        InvalidInput, case, "decide", head, decision_text="罚款", decided_on=D(2026, 9, 20), **data
    )
    assert [p.field for p in error.problems] == [field or "confiscation_value_undetermined"]
    case.refresh_from_db()
    assert (case.state, case.mitigated, case.amount_forgone) == ("notified", False, None)


@pytest.mark.django_db
def test_the_amount_forgone_is_refused_in_chinese_naming_the_field(team, officer, head, settings):
    from django.utils import translation

    case = to_notified(team, officer, head)
    case = act(case, "record_statement", officer, statement="无异议")
    with translation.override("zh-hans"):
        error = refused(
            InvalidInput,
            case,
            "decide",
            head,
            outcome="penalty",
            decision_text="警告",
            amount_forgone="100",
        )
        assert "减免金额" in str(error)


@pytest.mark.django_db
def test_an_undetermined_confiscation_is_kept(team, officer, head):
    case = to_notified(
        team,
        officer,
        head,
        proposed_penalty_kinds=["confiscate_property"],
        proposed_confiscation="800",
    )
    case = _decide(case, officer, head, outcome="penalty", confiscation_value_undetermined=True)
    case.refresh_from_db()
    assert case.confiscation_value_determined is False


@pytest.mark.django_db
def test_a_mitigated_on_the_spot_fine(team, officer):
    case = team.open("penalty_simplified", actor=officer)
    case = act(
        case,
        "decide_on_spot",
        officer,
        facts="占道",
        proposed_penalty_kinds=["fine"],
        proposed_fine="50",
        rights_informed=True,
        decision_text="罚款50元",
        mitigated=True,
        amount_forgone="150",
    )
    case.refresh_from_db()
    assert (case.mitigated, case.amount_forgone) == (True, Decimal("150.00"))


def _transferred(team, officer, head):
    case = to_notified(team, officer, head)
    return _decide(case, officer, head, outcome="transfer_judiciary", decision_text="移送公安机关")


@pytest.mark.django_db
def test_the_judiciary_accepts_a_transferred_case(team, officer, head):
    case = _transferred(team, officer, head)
    services.record_judiciary_acceptance(case, actor=head, accepted_on=D(2026, 9, 25))
    case.refresh_from_db()
    assert case.judiciary_accepted_on == D(2026, 9, 25)
    assert events(case)[-1] == "cases.case.judiciary_accepted"
    with pytest.raises(WrongState):  # once
        services.record_judiciary_acceptance(case, actor=head, accepted_on=D(2026, 9, 26))


@pytest.mark.django_db
def test_judiciary_acceptance_is_refused_when_it_cannot_be(team, officer, head):
    case = _transferred(team, officer, head)
    with pytest.raises(InvalidInput) as info:
        services.record_judiciary_acceptance(case, actor=head, accepted_on=D(2026, 9, 1))
    assert info.value.problems[0].field == "accepted_on"
    with pytest.raises(InvalidInput):
        services.record_judiciary_acceptance(case, actor=head, accepted_on=D(2027, 1, 1))
    with pytest.raises(NotPermitted):
        services.record_judiciary_acceptance(
            case, actor=bystander(team), accepted_on=D(2026, 9, 25)
        )
    penalty = _decide(to_notified(team, officer, head), officer, head, outcome="penalty")
    with pytest.raises(WrongState):
        services.record_judiciary_acceptance(penalty, actor=head, accepted_on=D(2026, 9, 25))
    case.refresh_from_db()
    assert case.judiciary_accepted_on is None
    assert not Entry.objects.filter(event_type="cases.case.judiciary_accepted").exists()


def _inspected(case, officer, *, complete: bool, outcome: str = "no_problem"):
    case = act(
        case, "record_inspection", officer, record="笔录", inspection_record_complete=complete
    )
    return act(
        case,
        "conclude_inspection",
        officer,
        outcome=outcome,
        decision_text="结果",
        decided_on=D(2026, 9, 1),
    )


@pytest.mark.django_db
def test_which_inspections_count(team, officer):
    counted = _inspected(team.open("inspection", actor=officer), officer, complete=True)
    rectify = _inspected(
        team.open("inspection", actor=officer), officer, complete=True, outcome="rectification"
    )
    incomplete = _inspected(team.open("inspection", actor=officer), officer, complete=False)
    straight = _inspected(
        team.open("inspection", actor=officer), officer, complete=True, outcome="transferred"
    )
    patrol = services.file_case(
        actor=officer,
        procedure="inspection",
        matter=team.matters["inspection"],
        title="日常巡查",
        source="inspection",
        parties=[],
        handlers=["O1", "O2"],
    )
    patrol = _inspected(patrol, officer, complete=True)
    assert set(Case.objects.counted_inspections()) == {counted, rectify}
    assert not any(c.counted_inspection for c in (incomplete, straight, patrol))
    assert conclude_inspection  # the shortcut still concludes without the new input
