"""What the reviews app plugs into cases (``cases.registry``), from ``ReviewsConfig.ready()``:
the review gates of the penalty lifecycle, the effects of its review actions, and the
qualified reviewers offered for the ``reviewer`` input."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.cases import registry
from openenforce.cases.gates import OPEN, GateResult
from openenforce.cases.models import Case
from openenforce.reviews import services
from openenforce.reviews.casefile import casefile_records
from openenforce.reviews.major import assess_major
from openenforce.reviews.selectors import latest_review, qualified_reviewers, review_gate

# The effects the penalty lifecycle names ``reviews.<name>``.
EFFECTS = (
    "submit_review",
    "assign_reviewer",
    "record_review_outcome",
    "hold_collective_discussion",
    "return_to_investigation",
)


def review_required(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """Submitting for review makes sense only for a major decision (Art 58)."""
    if assess_major(case).is_major:
        return OPEN
    return GateResult(
        ok=False,
        reasons=[_("The proposed decision is not major; it needs no legal review.")],
        article="行政处罚法 Art 58",
    )


def review_passed(case: Case, data: dict | None, today: datetime.date) -> GateResult:
    """No major decision before its legal review passed (行政处罚法 Art 58)."""
    result = review_gate(case)
    return GateResult(ok=result.ok, reasons=list(result.reasons), article=result.article)


def reviewer_choices(case: Case) -> list[list[str]]:
    return [[user.username, str(user)] for user in qualified_reviewers(case)]


def awaits_assignment(user: User, case: Case) -> bool:
    """A round waits for a reviewer to be assigned (by the head or any reviewer)."""
    review = latest_review(case)
    return review is not None and review.is_pending and review.reviewer_id is None


def assigned_to(user: User, case: Case) -> bool:
    """The open round waits for the reviewer it was given to, and for nobody else."""
    review = latest_review(case)
    return review is not None and review.is_pending and review.reviewer_id == user.pk


def register() -> None:
    registry.register_gate("review_required", review_required)
    registry.register_gate("review_passed", review_passed)
    for name in EFFECTS:
        registry.register_effect(f"reviews.{name}", getattr(services, name))
    registry.register_input_choices("reviewer", reviewer_choices)
    registry.register_assignee("assign_reviewer", awaits_assignment)
    registry.register_assignee("record_review_outcome", assigned_to)
    registry.register_casefile_records("reviews", casefile_records)
