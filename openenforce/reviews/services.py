"""Every change to legal reviews, collective discussions and reviewer qualifications.

The case lifecycle (``cases.engine.perform_action``) calls the handlers below as effects
of its actions, inside its transaction, with the action's cleaned input as ``data``;
each returns the outcome code the lifecycle uses to pick the next state, or None. Each
writes its record entry in the same transaction (``ledger.services.record``).
"""

from __future__ import annotations

import datetime
import json
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from openenforce.accounts.models import Role, User
from openenforce.accounts.services import SYSTEM_USERNAME
from openenforce.calendar.engine import add_working_days
from openenforce.cases.articles import cite
from openenforce.cases.permissions import check_may_work_on
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.core.params import parse_id
from openenforce.ledger.services import create_recorded, record
from openenforce.reviews.checklist import POINT_CODES, PointResult, point_label
from openenforce.reviews.major import proposal_snapshot
from openenforce.reviews.materials import materials_from, missing_materials
from openenforce.reviews.models import (
    ChecklistItem,
    CollectiveDiscussion,
    Conclusion,
    LegalReview,
    ReviewerQualification,
)

ART_58 = "行政处罚法 Art 58"
ART_58_2 = "行政处罚法 Art 58 para 2"
ART_57 = "行政处罚法 Art 57"
# A collective discussion needs the presiding head and at least this many other leaders
# listed as attendees (Art 57 "集体讨论": one leader alone is not a collective).
MIN_ATTENDEES = 2
Outcome = LegalReview.Outcome


def _is_system(actor: User) -> bool:
    """The installation itself (demo set-up, CLI): inactive, so nobody logs in as it."""
    return not actor.is_active and actor.username == SYSTEM_USERNAME


def _today() -> datetime.date:
    return timezone.localdate()


def _log(actor, event_type: str, subject, case) -> None:
    record(actor=actor, event_type=event_type, subject=subject, agency=case.agency)


def _check_agency(actor: User, case) -> None:
    """Only the case's own agency acts on its review (others get 404, never 403)."""
    if not actor.is_superuser and actor.agency_id != case.agency_id:
        raise NotFound(_("Not found."), code="not_found")


def _require_role(actor: User, *roles: str) -> None:
    if not (actor.is_superuser or actor.has_role(*roles)):
        raise NotPermitted(
            _("Your role does not allow this step of the legal review."),
            code="review_role_required",
            article=cite(ART_58),
        )


def open_review(case) -> LegalReview | None:
    """The round submitted and not yet concluded, if any (at most one: a constraint)."""
    return LegalReview.objects.filter(case=case, outcome="").select_related("reviewer").first()


def has_handled(case, user: User) -> bool:
    """Whether ``user`` is, or ever was, a handler of ``case`` through their officer entry."""
    return case.handlers.filter(officer__user=user).exists()


def review_due(start: datetime.date):
    """The review's due date: ``OPENENFORCE_REVIEW_DAYS`` working days after ``start``
    (a local rule: 5, 7+3 or 10 working days; 行政处罚法 Art 85 counts working days)."""
    return add_working_days(start, settings.OPENENFORCE_REVIEW_DAYS)


# ---------------------------------------------------------------------------- submission


@transaction.atomic
def submit_for_review(case, *, actor: User, data: dict) -> str | None:
    """Open a new review round with the required materials, before the party is told of
    the intended decision; refuses, naming them, when materials are missing."""
    _check_agency(actor, case)
    _require_role(actor, Role.OFFICER, Role.HEAD)
    check_may_work_on(actor, case)
    if open_review(case) is not None:
        raise WrongState(
            _("The case is already under legal review."), code="review_open", article=cite(ART_58)
        )
    materials = materials_from(data)
    missing = missing_materials(case, materials)
    if missing:
        raise InvalidInput(
            _("Materials missing for legal review: %(names)s.")
            % {"names": pgettext("list", ", ").join(str(m.label) for m in missing)},
            code="review_materials_missing",
            article=cite(ART_58),
            problems=[FieldProblem(m.key, _("This material is required.")) for m in missing],
        )
    # The period runs from the submission's effective date (the action's "submitted on",
    # as the case engine starts its own deadline), so a back-dated entry is timed right.
    submitted_on = data.get("submitted_on")
    due = review_due(submitted_on if isinstance(submitted_on, datetime.date) else _today())
    last = LegalReview.objects.filter(case=case).order_by("-round").first()
    review = LegalReview.objects.create(
        case=case,
        round=(last.round + 1) if last else 1,
        submitted_at=timezone.now(),
        submitted_by=actor,
        materials=materials,
        proposal=proposal_snapshot(case),
        due_on=due.due,
        due_explanation=due.explanation(),
        due_provisional=due.provisional,
    )
    _log(actor, "reviews.legalreview.submitted", review, case)
    return None


