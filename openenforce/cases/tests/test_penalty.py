"""The ordinary penalty procedure: each transition, and each refusal with its rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from openenforce.accounts.models import Role
from openenforce.cases.articles import cite
from openenforce.cases.models import Case, ClockSuspension, Deadline, Recusal
from openenforce.catalog.models import Officer
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    decide_penalty,
    events,
    offer,
    refused,
    to_execution,
    to_notified,
    to_report,
)

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


@pytest.mark.django_db
def test_minor_case_runs_from_lead_to_archive(team, officer, head):
    case = team.open(actor=officer)
    assert (case.state, case.number) == ("lead", "")
    case = act(case, "approve_filing", head, filed_on=D(2026, 9, 1))
    assert case.state == "investigation"
    assert case.number == "长新社罚立字〔2026〕第1号"
    case = act(
        case, "conclude_investigation", officer, facts="事实", proposed_penalty_kinds=["warning"]
    )
    assert case.state == "report"
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    assert (case.state, case.prior_notice_served_on) == ("notified", D(2026, 9, 10))
    case = decide_penalty(case, officer, head, "警告", D(2026, 9, 20))
    assert (case.state, case.decided_on, case.outcome) == ("decided", D(2026, 9, 20), "penalty")
    case = act(case, "serve_decision", officer, served_on=D(2026, 9, 21), method="直接送达")
    case = act(case, "close_case", officer, closed_on=D(2026, 9, 22))
    assert (case.state, case.closed_on) == ("closed", D(2026, 9, 22))
    assert not case.deadlines.filter(status=Deadline.Status.OPEN).exists()
    case = act(case, "archive", officer)
    assert case.state == "archived"
    assert events(case) == [
        "cases.case.opened",
        "cases.case.approve_filing",
        "cases.case.conclude_investigation",
        "cases.case.serve_prior_notice",
        "cases.case.record_statement",
        "cases.case.decide",
        "cases.case.serve_decision",
        "cases.case.close_case",
        "cases.case.archive",
    ]


@pytest.mark.django_db
def test_numbers_have_no_gaps_per_agency_procedure_and_year(team, officer, head):
    numbers = [act(team.open(actor=officer), "approve_filing", head).number for _ in range(3)]
    year = timezone.localdate().year  # filed today: numbered in this year's series
    assert numbers == [f"长新社罚立字〔{year}〕第{n}号" for n in (1, 2, 3)]


@pytest.mark.django_db
def test_declining_a_lead_closes_it(team, officer, head):
    case = act(team.open(actor=officer), "decline_filing", head, reason="不属于管辖范围")
    assert case.state == "not_filed" and case.closed_on is not None
    assert case.details["decline_filing"] == {"reason": "不属于管辖范围"}
    assert Case.objects.open().count() == 0


@pytest.mark.django_db
def test_wrong_state_role_scope_and_input_are_refused(team, officer, head, outsider):
    case = team.open(actor=officer)
    error = refused(WrongState, case, "decide", head, outcome="penalty", decision_text="x")
    assert error.code == "case_wrong_state" and "行政处罚法" in error.article
    assert refused(NotPermitted, case, "approve_filing", officer).code == "case_role_required"
    assert refused(NotFound, case, "approve_filing", outsider).code == "not_found"
    error = refused(InvalidInput, case, "approve_filing", head, filed_on="yesterday")
    assert [p.field for p in error.problems] == ["filed_on"]
    error = refused(InvalidInput, case, "approve_filing", head, colour="red")
    assert error.problems[0].field == "colour"
    assert refused(InvalidInput, case, "fly", head).code == "action_unknown"
    assert events(case) == ["cases.case.opened"]


@pytest.mark.django_db
def test_officer_acts_only_on_cases_they_handle(team, officer, head, system_actor):
    stranger = team.user("stranger", Role.OFFICER)
    case = act(team.open(actor=officer), "approve_filing", head)
    assert offer(case, stranger, "conclude_investigation") is None
    error = refused(NotPermitted, case, "conclude_investigation", stranger, facts="x")
    assert error.code == "case_role_required"


@pytest.mark.django_db
def test_two_certified_handlers_are_required(team, officer, head):
    team.officer("C1", employment=Officer.Employment.CONTRACT)
    team.officer("X1", valid_to=D(2025, 12, 31))
    team.officer("F1", field=team.other_field)
    case = act(team.open(actor=officer, handlers=("O1", "C1", "X1", "F1")), "approve_filing", head)
    error = refused(WrongState, case, "conclude_investigation", officer, facts="事实")
    assert error.code == "gate_two_certified_handlers"
    assert error.article == "《行政处罚法》第四十二条；《行政强制法》第十七条"
    assert "执法C1" in error.message and "执法X1" in error.message and "执法F1" in error.message
    blocked = offer(case, officer, "conclude_investigation")
    assert not blocked.allowed and blocked.reasons
    act(case, "assign_handler", officer, officer="O2", role="assistant")
    assert offer(case, officer, "conclude_investigation").allowed


@pytest.mark.django_db
def test_a_self_declared_recusal_removes_the_officer_at_once(team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head)
    act(case, "request_recusal", officer, officer="O2", requested_by="self", reason="亲属关系")
    assert case.handlers.get(officer__code="O2").recused
    assert refused(WrongState, case, "conclude_investigation", officer, facts="x").code == (
        "gate_two_certified_handlers"
    )


@pytest.mark.django_db
def test_a_party_recusal_waits_for_the_head_and_blocks_the_decision(team, officer, head):
    case = to_notified(team, officer, head)
    act(case, "request_recusal", officer, officer="O2", requested_by="party", reason="利害关系")
    recusal = Recusal.objects.get(case=case)
    assert not case.handlers.get(officer__code="O2").recused
    [choice] = offer(case, head, "decide_recusal").inputs[0]["choices"]
    assert choice[0] == str(recusal.pk) and "O2" in choice[1] and "利害关系" in choice[1]
    error = refused(WrongState, case, "decide", head, outcome="penalty", decision_text="x")
    assert error.code == "gate_no_pending_recusal" and error.article == "《行政处罚法》第四十三条"
    assert (
        refused(
            NotPermitted, case, "decide_recusal", officer, recusal=recusal.pk, decision="granted"
        ).code
        == "case_role_required"
    )
    act(case, "decide_recusal", head, recusal=recusal.pk, decision="granted")
    recusal.refresh_from_db()
    assert (recusal.decision, recusal.decided_by) == ("granted", head)
    assert case.handlers.get(officer__code="O2").recused
    assert offer(case, head, "decide_recusal") is None  # nothing left to decide
    error = refused(WrongState, case, "decide", head, outcome="penalty", decision_text="x")
    assert error.code == "gate_two_certified_handlers"
    error = refused(
        WrongState, case, "decide_recusal", head, recusal=recusal.pk, decision="refused"
    )
    assert error.code == "recusal_decided"


@pytest.mark.django_db
@pytest.mark.clock("2026-11-26T15:00:00+08:00")  # the notice is served today
def test_no_decision_before_the_defence_period_ends(team, officer, head):
    case = to_notified(team, officer, head, served=D(2026, 11, 26))
    error = refused(WrongState, case, "decide", head, outcome="penalty", decision_text="x")
    assert (
        error.code == "gate_defence_period_passed"
        and error.article == "《行政处罚法》第四十四条、第四十五条"
    )
    assert "2026-12-01" in error.message  # 3 working days after Thursday 26 November
    act(case, "waive_defence", officer, document="放弃陈述申辩声明书")
    assert act(case, "decide", head, outcome="penalty", decision_text="警告").state == "decided"


@pytest.mark.django_db
def test_hearing_request_suspends_the_clock_and_blocks_the_decision(team, officer, head):
    team.officer("H1")
    case = to_notified(
        team, officer, head, served=D(2026, 9, 10), proposed_penalty_kinds=["suspend_business"]
    )
    assert case.deadlines.get(kind="hearing_request").due == D(2026, 9, 17)
    case = act(case, "request_hearing", officer, requested_on=D(2026, 9, 14))
    assert case.state == "hearing" and case.hearing_requested
    error = refused(WrongState, case, "hold_hearing", officer, chair="O1", record="记录")
    assert error.code == "gate_hearing_chair_independent"
    case = act(case, "hold_hearing", officer, held_on=D(2026, 9, 24), chair="H1", record="记录")
    assert case.state == "notified" and case.hearing_held
    suspension = ClockSuspension.objects.get(case=case)
    assert (suspension.start, suspension.end) == (D(2026, 9, 14), D(2026, 9, 24))
    limit = case.deadlines.get(kind="decision_limit")
    assert limit.suspended_days == 11 and limit.due == D(2026, 12, 11)  # 30 Nov + 11


@pytest.mark.tampers
@pytest.mark.django_db
def test_no_decision_while_a_requested_hearing_is_pending(team, officer, head):
    case = to_notified(team, officer, head, proposed_penalty_kinds=["closure"])
    case = act(case, "request_hearing", officer, requested_on=D(2026, 9, 11))
    case.state = "notified"  # as if the state had been forced: the gate still holds
    case.save()
    error = refused(WrongState, case, "decide", head, outcome="penalty", decision_text="x")
    assert error.code == "gate_no_pending_hearing"


@pytest.mark.django_db
def test_hearing_only_for_heavy_penalties_and_within_five_days(team, officer, head):
    case = to_notified(team, officer, head)
    error = refused(WrongState, case, "request_hearing", officer)
    assert error.code == "gate_hearing_available" and error.article == "《行政处罚法》第六十三条"
    heavy = to_notified(
        team, officer, head, proposed_fine=Decimal("20000"), proposed_penalty_kinds=["fine"]
    )
    error = refused(WrongState, heavy, "request_hearing", officer, requested_on=D(2026, 9, 30))
    assert error.article == "《行政处罚法》第六十四条"


@pytest.mark.django_db
def test_complex_case_needs_collective_discussion_before_notice(team, officer, head):
    case = to_report(team, officer, head, is_complex=True)
    error = refused(WrongState, case, "serve_prior_notice", officer, method="直接送达")
    assert (
        error.code == "gate_collective_discussion_held"
        and error.article == "《行政处罚法》第五十七条"
    )
    minor = to_report(team, officer, head)
    error = refused(WrongState, minor, "refer_to_collective_discussion", officer)
    assert error.code == "gate_collective_discussion_needed"
    case = act(case, "refer_to_collective_discussion", officer)
    assert case.state == "collective_discussion"
    case = (
        act(case, "return_to_investigation", head, reason="补充证据") if _reviews_ready() else case
    )


def _reviews_ready() -> bool:
    try:
        import openenforce.reviews.services  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.django_db
def test_major_decision_is_not_possible_without_passing_review(team, officer, head):
    case = to_report(team, officer, head, head_referral=True)
    from openenforce.reviews.selectors import review_gate

    notice = offer(case, officer, "serve_prior_notice")
    assert not notice.allowed and notice.articles == [cite(review_gate(case).article)]
    error = refused(WrongState, case, "serve_prior_notice", officer, method="直接送达")
    assert error.code == "gate_review_passed"
    assert offer(case, officer, "submit_review").allowed


@pytest.mark.django_db
def test_execution_payment_surcharge_and_court(team, officer, head):
    case = to_notified(
        team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=Decimal("1000")
    )
    case = act(
        case,
        "decide",
        head,
        outcome="penalty",
        decision_text="罚款1000元",
        decided_on=D(2026, 9, 20),
    )
    # 7 working days; 25 September is the Mid-Autumn Festival
    assert case.deadlines.get(kind="service").due == D(2026, 9, 30)
    case = act(case, "serve_decision", officer, served_on=D(2026, 9, 21), method="直接送达")
    assert case.state == "execution"
    # 15 days end on 6 October, inside the National Day holiday: moved to 8 October
    assert case.deadlines.get(kind="payment").due == D(2026, 10, 8)
    act(case, "grant_instalments", head, schedule="分两期", reason="经济困难")
    act(case, "apply_to_court", head, applied_on=D(2026, 11, 1))
    case = act(case, "record_payment", officer, paid_on=D(2026, 10, 11), amount="1090")
    assert case.details["payments"] == [
        {"paid_on": "2026-10-11", "amount": "1090.00", "surcharge": "90.00"}
    ]
    assert case.deadlines.get(kind="payment").status == "met"
    assert (
        refused(NotPermitted, case, "grant_instalments", officer, schedule="x", reason="y").code
        == "case_role_required"
    )


@pytest.mark.django_db
def test_a_fined_case_closes_once_the_fine_is_paid(team, officer, head):
    case = to_execution(team, officer, head, fine=Decimal("1000"), text="罚款1000元")
    closing = offer(case, officer, "close_case")
    assert not closing.allowed and "罚款尚未缴纳" in closing.reasons[0]
    assert refused(WrongState, case, "close_case", officer).code == "gate_fine_settled"
    case = act(case, "record_payment", officer, paid_on=D(2026, 9, 30), amount="1000")
    assert offer(case, officer, "close_case").allowed
    # Paid: nothing more to record.
    assert not offer(case, officer, "record_payment").allowed
    assert act(case, "close_case", officer).state == "closed"


@pytest.mark.django_db
def test_a_warning_closes_without_a_payment(team, officer, head):
    case = to_execution(team, officer, head)
    assert not offer(case, officer, "record_payment").allowed
    assert act(case, "close_case", officer).state == "closed"


@pytest.mark.django_db
def test_surcharge_is_capped_at_the_fine():
    from openenforce.cases.effects import surcharge

    assert surcharge(Decimal("100"), D(2026, 1, 1), D(2026, 3, 1)) == Decimal("100.00")
    assert surcharge(Decimal("100"), D(2026, 1, 1), D(2026, 1, 1)) == Decimal("0.00")


@pytest.mark.django_db
def test_suspension_and_extension_of_the_90_days(team, officer, head):
    case = act(team.open(actor=officer), "approve_filing", head, filed_on=D(2026, 9, 1))
    assert case.deadlines.get(kind="decision_limit").due == D(2026, 11, 30)
    assert offer(case, officer, "suspend_clock") and not offer(case, officer, "resume_clock")
    act(case, "suspend_clock", officer, kind="testing", start=D(2026, 9, 10), reason="检测")
    assert offer(case, officer, "resume_clock") and not offer(case, officer, "suspend_clock")
    error = refused(WrongState, case, "suspend_clock", officer, kind="testing")
    assert error.code == "clock_suspended"
    act(case, "resume_clock", officer, end=D(2026, 9, 19))
    assert case.deadlines.get(kind="decision_limit").due == D(2026, 12, 10)
    assert refused(WrongState, case, "resume_clock", officer).code == "clock_running"
    act(case, "extend_decision_limit", head, days=30, reason="案情复杂，经负责人批准")
    limit = case.deadlines.get(kind="decision_limit")
    assert (limit.extension_days, limit.due) == (30, D(2027, 1, 11))  # 9 Jan is a Saturday
    assert any("30" in line for line in limit.explanation)
    kinds = Entry.objects.filter(event_type__startswith="cases.clocksuspension").count()
    assert kinds == 2


@pytest.mark.django_db
def test_handlers_can_be_assigned_and_released(team, officer, head):
    team.officer("O3")
    case = team.open(actor=officer)
    act(case, "assign_handler", officer, officer="O3", role="lead")
    assert case.handlers.get(officer__code="O3").role == "lead"
    assert case.handlers.get(officer__code="O1").role == "assistant"
    error = refused(InvalidInput, case, "assign_handler", officer, officer="O3", role="lead")
    assert error.code == "handler_exists"
    assert (
        refused(InvalidInput, case, "assign_handler", officer, officer="NOPE", role="lead")
        .problems[0]
        .field
        == "officer"
    )
    act(case, "release_handler", head, officer="O3", reason="调岗")
    assert case.handlers.active().count() == 2
    assert Entry.objects.filter(event_type="cases.casehandler.released").count() == 1


@pytest.mark.django_db
def test_party_personal_data_enters_the_record_only_as_commitments(team, officer):
    team.open(actor=officer)
    entry = Entry.objects.get(event_type="cases.party.added")
    assert b"220102199001011239" not in bytes(entry.body)
    assert "张三".encode() not in bytes(entry.body)


@pytest.mark.django_db
def test_a_back_dated_waiver_meets_the_defence_period_on_its_own_date(team, officer, head):
    case = to_notified(team, officer, head, served=D(2026, 11, 2))
    case = act(case, "waive_defence", officer, waived_on=D(2026, 11, 5), document="放弃声明书")
    defence = case.deadlines.get(kind="defence")
    assert defence.status == "met" and defence.met_on == D(2026, 11, 5)


@pytest.mark.django_db
def test_a_met_deadline_is_explained_in_the_readers_language(team, officer, head):
    from django.utils import translation

    from openenforce.calendar.engine import WorkingCalendar
    from openenforce.cases.deadlines import explanation_in_reader_language

    case = to_execution(team, officer, head)
    limit = case.deadlines.get(kind="decision_limit")
    assert limit.status == "met" and any(
        "九十日" in line or "90" in line for line in limit.explanation
    )
    with translation.override("en"):
        english = explanation_in_reader_language(limit, WorkingCalendar())
    assert english and not any("\u4e00" <= ch <= "\u9fff" for line in english for ch in line)
    # Explained afresh only while today's calendar gives the date it was closed with.
    limit.due = D(2030, 1, 1)
    with translation.override("en"):
        assert explanation_in_reader_language(limit, WorkingCalendar()) == limit.explanation
