"""Read-only questions about a case's legal review, asked by the case lifecycle's gates
and by the pages: is the review gate open, what is the latest review, where does it stand.

The reviews app registers its gates with cases from here (extensions.py); it must stay
free of side effects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.accounts.models import Role, User
from openenforce.reviews.major import (
    MajorAssessment,
    article_code,
    assess_major,
    proposal_snapshot,
)
from openenforce.reviews.models import CollectiveDiscussion, LegalReview


@dataclass(frozen=True)
class GateResult:
    """Whether a gate lets an action through; if not, why, and under which article."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    article: str = ""


class ReviewStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", gettext_lazy("Not required")
    NOT_SUBMITTED = "not_submitted", gettext_lazy("Not submitted")
    UNASSIGNED = "unassigned", gettext_lazy("Awaiting a reviewer")
    IN_REVIEW = "in_review", gettext_lazy("Under review")
    CHANGES_PENDING = "changes_pending", gettext_lazy("Agreed after changes; changes unconfirmed")
    PASSED = "passed", gettext_lazy("Passed")
    DISAGREED = "disagreed", gettext_lazy("Disagreed; awaiting collective discussion")
    SETTLED = "settled", gettext_lazy("Disagreement settled by collective discussion")
    RETURNED = "returned", gettext_lazy("Returned for further investigation")
    CHANGED = "changed", gettext_lazy("The proposal changed after the review")
    NOT_ALLOWED = "not_allowed", gettext_lazy("Collective discussion did not allow the decision")


def latest_review(case):
    """The case's latest review round, or None."""
    return (
        LegalReview.objects.filter(case=case).select_related("reviewer").order_by("-round").first()
    )


def latest_discussion(case, review=None):
    """The latest collective discussion of ``case`` (held after ``review``, when given)."""
    discussions = CollectiveDiscussion.objects.filter(case=case)
    if review is not None:
        discussions = discussions.filter(review=review)
    return discussions.order_by("-held_on", "-id").first()


def _status_of_review(case, review) -> str:
    if review is None or review.withdrawn_at:
        return ReviewStatus.NOT_SUBMITTED
    if review.is_pending:
        return ReviewStatus.IN_REVIEW if review.reviewer_id else ReviewStatus.UNASSIGNED
    if review.passed:
        changed = review.proposal and review.proposal != proposal_snapshot(case)
        return ReviewStatus.CHANGED if changed else ReviewStatus.PASSED
    simple = {
        review.Outcome.AGREE_WITH_CHANGES: ReviewStatus.CHANGES_PENDING,
        review.Outcome.RETURN: ReviewStatus.RETURNED,
    }
    if review.outcome in simple:
        return simple[review.outcome]
    discussion = latest_discussion(case, review)
    if discussion is None:
        return ReviewStatus.DISAGREED
    return ReviewStatus.SETTLED if discussion.allows_decision else ReviewStatus.NOT_ALLOWED


def review_status(case, assessment: MajorAssessment | None = None) -> str:
    """Where the case's legal review stands (a ``ReviewStatus`` value).

    A case reviewed although not major shows its review's status all the same.
    """
    review = latest_review(case)
    if review is None and not (assessment or assess_major(case)).is_major:
        return ReviewStatus.NOT_REQUIRED
    return _status_of_review(case, review)


_OPEN_STATUSES = {ReviewStatus.NOT_REQUIRED, ReviewStatus.PASSED, ReviewStatus.SETTLED}


def review_gate(case) -> GateResult:
    """Open when the decision is not major, or its latest review passed, or a collective
    discussion settled the reviewer's disagreement in a way that allows a decision
    (行政处罚法 Art 58: no major decision without passing review, Art 57)."""
    assessment = assess_major(case)
    article = article_code(case.category)
    if not assessment.is_major:
        return GateResult(ok=True, article=article)
    status = review_status(case, assessment)
    if status in _OPEN_STATUSES:
        return GateResult(ok=True, reasons=list(assessment.reasons), article=article)
    refusal = _(
        "A major decision cannot be made before its legal review passes; review: %(status)s."
    ) % {"status": ReviewStatus(status).label}
    return GateResult(ok=False, reasons=[refusal, *assessment.reasons], article=article)


def qualified_reviewers(case) -> list:
    """The users who may be given ``case``'s review: the agency's active reviewers with a
    recorded legal qualification (Art 58 para 2) who never handled the case."""
    users = User.objects.filter(
        agency_id=case.agency_id,
        is_active=True,
        role_assignments__role=Role.REVIEWER,
        review_qualification__isnull=False,
    )
    return list(users.exclude(officer__case_handlings__case=case).order_by("username"))