submit_review = submit_for_review  # the name the penalty lifecycle uses for this effect


# ---------------------------------------------------------------------------- assignment


def _reviewer_in_agency(case, value) -> User:
    """The user named by ``value`` (a user, an id or a user name) in the case's agency."""
    users = User.objects.filter(agency_id=case.agency_id, is_active=True)
    if isinstance(value, User):
        found = users.filter(pk=value.pk).first()
    elif isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        pk = parse_id(value)  # "²" and a hundred digits are digits, but no id
        found = users.filter(pk=pk).first() if pk is not None else None
    else:
        found = users.filter(username=str(value or "").strip()).first()
    if found is None:
        raise NotFound(_("No such reviewer in this agency."), code="reviewer_not_found")
    return found


def check_may_review(case, reviewer: User) -> None:
    """A reviewer holds the reviewer role, has a recorded legal professional qualification
    (Art 58 para 2) and never handled the case."""
    if not reviewer.has_role(Role.REVIEWER):
        raise InvalidInput(
            _("%(name)s does not hold the legal reviewer role.") % {"name": reviewer},
            code="reviewer_role_missing",
            article=cite(ART_58),
        )
    if not ReviewerQualification.objects.filter(user=reviewer).exists():
        raise InvalidInput(
            _(
                "%(name)s has no recorded national legal professional qualification; "
                "reviewers must hold it."
            )
            % {"name": reviewer},
            code="reviewer_unqualified",
            article=cite(ART_58_2),
        )
    if has_handled(case, reviewer):
        raise NotPermitted(
            _("%(name)s handles or handled this case and may not review it.") % {"name": reviewer},
            code="reviewer_is_handler",
            article=cite(ART_58),
        )


@transaction.atomic
def assign_reviewer(case, *, actor: User, data: dict) -> str | None:
    """Give the open review to a qualified reviewer of the agency who never handled the case."""
    _check_agency(actor, case)
    _require_role(actor, Role.HEAD, Role.REVIEWER)
    review = open_review(case)
    if review is None:
        raise WrongState(_("No legal review is open on this case."), code="review_not_open")
    reviewer = _reviewer_in_agency(case, data.get("reviewer"))
    check_may_review(case, reviewer)
    review.reviewer, review.assigned_at = reviewer, timezone.now()
    review.save(update_fields=["reviewer", "assigned_at", "updated_at"])
    _log(actor, "reviews.legalreview.assigned", review, case)
    return None


# ---------------------------------------------------------------------------- the opinion


def _parse_checklist(raw) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError:
            raise InvalidInput(
                _("The checklist is not readable."), code="checklist_unreadable"
            ) from None
    if not isinstance(raw, dict):
        raise InvalidInput(_("The checklist is not readable."), code="checklist_unreadable")
    return raw


def _point(raw, code: str) -> tuple[str, str]:
    value = raw.get(code)
    if isinstance(value, dict):
        return str(value.get("result") or ""), str(value.get("note") or "").strip()
    return str(value or ""), ""


