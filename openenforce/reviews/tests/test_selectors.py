"""The review gate's truth table, and the status the pages show."""

from __future__ import annotations

import pytest

from openenforce.core.errors import WrongState
from openenforce.reviews import services
from openenforce.reviews.selectors import ReviewStatus, review_gate, review_status
from openenforce.reviews.tests.conftest import submit
from openenforce.reviews.tests.test_services import disagree, discuss, opinion
from openenforce.testing.cases import WRITTEN, act, offer, refused

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def gate(case):
    result = review_gate(case)
    return result.ok, review_status(case)


def test_a_decision_that_is_not_major_needs_no_review(team, officer, head):
    from openenforce.testing.cases import to_report

    case = to_report(team, officer, head)
    assert gate(case) == (True, ReviewStatus.NOT_REQUIRED)


def test_a_major_decision_is_shut_until_the_review_passes(major_case, officer, head, qualified):
    result = review_gate(major_case)
    assert not result.ok and "58" in result.article
    assert any("SH-01" in reason for reason in result.reasons)
    assert review_status(major_case) == ReviewStatus.NOT_SUBMITTED
    case = submit(major_case, officer)
    assert gate(case) == (False, ReviewStatus.UNASSIGNED)
    case = act(case, "assign_reviewer", head, reviewer=qualified.username)
    assert gate(case) == (False, ReviewStatus.IN_REVIEW)
    case = opinion(case, qualified, "agree")
    assert gate(case) == (True, ReviewStatus.PASSED)
    assert offer(case, officer, "serve_prior_notice").allowed


def test_agree_after_changes_opens_only_when_confirmed(in_review, qualified, officer):
    case = opinion(in_review, qualified, "agree_with_changes", "下调罚款")
    assert gate(case) == (False, ReviewStatus.CHANGES_PENDING)
    error = refused(
        WrongState, case, "serve_prior_notice", officer, served_on="2026-09-10", method="直接送达"
    )
    assert error.code == "gate_review_passed"
    services.confirm_review_changes(case.legal_reviews.get(), actor=qualified)
    assert gate(case) == (True, ReviewStatus.PASSED)


def test_disagreement_shuts_the_gate_until_a_discussion_allows_the_decision(
    in_review, qualified, head
):
    case = disagree(in_review, qualified)
    assert gate(case) == (False, ReviewStatus.DISAGREED)
    case = discuss(case, head)
    assert gate(case) == (True, ReviewStatus.SETTLED)


def test_a_discussion_that_returns_the_case_does_not_open_it(in_review, qualified, head):
    case = discuss(disagree(in_review, qualified), head, outcome="return", conclusion="补充")
    assert gate(case) == (False, ReviewStatus.NOT_ALLOWED)


def test_a_returned_review_shuts_the_gate(in_review, qualified):
    case = opinion(in_review, qualified, "return", "补充调查")
    assert gate(case) == (False, ReviewStatus.RETURNED)


def test_a_return_after_the_opinion_withdraws_it(in_review, qualified, officer):
    from openenforce.ledger.models import Entry

    case = opinion(in_review, qualified, "agree")
    assert gate(case) == (True, ReviewStatus.PASSED)
    case = act(case, "return_to_investigation", officer, reason="发现新的违法事实")
    assert gate(case) == (False, ReviewStatus.NOT_SUBMITTED)
    assert Entry.objects.filter(event_type="reviews.legalreview.withdrawn").count() == 1


def revise(case, officer, fine):
    return act(
        case,
        "revise_proposal",
        officer,
        facts="事实",
        proposed_penalty_kinds=["fine"],
        proposed_fine=fine,
    )


def test_changing_the_proposal_after_agreement_shuts_the_gate(in_review, qualified, officer):
    case = opinion(in_review, qualified, "agree")
    case = revise(case, officer, "50000")
    assert gate(case) == (False, ReviewStatus.CHANGED)
    case = revise(case, officer, "20000")  # back to what was reviewed
    assert gate(case) == (True, ReviewStatus.PASSED)


def test_changes_made_after_agree_with_changes_are_what_the_reviewer_confirms(
    in_review, qualified, officer
):
    case = opinion(in_review, qualified, "agree_with_changes", "罚款应下调至 15,000 元")
    case = revise(case, officer, "15000")
    assert gate(case) == (False, ReviewStatus.CHANGES_PENDING)
    services.confirm_review_changes(case.legal_reviews.get(), actor=qualified)
    assert gate(case) == (True, ReviewStatus.PASSED)
    assert case.legal_reviews.get().proposal["fine"] == "15000.00"
