"""Who may see and act on legal reviews in the staff pages.

Reviews are read within the user's agency scope (``accounts.permissions.scope`` through
the case's agency: another agency's review is 404); the pages are for reviewers, heads,
administrators and supervisors. Recording the opinion is for the assigned reviewer only;
assigning is for heads and reviewers of the case's own agency.
"""

from __future__ import annotations

from django.db.models import QuerySet

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import get_for_user, scope
from openenforce.reviews.models import LegalReview

PAGE_ROLES = (Role.REVIEWER, Role.HEAD, Role.ADMIN, Role.SUPERVISOR)


def can_see_reviews(user: User) -> bool:
    return user.is_superuser or user.has_role(*PAGE_ROLES)


def oversees_reviews(user: User) -> bool:
    """A reader of the reviews who reviews none (a supervisor, an administrator): their
    queue is every pending review they may read, not the ones assigned to them."""
    return can_see_reviews(user) and not user.has_role(Role.REVIEWER, Role.HEAD)


def reviews_for(user: User) -> QuerySet[LegalReview]:
    """Reviews of the agencies the user may read, with what the lists show."""
    queryset = LegalReview.objects.select_related("case", "case__agency", "reviewer")
    return scope(queryset, user, "case__agency")


def get_review_for_user(user: User, pk) -> LegalReview:
    """One review in the user's scope, else 404."""
    return get_for_user(reviews_for(user), user, "case__agency", pk=pk)


def may_record_opinion(user: User, review: LegalReview) -> bool:
    return review.is_pending and review.reviewer_id == user.pk


def may_assign(user: User, review: LegalReview) -> bool:
    own = user.agency_id == review.case.agency_id
    return review.is_pending and own and user.has_role(Role.HEAD, Role.REVIEWER)


def may_confirm_changes(user: User, review: LegalReview) -> bool:
    return (
        review.outcome == LegalReview.Outcome.AGREE_WITH_CHANGES
        and not review.changes_confirmed_at
        and review.reviewer_id == user.pk
    )