def clean_checklist(raw) -> list[tuple[str, str, str]]:
    """All nine points as (code, result, note); a failed point needs a note."""
    checklist, points, problems = _parse_checklist(raw), [], []
    for code in POINT_CODES:
        result, note = _point(checklist, code)
        if result not in PointResult.values:
            problems.append(FieldProblem(code, _("Choose pass, fail or not applicable.")))
        elif result == PointResult.FAIL and not note:
            problems.append(FieldProblem(code, _("Say why this point fails.")))
        points.append((code, result, note))
    if problems:
        names = pgettext("list", ", ").join(point_label(p.field) for p in problems)
        raise InvalidInput(
            _("The review checklist is incomplete: %(points)s.") % {"points": names},
            code="checklist_incomplete",
            article=cite(ART_58),
            problems=problems,
        )
    return points


def _check_outcome(outcome: str, reasons: str, points: list[tuple[str, str, str]]) -> None:
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose the review opinion."), code="review_outcome_unknown")
    failed = any(result == PointResult.FAIL for _c, result, _n in points)
    if outcome == Outcome.AGREE and failed:
        raise InvalidInput(
            _("A review with a failed point cannot simply agree; agree after changes or disagree."),
            code="review_agree_with_failure",
            article=cite(ART_58),
        )
    if (outcome != Outcome.AGREE or failed) and not reasons:
        raise InvalidInput(
            _("Give the reasons for this opinion."),
            code="review_reasons_missing",
            article=cite(ART_58),
        )


def _reviewing(case, actor: User) -> LegalReview:
    review = open_review(case)
    if review is None:
        raise WrongState(_("No legal review is open on this case."), code="review_not_open")
    if review.reviewer_id is None:
        raise WrongState(
            _("Assign a reviewer first."), code="review_unassigned", article=cite(ART_58)
        )
    if review.reviewer_id != actor.pk:
        raise NotPermitted(
            _("Only the assigned reviewer records the opinion."), code="not_the_reviewer"
        )
    return review


@transaction.atomic
def record_review_outcome(case, *, actor: User, data: dict) -> str:
    """The reviewer's opinion (法制审核意见): the nine-point checklist and agree, agree
    after changes, disagree or return for investigation, with reasons. Returns the opinion."""
    _check_agency(actor, case)
    review = _reviewing(case, actor)
    check_may_review(case, actor)  # again: the case's handlers may have changed since
    points = clean_checklist(data.get("checklist"))
    outcome, reasons = str(data.get("outcome") or ""), str(data.get("reasons") or "").strip()
    _check_outcome(outcome, reasons, points)
    create_recorded(
        [ChecklistItem(review=review, point=c, result=r, note=n) for c, r, n in points],
        actor=actor,
        event_type="reviews.checklistitem.recorded",
        agency=case.agency,
    )
    review.outcome, review.reasons, review.decided_at = outcome, reasons, timezone.now()
    review.decided_by = actor
    review.save(update_fields=["outcome", "reasons", "decided_at", "decided_by", "updated_at"])
    _log(actor, f"reviews.legalreview.{outcome}", review, case)
    _note_first_review(actor)
    return outcome


def _note_first_review(reviewer: User) -> None:
    qualification = ReviewerQualification.objects.filter(user=reviewer).first()
    if qualification is not None and qualification.first_review_on is None:
        qualification.first_review_on = _today()
        qualification.save(update_fields=["first_review_on", "updated_at"])
        record(
            actor=reviewer,
            event_type="reviews.reviewerqualification.first_review",
            subject=qualification,
            agency=reviewer.agency,
        )


@transaction.atomic
def confirm_review_changes(review: LegalReview, *, actor: User, note: str = "") -> LegalReview:
    """The reviewer confirms that the changes asked for in an "agree after changes"
    opinion were made; only then has the review passed."""
    _check_agency(actor, review.case)
    if review.reviewer_id != actor.pk:
        raise NotPermitted(
            _("Only the assigned reviewer confirms the changes."), code="not_the_reviewer"
        )
    if review.outcome != Outcome.AGREE_WITH_CHANGES or review.changes_confirmed_at:
        raise WrongState(
            _("There are no changes waiting for confirmation."), code="no_changes_pending"
        )
    review.changes_confirmed_at = timezone.now()
    review.proposal = proposal_snapshot(review.case)  # the proposal as changed
    if note.strip():
        review.reasons = f"{review.reasons}\n{note.strip()}".strip()
    review.save(update_fields=["changes_confirmed_at", "proposal", "reasons", "updated_at"])
    _log(actor, "reviews.legalreview.changes_confirmed", review, review.case)
    return review


