"""The review handlers, called through the case lifecycle as the pages and API do:
each success, the record entry it writes, and each refusal."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from openenforce.accounts.models import Role
from openenforce.accounts.services import create_user
from openenforce.calendar.models import CalendarDay
from openenforce.calendar.services import save_calendar_day
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.ledger.models import Entry
from openenforce.reviews import services
from openenforce.reviews.models import (
    ChecklistItem,
    CollectiveDiscussion,
    LegalReview,
    ReviewerQualification,
)
from openenforce.reviews.selectors import latest_review
from openenforce.reviews.tests.conftest import MATERIALS, D, checklist, submit
from openenforce.testing.cases import WRITTEN, act, refused

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def recorded(event_type: str) -> list[Entry]:
    return list(Entry.objects.filter(event_type=event_type))


def opinion(case, reviewer, outcome="agree", reasons="同意", *, on=None, **points):
    """The reviewer's opinion, the checklist passed but for ``points``; dated ``on``."""
    dated = {"reviewed_on": on} if on else {}
    return act(
        case,
        "record_review_outcome",
        reviewer,
        outcome=outcome,
        reasons=reasons,
        checklist=json.dumps(checklist(**points)),
        **dated,
    )


# --- submission -------------------------------------------------------------------------


def test_submission_opens_a_round_with_its_materials_and_due_date(major_case, officer):
    case = submit(major_case, officer)
    assert case.state == "legal_review"
    review = latest_review(case)
    # The evidence not registered with the case is kept as the round's evidence list.
    listed = {**MATERIALS, "evidence_list": MATERIALS["evidence_other"]}
    del listed["evidence_other"]
    assert (review.round, review.submitted_by, review.materials) == (1, officer, listed)
    assert review.due_on == services.review_due(timezone.localtime(review.submitted_at).date()).due
    assert review.due_explanation and not review.due_provisional
    [entry] = recorded("reviews.legalreview.submitted")
    assert (entry.subject_id, entry.actor_id, entry.agency_id) == (
        str(review.pk),
        officer.pk,
        case.agency_id,
    )


def test_submission_names_the_missing_materials(major_case, officer):
    materials = json.dumps({"investigation_report": "报告"})
    error = refused(InvalidInput, major_case, "submit_review", officer, materials=materials)
    assert error.code == "review_materials_missing"
    assert [p.field for p in error.problems] == [
        "proposed_decision",
        "draft_decision",
        "evidence_list",
    ]
    assert not LegalReview.objects.exists()


def test_after_a_hearing_the_hearing_record_is_required(major_case, officer):
    major_case.hearing_held = True
    error = pytest.raises(
        InvalidInput, services.submit_for_review, major_case, actor=officer, data=MATERIALS
    ).value
    assert [p.field for p in error.problems] == ["hearing_record"]
    services.submit_for_review(
        major_case, actor=officer, data={**MATERIALS, "hearing_record": "听证笔录"}
    )
    assert latest_review(major_case).materials["hearing_record"] == "听证笔录"


def test_one_open_round_at_a_time_and_other_agencies_are_refused(major_case, officer, outsider):
    services.submit_for_review(major_case, actor=officer, data=MATERIALS)
    error = pytest.raises(
        WrongState, services.submit_for_review, major_case, actor=officer, data=MATERIALS
    ).value
    assert error.code == "review_open"
    with pytest.raises(NotFound):
        services.submit_for_review(major_case, actor=outsider, data=MATERIALS)


def test_due_date_skips_the_2026_national_day_holiday(major_case, officer, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 9, 29))
    services.submit_for_review(major_case, actor=officer, data=MATERIALS)
    review = latest_review(major_case)
    # 30 Sep counts; 1-7 Oct are the National Day holiday; 8 and 9 Oct count, Saturday
    # 10 Oct is a make-up working day and counts, Sunday 11 Oct is skipped: due 12 Oct
    assert review.due_on == D(2026, 10, 12)
    assert any("2026-10-01" in line for line in review.due_explanation)


