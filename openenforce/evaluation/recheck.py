"""Re-check (复核) of selected files only (docs/evaluation.md §4, "Re-check policy").

Under a campaign's ``selected`` policy the draw still names each file's second evaluator,
but that assignment stays dormant (no to-do, no reading, no scoring page) until the file
is selected for re-check, for one or more reasons:

- **rule** (``veto``, ``band_edge``): when the first score is submitted, a failed veto
  item, or points within ``recheck_margin`` of a grade line (``passed_from`` or
  ``excellent_from``) of the rubric version;
- **lot** (``lot``): when the campaign's last first score is submitted, a share
  (``recheck_share`` %) of the files the rule did not select, ordered by ``lot_key``;
- **objection** (``objection``): the evaluated agency's head or legal staff object with
  written reasons, within ``objection_days`` days of the first score's submission.

The supervisor then closes the first round: every file not selected becomes final with
its first score alone (``FileResult`` agreed, no re-check score). Every step runs in one
transaction with its record entries: ``evaluation.recheck.selected``,
``evaluation.objection.filed``, ``evaluation.recheck.lot_drawn``,
``evaluation.campaign.first_round_closed``, ``evaluation.fileresult.agreed``.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    FileResult,
    Objection,
    RecheckPolicy,
    SampledFile,
    Score,
)
from openenforce.ledger.services import record

AGENCY_ROLES = (Role.HEAD, Role.REVIEWER)
OBJECTION_MAX = 4000


def dormant_q(prefix: str = "") -> Q:
    """Assignments that are dormant: the re-check of a file not (yet) selected under the
    ``selected`` policy. ``prefix`` is the path to the assignment (``"assignment__"``)."""
    return Q(
        **{
            f"{prefix}role": Assignment.Role.RECHECK,
            f"{prefix}sampled__campaign__recheck_policy": RecheckPolicy.SELECTED,
            f"{prefix}sampled__recheck_selected_at__isnull": True,
        }
    )


def is_dormant(assignment: Assignment) -> bool:
    sampled = assignment.sampled
    return (
        assignment.role == Assignment.Role.RECHECK
        and sampled.campaign.recheck_policy == RecheckPolicy.SELECTED
        and sampled.recheck_selected_at is None
    )


# -- selection ----------------------------------------------------------------------------


def rule_reasons(score: Score, margin: Decimal) -> list[str]:
    """Why the rule selects a file by its first score: a failed veto item; points within
    ``margin`` of a grade line (either band edge of the rubric version)."""
    reasons = []
    if score.vetoed:
        reasons.append("veto")
    edges = (score.version.passed_from, score.version.excellent_from)
    if any(abs(score.points - edge) <= margin for edge in edges):
        reasons.append("band_edge")
    return reasons


def _select(sampled: SampledFile, reasons: list[str], actor: User, campaign: Campaign) -> bool:
    """Add ``reasons`` to the file's selection; False when nothing new."""
    new = [r for r in reasons if r not in sampled.recheck_reasons]
    if not new:
        return False
    sampled.recheck_reasons = [*sampled.recheck_reasons, *new]
    if sampled.recheck_selected_at is None:
        sampled.recheck_selected_at = timezone.now()
    sampled.save()
    record(
        actor=actor,
        event_type="evaluation.recheck.selected",
        subject=sampled,
        agency=campaign.agency,
    )
    return True


def _first_scores(campaign: Campaign) -> dict[int, Score]:
    """The submitted first scores of the campaign, by the file's rank."""
    return {
        s.assignment.sampled.rank: s
        for s in Score.objects.filter(
            assignment__sampled__campaign=campaign,
            assignment__role=Assignment.Role.FIRST,
            status=Score.Status.SUBMITTED,
        ).select_related("assignment__sampled", "version")
    }


def scores_text(scores: dict[int, Score]) -> str:
    """The first scores as the lot reads them: one line per file in rank order,
    ``rank<TAB>points<TAB>grade<TAB>vetoed (0|1)<LF>`` (points with one decimal)."""
    return "".join(
        f"{rank}\t{scores[rank].points:.1f}\t{scores[rank].grade}\t{int(scores[rank].vetoed)}\n"
        for rank in sorted(scores)
    )


def lot_key(seed_hex: str, rank: int, scores_sha256: str) -> str:
    """SHA-256(seed ‖ "recheck" ‖ rank as 4 bytes big-endian ‖ digest of the scores), hex:
    the files are taken in ascending order of this key."""
    message = (
        bytes.fromhex(seed_hex)
        + b"recheck"
        + rank.to_bytes(4, "big")
        + bytes.fromhex(scores_sha256)
    )
    return hashlib.sha256(message).hexdigest()