# ---------------------------------------------------------------------------- discussion

_LIST_SPLIT = re.compile(r"[,，、;；]+")


def _attendee_entries(text: str) -> list[dict]:
    """One attendee per line ("name: opinion"); a single line without opinions may list
    names separated by commas or 、."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1 and not re.search(r"[:：]", lines[0]):
        lines = [name.strip() for name in _LIST_SPLIT.split(lines[0]) if name.strip()]
    entries = []
    for line in lines:
        name, _sep, opinion = line.replace("：", ":").partition(":")
        entries.append({"name": name.strip(), "opinion": opinion.strip()})
    return entries


def _attendees(raw) -> list[dict]:
    """Attendees as [{name, position, opinion}], from a list or from text."""
    if isinstance(raw, str):
        raw = _attendee_entries(raw)
    if not isinstance(raw, list):
        raw = []
    people = []
    for item in raw:
        if isinstance(item, dict) and str(item.get("name") or "").strip():
            people.append(
                {
                    "name": str(item["name"]).strip(),
                    "position": str(item.get("position") or "").strip(),
                    "opinion": str(item.get("opinion") or "").strip(),
                }
            )
    return people


def _conclusion(data: dict) -> tuple[str, str]:
    """The conclusion code, and the conclusion in words. The penalty lifecycle asks for a
    free-text conclusion and an outcome of "decide" or "return"."""
    text = str(data.get("conclusion") or "").strip()
    if text in Conclusion.values:
        return text, str(data.get("conclusion_text") or "").strip()
    if data.get("outcome") == "return":
        return Conclusion.RETURN, text
    if data.get("outcome") == "decide":
        return Conclusion.AS_PROPOSED, text
    raise InvalidInput(
        _("Record the conclusion of the discussion."), code="discussion_conclusion_missing"
    )


def _check_discussion(people: list[dict], opinions: str) -> None:
    if len(people) < MIN_ATTENDEES:
        raise InvalidInput(
            _("List the leaders who attended: at least %(n)s besides the presiding head.")
            % {"n": MIN_ATTENDEES},
            code="discussion_attendees_missing",
            article=cite(ART_57),
        )
    if not opinions and not all(person["opinion"] for person in people):
        raise InvalidInput(
            _("Record each attendee's opinion."),
            code="discussion_opinions_missing",
            article=cite(ART_57),
        )


def _held_on(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            _("Enter a valid date (YYYY-MM-DD)."), code="discussion_date_invalid"
        ) from None


@transaction.atomic
def hold_collective_discussion(case, *, actor: User, data: dict) -> str:
    """Record the leaders' collective discussion (Art 57), presided over by the agency
    head (the actor): attendees, each one's opinion, the conclusion and the minutes.
    Returns "return" when it sends the case back for investigation, else "decide"."""
    _check_agency(actor, case)
    _require_role(actor, Role.HEAD)
    people = _attendees(data.get("attendees"))
    opinions = str(data.get("opinions") or "").strip()
    _check_discussion(people, opinions)
    code, text = _conclusion(data)
    disputed = (
        LegalReview.objects.filter(case=case, outcome=Outcome.DISAGREE).order_by("-round").first()
    )
    discussion = CollectiveDiscussion.objects.create(
        case=case,
        review=disputed if disputed and not disputed.discussions.exists() else None,
        held_on=_held_on(data.get("held_on") or _today()),
        presided_by=actor,
        attendees=people,
        opinions=opinions,
        conclusion=code,
        conclusion_text=text,
        record=str(data.get("record") or "").strip(),
        recorded_by=actor,
    )
    _log(actor, "reviews.collectivediscussion.held", discussion, case)
    return "return" if code == Conclusion.RETURN else "decide"


# ---------------------------------------------------------------------------- return


@transaction.atomic
def return_to_investigation(case, *, actor: User, data: dict) -> str | None:
    """Send the case back for further investigation: an open review round ends as
    "returned" with the reasons, a concluded one is withdrawn; either way the next
    submission opens a new round."""
    _check_agency(actor, case)
    reasons = str(data.get("reason") or data.get("reasons") or "").strip()
    if not reasons:
        raise InvalidInput(_("Give the reasons for returning the case."), code="reason_missing")
    review = open_review(case)
    if review is not None:
        review.outcome, review.reasons = Outcome.RETURN, reasons
        review.decided_at, review.decided_by = timezone.now(), actor
        review.save(update_fields=["outcome", "reasons", "decided_at", "decided_by", "updated_at"])
        _log(actor, "reviews.legalreview.returned", review, case)
    else:
        _withdraw_latest(case, actor)
    return None


def _withdraw_latest(case, actor: User) -> None:
    """A concluded opinion covered the proposal as it stood; once the case goes back to
    investigation the proposal may change, so a new round is needed (Art 58)."""
    latest = LegalReview.objects.filter(case=case).order_by("-round").first()
    if latest is not None and latest.withdrawn_at is None:
        latest.withdrawn_at = timezone.now()
        latest.save(update_fields=["withdrawn_at", "updated_at"])
        _log(actor, "reviews.legalreview.withdrawn", latest, case)


# ---------------------------------------------------------------------------- qualification


@transaction.atomic
def record_qualification(
    user: User,
    *,
    actor: User,
    certificate_number: str,
    obtained_on: datetime.date,
    first_review_on: datetime.date | None = None,
) -> ReviewerQualification:
    """Record (or correct) a reviewer's national legal professional qualification; done by
    an administrator or the head of the reviewer's agency (Art 58 para 2)."""
    is_system = (
        actor.agency_id is None and not actor.is_superuser and not actor.has_role(*Role.values)
    )
    if not is_system and not actor.is_superuser:
        if actor.agency_id != user.agency_id:
            raise NotFound(_("Not found."), code="not_found")
        _require_role(actor, Role.ADMIN, Role.HEAD)
    number = (certificate_number or "").strip()
    if not number or obtained_on is None or obtained_on > _today():
        raise InvalidInput(
            _("Enter the certificate number and the date it was obtained (not in the future)."),
            code="qualification_invalid",
            article=cite(ART_58_2),
        )
    qualification, created = ReviewerQualification.objects.update_or_create(
        user=user,
        defaults={
            "certificate_number": number,
            "obtained_on": obtained_on,
            "first_review_on": first_review_on,
        },
    )
    verb = "recorded" if created else "updated"
    record(
        actor=actor,
        event_type=f"reviews.reviewerqualification.{verb}",
        subject=qualification,
        agency=user.agency,
    )
    return qualification