def submitted_on_29_september(case, officer):
    """The case submitted for review, back-dated to Tuesday 29 Sep 2026."""
    materials = json.dumps(MATERIALS, ensure_ascii=False)
    return act(case, "submit_review", officer, submitted_on=D(2026, 9, 29), materials=materials)


def test_a_back_dated_submission_starts_the_review_period_on_its_date(major_case, officer):
    case = submitted_on_29_september(major_case, officer)
    review = latest_review(case)
    assert review.due_on == D(2026, 10, 12)  # as above: National Day not counted
    assert case.deadlines.get(kind="legal_review").due == review.due_on


def test_an_open_round_follows_a_calendar_change(major_case, officer, system_actor):
    case = submitted_on_29_september(major_case, officer)
    save_calendar_day(
        CalendarDay(date=D(2026, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="测试"),
        actor=system_actor,
    )
    assert latest_review(case).due_on == D(2026, 10, 13)
    assert case.deadlines.get(kind="legal_review").due == D(2026, 10, 13)
    assert recorded("reviews.legalreview.recomputed")


def test_due_date_follows_the_setting(settings):
    settings.OPENENFORCE_REVIEW_DAYS = 10
    assert services.review_due(D(2026, 11, 2)).due == D(2026, 11, 16)


# --- assignment -------------------------------------------------------------------------


def test_assignment_to_a_qualified_reviewer(major_case, officer, head, qualified):
    case = submit(major_case, officer)
    act(case, "assign_reviewer", head, reviewer=qualified.username)
    review = latest_review(case)
    assert review.reviewer == qualified and review.assigned_at
    assert len(recorded("reviews.legalreview.assigned")) == 1


def test_assignment_refusals(major_case, officer, head, reviewer, outsider, system_actor, team):
    case = submit(major_case, officer)
    error = refused(InvalidInput, case, "assign_reviewer", head, reviewer=reviewer.username)
    assert error.code == "reviewer_unqualified" and "第五十八条" in error.article
    stranger = create_user(
        "lawyer",
        actor=system_actor,
        agency=outsider.agency,
        roles=[Role.REVIEWER],
        password="x" * 12,
    )
    error = refused(NotFound, case, "assign_reviewer", head, reviewer=stranger.username)
    assert error.code == "reviewer_not_found"
    assert refused(NotFound, case, "assign_reviewer", head, reviewer="nobody").status == 404
    # Digits that are no id ("²" passes isdigit(); 20 nines overflow the database).
    for odd in ("²", "9" * 20):
        assert refused(NotFound, case, "assign_reviewer", head, reviewer=odd).status == 404
    error = refused(InvalidInput, case, "assign_reviewer", head, reviewer=officer.username)
    assert error.code == "reviewer_role_missing"
    assert latest_review(case).reviewer is None


def test_a_handler_can_never_review_the_case(major_case, officer, head, qualified, team):
    team.officer("O9", user=qualified)
    case = submit(major_case, officer)
    act(case, "assign_handler", head, officer="O9", role="assistant")
    error = refused(NotPermitted, case, "assign_reviewer", head, reviewer=qualified.username)
    assert error.code == "reviewer_is_handler"


def test_assignment_needs_an_open_review(major_case, head, qualified):
    with pytest.raises(WrongState):
        services.assign_reviewer(major_case, actor=head, data={"reviewer": qualified.username})


# --- the opinion ------------------------------------------------------------------------


def test_agree_with_the_nine_points_passes_the_review(in_review, qualified):
    case = opinion(in_review, qualified, "agree", crime="na")
    assert case.state == "report"
    review = latest_review(case)
    assert review.outcome == "agree" and review.passed and review.decided_by == qualified
    assert ChecklistItem.objects.filter(review=review).count() == 9
    assert review.items.get(point="crime").result == "na"
    assert len(recorded("reviews.checklistitem.recorded")) == 9
    assert len(recorded("reviews.legalreview.agree")) == 1
    assert ReviewerQualification.objects.get(user=qualified).first_review_on is not None


def refused_opinion(case, reviewer, outcome: str, reasons: str, checklist: str):
    """The opinion ``outcome`` refused as invalid input: the error."""
    return refused(
        InvalidInput,
        case,
        "record_review_outcome",
        reviewer,
        outcome=outcome,
        reasons=reasons,
        checklist=checklist,
    )


def test_opinion_refusals(in_review, qualified, head):
    error = refused_opinion(in_review, qualified, "agree", "同意", json.dumps({"body": "pass"}))
    assert error.code == "checklist_incomplete" and len(error.problems) == 8
    data = {"outcome": "disagree", "reasons": " ", "checklist": checklist()}
    error = pytest.raises(
        InvalidInput, services.record_review_outcome, in_review, actor=qualified, data=data
    ).value
    assert error.code == "review_reasons_missing"
    bad = json.dumps(checklist(facts="fail"))
    error = refused_opinion(in_review, qualified, "disagree", "证据不足", bad)
    assert error.code == "checklist_incomplete"  # a failed point needs its note
    bad = json.dumps(checklist(facts=("fail", "缺少现场笔录")))
    error = refused_opinion(in_review, qualified, "agree", "同意", bad)
    assert error.code == "review_agree_with_failure"
    assert (
        refused(
            NotPermitted,
            in_review,
            "record_review_outcome",
            head,
            outcome="agree",
            reasons="同意",
            checklist="{}",
        ).status
        == 403
    )
    assert latest_review(in_review).is_pending


def test_the_reviewer_may_not_have_become_a_handler_since(in_review, qualified, head, team):
    team.officer("O9", user=qualified)
    act(in_review, "assign_handler", head, officer="O9", role="assistant")
    with pytest.raises(NotPermitted) as info:
        opinion(in_review, qualified)
    assert info.value.code == "reviewer_is_handler"


def test_agree_after_changes_passes_once_the_changes_are_confirmed(in_review, qualified, officer):
    case = opinion(
        in_review, qualified, "agree_with_changes", "罚款金额应按基准下调", law=("fail", "裁量不当")
    )
    review = latest_review(case)
    assert not review.passed
    with pytest.raises(NotPermitted):
        services.confirm_review_changes(review, actor=officer)
    services.confirm_review_changes(review, actor=qualified, note="已按意见修改")
    review.refresh_from_db()
    assert review.passed and "已按意见修改" in review.reasons
    assert len(recorded("reviews.legalreview.changes_confirmed")) == 1
    with pytest.raises(WrongState):
        services.confirm_review_changes(review, actor=qualified)


def test_return_for_investigation_then_a_new_round(in_review, qualified, officer, head):
    case = opinion(in_review, qualified, "return", "需补充调查询问笔录")
    assert case.state == "investigation"
    assert latest_review(case).outcome == "return"
    case = act(
        case,
        "conclude_investigation",
        officer,
        facts="补充后的事实",
        proposed_penalty_kinds=["fine"],
        proposed_fine=Decimal("20000"),
    )
    case = submit(case, officer)
    assert latest_review(case).round == 2


# --- disagreement and collective discussion ---------------------------------------------


def disagree(case, reviewer):
    return opinion(
        case, reviewer, "disagree", "证据不足以证明违法事实", facts=("fail", "缺少关键证据")
    )


def discuss(case, head, outcome="decide", conclusion="as_proposed", **extra):
    data = dict(
        held_on=D(2026, 9, 15),
        attendees="张局长：同意\n李副局长：同意\n王副局长：同意",
        opinions="一致同意",
        conclusion=conclusion,
        outcome=outcome,
        **extra,
    )
    return act(case, "hold_collective_discussion", head, **data)


def test_disagreement_goes_to_collective_discussion(in_review, qualified, head):
    case = disagree(in_review, qualified)
    assert case.state == "collective_discussion"
    case = discuss(case, head)
    assert case.state == "report"
    discussion = CollectiveDiscussion.objects.get(case=case)
    assert discussion.presided_by == head and discussion.review == latest_review(case)
    assert [a["name"] for a in discussion.attendees] == ["张局长", "李副局长", "王副局长"]
    assert discussion.attendees[0]["opinion"] == "同意" and discussion.allows_decision
    assert len(recorded("reviews.collectivediscussion.held")) == 1


def test_collective_discussion_refusals(in_review, qualified, head, officer):
    case = disagree(in_review, qualified)
    error = refused(
        InvalidInput,
        case,
        "hold_collective_discussion",
        head,
        held_on="2026-09-15",
        attendees="张局长",
        opinions="同意",
        conclusion="x",
        outcome="decide",
    )
    assert error.code == "discussion_attendees_missing"
    data = {"attendees": "张局长、李副局长", "opinions": "", "outcome": "decide"}
    error = pytest.raises(
        InvalidInput, services.hold_collective_discussion, case, actor=head, data=data
    ).value
    assert error.code == "discussion_opinions_missing"
    with pytest.raises(NotPermitted):
        services.hold_collective_discussion(
            case, actor=officer, data={"attendees": "甲：同意\n乙：同意", "outcome": "decide"}
        )
    assert not CollectiveDiscussion.objects.exists()


def test_discussion_may_return_the_case(in_review, qualified, head):
    case = discuss(disagree(in_review, qualified), head, outcome="return", conclusion="补充调查")
    assert case.state == "investigation"
    assert CollectiveDiscussion.objects.get().conclusion == "return"


# --- return to investigation ------------------------------------------------------------


def test_returning_closes_the_open_round(in_review, officer):
    case = act(in_review, "return_to_investigation", officer, reason="撤回补充证据")
    review = latest_review(case)
    assert case.state == "investigation" and review.outcome == "return"
    assert review.reasons == "撤回补充证据" and review.decided_by == officer
    assert len(recorded("reviews.legalreview.returned")) == 1


def test_returning_needs_reasons(major_case, officer):
    with pytest.raises(InvalidInput):
        services.return_to_investigation(major_case, actor=officer, data={"reason": " "})


# --- qualification ----------------------------------------------------------------------


def test_qualification_is_recorded_by_the_head_of_the_reviewer_agency(
    reviewer, head, officer, outsider
):
    qualification = services.record_qualification(
        reviewer, actor=head, certificate_number="A2020", obtained_on=D(2020, 1, 1)
    )
    assert qualification.certificate_number == "A2020"
    assert len(recorded("reviews.reviewerqualification.recorded")) == 1
    with pytest.raises(NotPermitted):
        services.record_qualification(
            reviewer, actor=officer, certificate_number="A", obtained_on=D(2020, 1, 1)
        )
    with pytest.raises(NotFound):
        services.record_qualification(
            reviewer, actor=outsider, certificate_number="A", obtained_on=D(2020, 1, 1)
        )
    with pytest.raises(InvalidInput):
        services.record_qualification(
            reviewer, actor=head, certificate_number="A", obtained_on=D(2099, 1, 1)
        )


def test_a_back_dated_opinion_meets_the_review_period_on_its_date(in_review, qualified):
    case = opinion(in_review, qualified, on=D(2026, 11, 20))
    assert case.deadlines.get(kind="legal_review").met_on == D(2026, 11, 20)


def test_the_rights_point_checks_the_notice_the_gates_let_be_served_after_the_review(
    in_review, qualified, officer
):
    """The review comes before the prior notice (domain.md §3, Art 58): the reviewer checks
    the notice to be served, so passing the point does not claim the party was told."""
    from openenforce.reviews.checklist import POINTS

    rights = next(p for p in POINTS if p.code == "rights")
    assert "拟送达的告知书" in str(rights.label)  # the notice to be served, in Chinese
    assert in_review.prior_notice_served_on is None  # not told yet while under review
    case = opinion(in_review, qualified, "agree", rights="pass")
    assert latest_review(case).items.get(point="rights").result == "pass"
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 10, 20), method="直接送达")
    assert case.state == "notified"  # the notice follows the passed review