def lot_size(candidates: int, share: int) -> int:
    """ceil(candidates × share / 100)."""
    return int((Decimal(candidates) * share / 100).to_integral_value(rounding=ROUND_CEILING))


def lot(campaign: Campaign, scores: dict[int, Score]) -> tuple[str, list[int]]:
    """The digest of the first scores and the ranks the lot takes: among the files the rule
    does not select, the ``lot_size`` first in the order of ``lot_key``."""
    digest = hashlib.sha256(scores_text(scores).encode()).hexdigest()
    candidates = [
        rank for rank, score in scores.items() if not rule_reasons(score, campaign.recheck_margin)
    ]
    ordered = sorted(candidates, key=lambda rank: lot_key(campaign.seed, rank, digest))
    return digest, sorted(ordered[: lot_size(len(candidates), campaign.recheck_share)])


def on_first_submitted(score: Score, campaign: Campaign, actor: User) -> None:
    """Called by ``scoring.submit_score`` (same transaction) for a first score under the
    ``selected`` policy: the rule, and the lot once every first score is in."""
    if campaign.recheck_policy != RecheckPolicy.SELECTED:
        return
    sampled = SampledFile.objects.select_for_update().get(pk=score.assignment.sampled_id)
    reasons = rule_reasons(score, campaign.recheck_margin)
    if reasons:
        _select(sampled, reasons, actor, campaign)
    scores = _first_scores(campaign)
    if len(scores) < campaign.sampled.count() or campaign.recheck_scores_sha256:
        return
    digest, ranks = lot(campaign, scores)
    campaign.recheck_scores_sha256 = digest
    campaign.save()
    record(
        actor=actor,
        event_type="evaluation.recheck.lot_drawn",
        subject=campaign,
        files=[digest],
    )
    for one in SampledFile.objects.select_for_update().filter(campaign=campaign, rank__in=ranks):
        _select(one, ["lot"], actor, campaign)


# -- objection ----------------------------------------------------------------------------


def first_score(sampled: SampledFile) -> Score | None:
    return (
        Score.objects.filter(
            assignment__sampled=sampled,
            assignment__role=Assignment.Role.FIRST,
            status=Score.Status.SUBMITTED,
        )
        .select_related("version")
        .first()
    )


def objection_deadline(score: Score, campaign: Campaign) -> datetime.date:
    """The last day to object: ``objection_days`` days after the first score's submission
    (local date), never after the campaign's ``ends_on``."""
    assert score.submitted_at is not None
    submitted = timezone.localdate(score.submitted_at)
    return min(submitted + datetime.timedelta(days=campaign.objection_days), campaign.ends_on)


def is_agency_side(user: User, sampled: SampledFile) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.agency_id is not None
        and user.agency_id == sampled.agency_id
        and user.has_role(*AGENCY_ROLES)
    )


