"""Staff pages for legal reviewers: "my reviews" (overdue, due soon, pending, awaiting a
reviewer) and the review page with the case summary, why it is major, the materials,
the nine-point checklist and the opinion form.

The opinion and the assignment go through the case lifecycle
(``cases.engine.perform_action``) so that state transitions stay in one place; the
confirmation of changes, which changes no case state, calls ``reviews.services``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.agency_filter import AgencyFilter
from openenforce.accounts.models import Role, User
from openenforce.cases import registry
from openenforce.cases.engine import perform_action
from openenforce.core.errors import DomainError
from openenforce.core.pages import invalid_form, run_service, submit
from openenforce.reviews import permissions as perms
from openenforce.reviews.checklist import POINTS, PointResult
from openenforce.reviews.forms import AssignForm, ConfirmForm, OpinionForm
from openenforce.reviews.major import assess_major
from openenforce.reviews.materials import MATERIALS
from openenforce.reviews.models import LegalReview
from openenforce.reviews.selectors import qualified_reviewers, review_status
from openenforce.reviews.services import confirm_review_changes

DUE_SOON_DAYS = 3  # calendar days, as the case deadlines' "due soon" list


def _require_page_role(user: User) -> None:
    if not perms.can_see_reviews(user):
        raise PermissionDenied


def _queues(user: User, today: datetime.date, agency: AgencyFilter) -> dict[str, list[LegalReview]]:
    pending_reviews = agency.apply(perms.reviews_for(user).pending(), "case__agency")
    if not perms.oversees_reviews(user):
        pending_reviews = pending_reviews.for_reviewer(user)
    mine = list(pending_reviews.order_by("due_on", "id"))
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    unassigned = []
    if user.has_role(Role.HEAD, Role.REVIEWER):
        pending = perms.reviews_for(user).pending().filter(reviewer__isnull=True)
        unassigned = list(pending.filter(case__agency_id=user.agency_id).order_by("due_on"))
    return {
        "overdue": [r for r in mine if r.due_on < today],
        "due_soon": [r for r in mine if today <= r.due_on <= soon],
        "pending": [r for r in mine if r.due_on > soon],
        "unassigned": unassigned,
    }


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's own queue, and the reviews of the agency awaiting a reviewer."""
    _require_page_role(request.user)
    today = timezone.localdate()
    agency = AgencyFilter.from_query(request.GET, request.user)
    oversees = perms.oversees_reviews(request.user)
    recent = agency.apply(perms.reviews_for(request.user), "case__agency").exclude(outcome="")
    if not oversees:
        recent = recent.for_reviewer(request.user)
    context = {
        "queues": _queues(request.user, today, agency),
        "recent": list(recent.order_by("-decided_at")[:10]),
        "today": today,
        "oversees": oversees,
        "agency_filter": agency,
    }
    return render(request, "reviews/queue.html", context)


def _checklist_rows(review: LegalReview, posted: dict | None) -> list[dict]:
    items = {item.point: item for item in review.items.all()}
    rows = []
    for point in POINTS:
        item = items.get(point.code)
        result = (posted or {}).get(f"point-{point.code}", item.result if item else "")
        note = (posted or {}).get(f"note-{point.code}", item.note if item else "")
        rows.append({"point": point, "result": result, "note": note, "item": item})
    return rows


def _qualified_reviewers(review: LegalReview) -> list[User]:
    return qualified_reviewers(review.case)


def _evidence_files(review: LegalReview) -> list[dict[str, str]]:
    """The registered evidence submitted with the round, with the pages of its files
    (cases.registry; each page checks the viewer's agency itself)."""
    chosen = review.materials.get("evidence_refs") or []
    items = {item["ref"]: item for item in registry.evidence_items(review.case)}
    return [items[ref] for ref in chosen if ref in items]


def _detail_context(request: HttpRequest, review: LegalReview, posted=None, error=None) -> dict:
    case, user = review.case, request.user
    return {
        "review": review,
        "case": case,
        "parties": list(case.parties.all()),
        "assessment": assess_major(case),
        "status": review_status(case),
        "materials": [(m.label, review.materials.get(m.key, "")) for m in MATERIALS],
        "evidence_files": _evidence_files(review),
        "rounds": list(case.legal_reviews.select_related("reviewer").order_by("round")),
        "discussions": list(case.collective_discussions.select_related("presided_by")),
        "checklist": _checklist_rows(review, posted),
        "results": PointResult.choices,
        "outcomes": LegalReview.Outcome.choices,
        "posted": posted or {},
        "error": error,
        "may_record": perms.may_record_opinion(user, review),
        "may_assign": perms.may_assign(user, review),
        "may_confirm": perms.may_confirm_changes(user, review),
        "reviewers": _qualified_reviewers(review) if perms.may_assign(user, review) else [],
        "overdue": review.is_pending and review.due_on < timezone.localdate(),
        "oversees": perms.oversees_reviews(user),
    }


def _load(request: HttpRequest, pk: int) -> LegalReview:
    _require_page_role(request.user)
    return perms.get_review_for_user(request.user, pk)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _load(request, pk)
    return render(request, "reviews/detail.html", _detail_context(request, review))


def _done(request: HttpRequest, review: LegalReview) -> HttpResponse:
    url = reverse("reviews:detail", args=[review.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _refused(request: HttpRequest, review: LegalReview, error: DomainError) -> HttpResponse:
    context = _detail_context(request, review, posted=request.POST, error=error)
    if request.htmx:
        return render(request, "reviews/_opinion_form.html", context)
    return render(request, "reviews/detail.html", context, status=error.status)


@require_POST
def record_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's opinion, taken as the case action "record_review_outcome"."""
    review = _load(request, pk)
    if not perms.may_record_opinion(request.user, review):
        raise PermissionDenied
    form = OpinionForm(request.POST)
    if not form.is_valid():  # the action's inputs are checked by the engine
        return _refused(request, review, invalid_form(form))
    outcome = run_service(
        request,
        lambda: perform_action(
            review.case, "record_review_outcome", actor=request.user, data=form.action_data()
        ),
        success=_("The review opinion was recorded."),
        quiet=True,  # shown in the opinion form
    )
    if not outcome.ok:
        return _refused(request, review, outcome.error)
    return _done(request, review)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the review, as the case action "assign_reviewer"."""
    review = _load(request, pk)
    if not perms.may_assign(request.user, review):
        raise PermissionDenied
    outcome = submit(
        request,
        AssignForm(request.POST),
        lambda data: perform_action(review.case, "assign_reviewer", actor=request.user, data=data),
        success=_("The reviewer was assigned."),
    )
    if not outcome.ok:
        return redirect("reviews:detail", pk=review.pk)
    return _done(request, review)


@require_POST
def confirm_changes(request: HttpRequest, pk: int) -> HttpResponse:
    review = _load(request, pk)
    if review.reviewer_id != request.user.pk:
        # Only the reviewer confirms: others are refused like the opinion and the
        # assignment (403), not sent back to the page (the service judges the state).
        raise PermissionDenied
    outcome = submit(
        request,
        ConfirmForm(request.POST),
        lambda data: confirm_review_changes(review, actor=request.user, **data),
        success=_("The changes were confirmed; the review has passed."),
    )
    if not outcome.ok:
        return redirect("reviews:detail", pk=review.pk)
    return _done(request, review)