# ---------------------------------------------------------------------------- calendar


def _review_start(review: LegalReview) -> datetime.date:
    """The day the round's period runs from: the case's legal-review deadline started on
    the submission's effective date; else the day it was entered."""
    started = (
        review.case.deadlines.filter(kind="legal_review", created_at__gte=review.created_at)
        .order_by("created_at")
        .values_list("start", flat=True)
        .first()
    )
    return started or timezone.localtime(review.submitted_at).date()


@transaction.atomic
def on_calendar_changed(sender: object, *, actor: User, **kwargs: object) -> None:
    """Receiver of ``calendar.signals.calendar_changed``: recompute open rounds' due dates."""
    recompute_due_dates(actor=actor)


def recompute_due_dates(*, actor: User) -> int:
    """Recompute the due dates of the rounds still open after the working-day calendar
    changed (a calendar change handler). Each changed round is recorded as
    ``reviews.legalreview.recomputed``. Returns how many changed."""
    changed = 0
    for review in LegalReview.objects.filter(outcome="").select_related("case__agency"):
        due = review_due(_review_start(review))
        fields = (due.due, due.explanation(), due.provisional)
        if fields == (review.due_on, review.due_explanation, review.due_provisional):
            continue
        review.due_on, review.due_explanation, review.due_provisional = fields
        review.save(update_fields=["due_on", "due_explanation", "due_provisional", "updated_at"])
        _log(actor, "reviews.legalreview.recomputed", review, review.case)
        changed += 1
    return changed