def objectable_files(user: User):
    """The files of the user's agency (its head and legal staff) whose first score is in,
    in campaigns re-checking selected files: what the objection page lists."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return SampledFile.objects.none()
    if not user.has_role(*AGENCY_ROLES):
        return SampledFile.objects.none()
    return (
        SampledFile.objects.filter(
            agency_id=user.agency_id,
            campaign__recheck_policy=RecheckPolicy.SELECTED,
            campaign__status__in=Campaign.SAMPLED_STATES,
            assignments__role=Assignment.Role.FIRST,
            assignments__score__status=Score.Status.SUBMITTED,
        )
        .select_related("campaign", "case")
        .defer(*Campaign.large("campaign__"))
        .order_by("-campaign_id", "rank")
    )


def may_object(sampled: SampledFile, score: Score | None, today: datetime.date) -> bool:
    campaign = sampled.campaign
    return (
        score is not None
        and campaign.recheck_policy == RecheckPolicy.SELECTED
        and campaign.status in Campaign.SCORING_STATES
        and campaign.first_round_closed_at is None
        and today <= objection_deadline(score, campaign)
        and not sampled.objections.exists()  # one objection per file, with all its reasons
    )


@transaction.atomic
def file_objection(sampled: SampledFile, *, actor: User, reasons: str) -> Objection:
    """The evaluated agency objects to the file's first score, with written reasons:
    the file is selected for re-check (``evaluation.objection.filed``,
    ``evaluation.recheck.selected``)."""
    campaign = (
        Campaign.objects.select_for_update().select_related("agency").get(pk=sampled.campaign_id)
    )
    sampled = SampledFile.objects.select_for_update().get(pk=sampled.pk)
    sampled.campaign = campaign
    if not is_agency_side(actor, sampled):
        raise NotFound(_("No such file."), code="objection_not_found")
    score = first_score(sampled)
    if score is None or campaign.recheck_policy != RecheckPolicy.SELECTED:
        raise NotFound(_("No such file."), code="objection_not_found")
    if sampled.objections.exists():
        raise WrongState(
            _("Your agency has objected to this file's first score already."),
            code="objection_twice",
        )
    if not may_object(sampled, score, timezone.localdate()):
        raise WrongState(
            _("The period for objections to this file's first score has ended."),
            code="objection_period_over",
        )
    text = (reasons or "").strip()
    if not text or len(text) > OBJECTION_MAX:
        message = _("Give the reasons for the objection (at most %(n)s characters).") % {
            "n": OBJECTION_MAX
        }
        raise InvalidInput(
            message,
            code="objection_no_reasons",
            problems=[FieldProblem(field="reasons", message=message)],
        )
    objection = Objection(
        sampled=sampled, agency_id=sampled.agency_id, reasons=text, filed_by=actor
    )
    objection.save()
    record(actor=actor, event_type="evaluation.objection.filed", subject=objection)
    _select(sampled, ["objection"], actor, campaign)
    return objection


# -- closing the first round --------------------------------------------------------------


def first_round_state(campaign: Campaign, today: datetime.date | None = None) -> dict:
    """Where the first round stands: ``missing`` first scores, the last objection day
    (``objections_until``), whether it may close today (``due``)."""
    today = today or timezone.localdate()
    scores = _first_scores(campaign)
    total = campaign.sampled.count()
    deadlines = [objection_deadline(s, campaign) for s in scores.values()]
    until = max(deadlines) if deadlines else None
    due = (
        campaign.recheck_policy == RecheckPolicy.SELECTED
        and campaign.status == Campaign.Status.SCORING
        and campaign.first_round_closed_at is None
        and total > 0
        and len(scores) == total
        and until is not None
        and today > until
    )
    return {"missing": total - len(scores), "objections_until": until, "due": due}


@transaction.atomic
def close_first_round(campaign: Campaign, *, actor: User) -> Campaign:
    """Confirm the first scores (确认初评结果): every file not selected for re-check
    becomes final with its first score (``evaluation.campaign.first_round_closed``,
    ``evaluation.fileresult.agreed`` each); the campaign is graded once every file is."""
    from openenforce.evaluation.scoring import grade_when_done

    campaign = Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)
    if not perms.may_manage(actor, campaign.agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body confirm the first scores."),
            code="first_round_not_permitted",
        )
    if campaign.recheck_policy != RecheckPolicy.SELECTED:
        raise WrongState(
            _("This campaign re-checks every file: there is no first round to confirm."),
            code="first_round_not_selected",
        )
    if campaign.first_round_closed_at is not None:
        raise WrongState(_("The first scores are confirmed already."), code="first_round_closed")
    if campaign.status != Campaign.Status.SCORING:
        raise WrongState(
            _("The first scores can be confirmed only while the campaign is being scored."),
            code="first_round_not_scoring",
        )
    state = first_round_state(campaign)
    if state["missing"]:
        raise WrongState(
            _("%(n)s files still wait for their first score.") % {"n": state["missing"]},
            code="first_round_scores_missing",
        )
    if not state["due"]:
        raise WrongState(
            _("The evaluated agencies may object until %(day)s; confirm after that day.")
            % {"day": state["objections_until"]},
            code="first_round_objections_open",
        )
    campaign.first_round_closed_at = timezone.now()
    campaign.save()
    record(actor=actor, event_type="evaluation.campaign.first_round_closed", subject=campaign)
    for score in _first_scores(campaign).values():
        sampled = score.assignment.sampled
        if sampled.recheck_selected_at is not None:
            continue
        result = FileResult(
            sampled=sampled,
            agency=campaign.agency,
            first=score,
            recheck=None,
            status=FileResult.Status.AGREED,
            points=score.points,
            grade=score.grade,
            vetoed=score.vetoed,
        )
        result.save()
        record(actor=actor, event_type="evaluation.fileresult.agreed", subject=result)
    grade_when_done(campaign, actor)
    return campaign
