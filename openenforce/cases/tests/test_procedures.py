"""Simplified penalty, licensing, inspection, coercion and the generic procedures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from openenforce.cases import services
from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput, NotPermitted, WrongState
from openenforce.testing.cases import (
    WRITTEN,
    D,
    act,
    conclude_inspection,
    decide_on_spot,
    events,
    refused,
    take_emergency_measure,
)

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md


def on_spot(**data):
    """The inputs of ``decide_on_spot``: a fine, the party informed, unless told."""
    inputs = {"facts": "x", "proposed_penalty_kinds": ["fine"], "rights_informed": True}
    return {**inputs, "decision_text": "x", **data}


@pytest.mark.django_db
@pytest.mark.clock("2026-11-02T10:00:00+08:00")
def test_simplified_procedure_on_the_spot(team, officer, head, clock):
    case = team.open("penalty_simplified", actor=officer)
    assert case.number == "长新社罚简字〔2026〕第1号" and case.state == "on_spot"
    case = decide_on_spot(case, officer)
    assert (case.state, case.outcome) == ("execution", "penalty")
    assert case.deadlines.get(kind="payment").due == D(2026, 11, 17)
    clock.shift(datetime.timedelta(days=1))  # the party pays the next day
    case = act(case, "record_payment", officer, paid_on=D(2026, 11, 3), amount="200")
    case = act(case, "close_case", officer)
    assert case.state == "closed"


@pytest.mark.django_db
def test_simplified_procedure_refused_above_the_article_51_thresholds(team, officer):
    person = team.open("penalty_simplified", actor=officer)
    error = refused(WrongState, person, "decide_on_spot", officer, **on_spot(proposed_fine="201"))
    assert (
        error.code == "gate_simplified_thresholds" and error.article == "《行政处罚法》第五十一条"
    )
    org = team.open("penalty_simplified", actor=officer, party="organisation")
    error = refused(WrongState, org, "decide_on_spot", officer, **on_spot(proposed_fine="3000.01"))
    assert error.code == "gate_simplified_thresholds"
    error = refused(
        InvalidInput,
        org,
        "decide_on_spot",
        officer,
        **on_spot(proposed_penalty_kinds=["suspend_business"]),
    )
    assert error.problems[0].field == "proposed_penalty_kinds"
    act(org, "decide_on_spot", officer, **on_spot(proposed_fine="3000", decision_text="罚款3000元"))
    error = refused(
        InvalidInput,
        person,
        "decide_on_spot",
        officer,
        facts="x",
        proposed_penalty_kinds=["warning"],
        decision_text="警告",
    )
    assert error.code == "rights_not_informed"


@pytest.mark.django_db
def test_thresholds_follow_the_installation_settings(team, officer, settings):
    settings.OPENENFORCE_RULES = {"simplified_fine_person": 100}
    case = team.open("penalty_simplified", actor=officer)
    error = refused(WrongState, case, "decide_on_spot", officer, **on_spot(proposed_fine="150"))
    assert "100" in error.message


@pytest.mark.django_db
def test_licensing_from_application_to_certificate(team, officer, head):
    case = team.open("licensing", actor=officer, opened_on=D(2026, 9, 28))
    assert case.number.startswith("长新社许受字〔2026〕")
    # 29, 30 September, 8, 9 October and Saturday 10 October, a make-up working day
    assert case.deadlines.get(kind="licence_completeness").due == D(2026, 10, 10)
    case = act(case, "request_supplement", officer, materials="消防验收意见")
    assert case.state == "supplementing"
    case = act(case, "accept_application", officer, accepted_on=D(2026, 10, 12))
    assert case.deadlines.get(kind="licence_decision").due == D(2026, 11, 9)
    act(case, "extend_licence_decision", head, days=10, reason="情况复杂")
    assert case.deadlines.get(kind="licence_decision").due == D(2026, 11, 23)
    error = refused(InvalidInput, case, "extend_licence_decision", head, days=1, reason="x")
    assert error.code == "extension_too_long" and "《行政许可法》第四十二条" in error.article
    case = act(
        case,
        "decide_licence",
        head,
        outcome="granted",
        decision_text="准予许可",
        decided_on=D(2026, 11, 2),
    )
    assert case.state == "certifying"
    assert case.deadlines.get(kind="licence_certificate").due == D(2026, 11, 16)
    case = act(case, "issue_certificate", officer, certificate_number="民养许2026001")
    assert case.state == "closed" and case.closed_on is not None


@pytest.mark.django_db
def test_licensing_refusal_closes_and_rejection_stops_the_clock(team, officer, head):
    case = act(team.open("licensing", actor=officer), "accept_application", officer)
    case = act(case, "decide_licence", head, outcome="refused", decision_text="不予许可")
    assert case.state == "closed" and case.outcome == "refused"
    other = act(
        team.open("licensing", actor=officer),
        "reject_application",
        officer,
        reason="不属于本机关职权范围",
    )
    assert other.state == "closed"
    assert other.deadlines.get(kind="licence_completeness").status == "met"


@pytest.mark.django_db
def test_inspection_turns_into_a_penalty_case(team, officer, head):
    case = team.open("inspection", actor=officer)
    case = act(case, "record_inspection", officer, record="现场检查笔录")
    case = act(
        case,
        "conclude_inspection",
        officer,
        outcome="transferred",
        decision_text="发现未建立入院评估制度",
    )
    assert case.state == "closed" and case.outcome == "transferred"
    child = Case.objects.get(parent_case=case)
    assert (child.procedure, child.state, child.source) == (
        "penalty_ordinary",
        "lead",
        "inspection",
    )
    assert child.parties.get().name == "张三"
    assert set(child.handlers.values_list("officer__code", flat=True)) == {"O1", "O2"}
    assert events(child) == ["cases.case.opened"]


@pytest.mark.django_db
def test_inspection_rectification_verified(team, officer):
    case = conclude_inspection(
        team.open("inspection", actor=officer), officer, "rectification", "责令整改"
    )
    assert case.state == "rectification"
    assert case.deadlines.get(kind="rectification").due == D(2026, 10, 8)
    case = act(case, "verify_rectification", officer, outcome="done", record="已整改")
    assert case.state == "closed"


@pytest.mark.django_db
def test_coercion_emergency_measure_reported_and_extended(team, officer, head):
    case = team.open("coercion", actor=officer)
    assert refused(NotPermitted, case, "approve_measure", officer, measure="x").code == (
        "case_role_required"
    )
    case = take_emergency_measure(case, officer)
    report = case.deadlines.get(kind="emergency_report")
    assert timezone.localtime(report.due_at).strftime("%Y-%m-%d %H:%M") == "2026-10-01 16:45"
    assert report.due == D(2026, 10, 1)
    assert case.deadlines.get(kind="seizure").due == D(2026, 10, 30)
    case = act(case, "ratify_emergency_measure", head)
    assert case.state == "in_force"
    act(case, "extend_seizure", head, days=30, reason="案情复杂")
    assert case.deadlines.get(kind="seizure").due == D(2026, 11, 30)  # 29 Nov is a Sunday
    case = act(case, "decide_handling", head, outcome="released", decision_text="解除扣押")
    case = act(case, "release_measure", officer, reason="已解除")
    assert case.state == "closed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "procedure", ["levy", "confirmation", "payment", "award", "adjudication", "other"]
)
def test_generic_procedures(team, officer, head, procedure):
    case = team.open(procedure, actor=officer)
    case = act(case, "accept_application", officer, accepted_on=D(2026, 9, 1))
    assert case.deadlines.get(kind="generic_decision").due == D(2026, 9, 29)
    case = act(case, "decide", head, outcome="granted", decision_text="准予")
    case = act(case, "serve_decision", officer, method="直接送达")
    case = act(case, "close_case", officer)
    assert case.state == "closed"


@pytest.mark.tampers
@pytest.mark.django_db
def test_generic_time_limit_comes_from_the_matter(team, officer):
    matter = team.matters["award"]
    matter.time_limit_days, matter.time_limit_kind = 30, "calendar"
    matter.save()
    case = act(
        team.open("award", actor=officer), "accept_application", officer, accepted_on=D(2026, 9, 1)
    )
    assert case.deadlines.get(kind="generic_decision").due == D(2026, 10, 8)


@pytest.mark.django_db
def test_opening_is_refused_for_wrong_procedure_role_and_data(team, officer, publisher):
    matter = team.matters["penalty"]
    with pytest.raises(InvalidInput):
        services.file_case(
            actor=officer, procedure="licensing", matter=matter, title="x", source="complaint"
        )
    with pytest.raises(NotPermitted):
        services.file_case(
            actor=publisher,
            procedure="penalty_ordinary",
            matter=matter,
            title="x",
            source="complaint",
        )
    with pytest.raises(InvalidInput):
        services.open_lead(actor=officer, matter=matter, title="x", source="rumour")
    with pytest.raises(InvalidInput):
        services.open_lead(
            actor=officer, matter=matter, title="x", source="complaint", handlers=["NOPE"]
        )
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_opening_in_another_agency_is_refused(team, outsider):
    with pytest.raises(NotPermitted):
        services.open_lead(
            actor=outsider, matter=team.matters["penalty"], title="x", source="complaint"
        )


@pytest.mark.django_db
def test_add_party(team, officer):
    case = team.open(actor=officer)
    party = services.add_party(
        case,
        actor=officer,
        data={"kind": "organisation", "name": "某公司", "credit_code": "91220101MA00000000"},
    )
    assert case.parties.count() == 2 and party.kind == "organisation"
    with pytest.raises(InvalidInput):
        services.add_party(case, actor=officer, data={"kind": "alien", "name": "x"})


def test_fine_amounts_are_decimals():
    from openenforce.cases.inputs import _decimal

    assert _decimal("12.345", None, None) == Decimal("12.35")


PARTY_NUMBERS = [
    (
        {"kind": "organisation", "credit_code": "91220101MA0000000X"},
        "credit_code",
        "统一社会信用代码校验位不正确",
    ),
    (
        {"kind": "organisation", "credit_code": "91220101ma00000000"},
        "credit_code",
        "统一社会信用代码应为18位",
    ),
    (
        {"kind": "person", "id_type": "resident_id", "id_number": "220102199001011234"},
        "id_number",
        "公民身份号码校验位不正确",
    ),
    (
        {"kind": "person", "id_type": "resident_id", "id_number": "22010219900101123"},
        "id_number",
        "公民身份号码应为18位",
    ),
    (
        {"kind": "person", "id_type": "resident_id", "id_number": "220102199002301230"},
        "id_number",
        "出生日期无效",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("party", "field", "message"), PARTY_NUMBERS)
def test_filing_refuses_a_party_number_that_fails_its_check(team, officer, party, field, message):
    with pytest.raises(InvalidInput) as info:
        services.file_case(
            actor=officer,
            procedure="penalty_ordinary",
            matter=team.matters["penalty"],
            title="号码错误",
            source="complaint",
            parties=[{**party, "name": "某当事人"}],
            handlers=["O1", "O2"],
        )
    assert [p.field for p in info.value.problems] == [field]
    assert message in str(info.value)
    assert not Case.objects.filter(title="号码错误").exists()
    case = team.open(actor=officer)
    with pytest.raises(InvalidInput) as info:
        services.add_party(case, actor=officer, data={**party, "name": "某当事人"})
    assert [p.field for p in info.value.problems] == [field]
    assert case.parties.count() == 1


@pytest.mark.django_db
def test_a_passport_number_is_taken_as_written(team, officer):
    case = team.open(actor=officer)
    party = services.add_party(
        case,
        actor=officer,
        data={
            "kind": "person",
            "name": "John Smith",
            "id_type": "passport",
            "id_number": "E12345678",
        },
    )
    assert party.id_number == "E12345678"


@pytest.mark.django_db
def test_an_application_not_answered_in_5_working_days_is_deemed_accepted(
    team, officer, system_actor
):
    from openenforce.cases.services import deem_applications_accepted

    case = team.open("licensing", actor=officer, opened_on=D(2026, 9, 28))
    assert deem_applications_accepted(actor=system_actor, today=D(2026, 10, 10)) == 0
    assert deem_applications_accepted(actor=system_actor, today=D(2026, 10, 12)) == 1
    case.refresh_from_db()
    assert (case.state, case.filed_on) == ("under_review", D(2026, 9, 28))
    # 20 working days from the receipt, the National Day holiday not counted
    assert case.deadlines.get(kind="licence_decision", status="open").due == D(2026, 10, 30)
    assert case.deadlines.get(kind="licence_completeness").status == "cancelled"
    assert "cases.case.deemed_accepted" in events(case)
    assert deem_applications_accepted(actor=system_actor, today=D(2026, 10, 13)) == 0
