"""Scoring, re-check (复核) and final results of sampled files (docs/evaluation.md §4).

Every change runs in one transaction with its record entries:

- ``open_score``: the assigned evaluator opens the file's score: one ``ItemScore`` per
  rubric item, each machine-keyed item with the record's finding frozen as it stands now
  (``evaluation.score.opened``, ``evaluation.itemscore.opened``). The first score opened
  moves the campaign from drawn to scoring (``evaluation.campaign.scoring``).
- ``save_score``: the evaluator's answers as a draft (``evaluation.score.saved``,
  ``evaluation.itemscore.saved`` for each item changed).
- ``submit_score``: the answers, complete (a veto item answered, a comment for every
  deduction and failed veto, a reason for every answer that contradicts the pre-filled
  finding), and the score fixed (``evaluation.score.submitted``). When both scores of a
  file are in, the file's result is written: agreed (the first evaluator's score stands)
  or disputed (``evaluation.fileresult.agreed`` / ``.disputed``).
- ``settle``: the supervisor decides each item the two scores answered differently, with
  a note (``evaluation.itemsettlement.settled``, ``evaluation.fileresult.settled``).

When the last file of a campaign has its final result, the campaign is graded in the
same transaction (``evaluation.campaign.graded``): no separate closing step.

A file needs settlement when the two submitted scores differ in grade, in any veto item,
or by more points than the campaign's ``recheck_threshold``. Under the campaign's
``selected`` re-check policy only the files selected for re-check get a second score
(``evaluation/recheck.py``); the re-check of any other file is dormant.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.evaluation import checks
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import recheck as selection
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    FileResult,
    ItemScore,
    ItemSettlement,
    RubricItem,
    RubricVersion,
    SampledFile,
    Score,
)
from openenforce.ledger.services import bulk_update_recorded, create_recorded, record

ZERO = Decimal(0)
MAX_COUNT = 1000  # occurrences of one deduction: far beyond any item's points
Kind = RubricItem.Kind


@dataclass(frozen=True)
class Answer:
    """What the evaluator says about one item (as the form parsed it). ``count`` for an
    item deducting per occurrence, ``deducted`` (points) for one without; ``met`` for a
    veto item. Text stays as typed; the service checks it."""

    met: bool | None = None
    count: str | int | None = None
    deducted: str | Decimal | None = None
    comment: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """The supervisor's settlement of one differing item."""

    met: bool | None = None
    deducted: str | Decimal | None = None
    note: str = ""


# -- who may score, and when ------------------------------------------------------------


def is_open(campaign: Campaign, today: datetime.date | None = None) -> bool:
    """Scoring is open while the campaign is drawn or scoring and today within its dates."""
    today = today or timezone.localdate()
    return (
        campaign.status in Campaign.SCORING_STATES
        and campaign.starts_on <= today <= campaign.ends_on
    )


def assignment_to_score(user: User, pk: int, *, today: datetime.date | None = None):
    """The user's own assignment ``pk`` while scoring is open, else None (a 404)."""
    if not user.is_authenticated or not user.is_active:
        return None
    assignment = (
        Assignment.objects.filter(pk=pk, evaluator__user=user)
        .select_related("sampled__campaign__agency", "sampled__case__agency", "evaluator")
        .defer(*Campaign.large("sampled__campaign__"))
        .first()
    )
    if assignment is None or not is_open(assignment.sampled.campaign, today):
        return None
    if selection.is_dormant(assignment):
        return None  # a re-check not (yet) selected: nothing to score
    return assignment


def _require_evaluator(assignment: Assignment, actor: User) -> None:
    if assignment.evaluator.user_id != actor.pk or selection.is_dormant(assignment):
        raise NotFound(_("No such assignment."), code="score_not_found")
    if not is_open(assignment.sampled.campaign):
        raise WrongState(
            _("Scoring is closed: the campaign is not running today."),
            code="score_campaign_closed",
        )


def _lock_campaign(campaign_id: int) -> Campaign:
    return Campaign.objects.select_for_update().select_related("agency").get(pk=campaign_id)


def _frozen(finding: checks.Finding | None) -> dict | None:
    if finding is None:
        return None
    return {
        "met": finding.met,
        "evidence": [
            {"label": str(e.label), "url": e.url, "sequence": e.sequence} for e in finding.evidence
        ],
    }


@transaction.atomic
def open_score(assignment: Assignment, *, actor: User) -> Score:
    """The assignment's score, opened now if it has none: the rubric version the campaign
    froze for the file's procedure, every item with its pre-filled finding frozen."""
    campaign = _lock_campaign(assignment.sampled.campaign_id)
    assignment = (
        Assignment.objects.select_related("sampled__case", "evaluator")
        .select_for_update(of=("self",))
        .get(pk=assignment.pk)
    )
    assignment.sampled.campaign = campaign
    _require_evaluator(assignment, actor)
    existing = Score.objects.filter(assignment=assignment).first()
    if existing is not None:
        return existing
    case = assignment.sampled.case
    version = RubricVersion.objects.get(pk=campaign.rubric_versions[case.procedure])
    score = Score(assignment=assignment, agency=campaign.agency, version=version)
    score.save()
    rows = []
    for item in version.items.order_by("position"):
        prefilled = _frozen(checks.run(item.check_key, case)) if item.check_key else None
        met = prefilled["met"] if prefilled and item.kind == Kind.VETO else None
        rows.append(ItemScore(score=score, item=item, met=met, prefilled=prefilled))
    create_recorded(
        rows, actor=actor, event_type="evaluation.itemscore.opened", agency=campaign.agency
    )
    _total(score)
    score.save()
    record(actor=actor, event_type="evaluation.score.opened", subject=score)
    if campaign.status == Campaign.Status.DRAWN:
        campaign.status = Campaign.Status.SCORING
        campaign.save()
        record(actor=actor, event_type="evaluation.campaign.scoring", subject=campaign)
    return score


# -- answers ----------------------------------------------------------------------------


def _problem(item: RubricItem, message: str) -> FieldProblem:
    return FieldProblem(
        field=f"item-{item.pk}",
        message=_("Item %(code)s: %(message)s") % {"code": item.code, "message": message},
    )


def _refuse(problems: list[FieldProblem], code: str) -> InvalidInput:
    return InvalidInput(problems[0].message, code=code, problems=problems)


def _number(raw, item: RubricItem, problems: list[FieldProblem], *, whole: bool):
    """A count of occurrences (whole, 0…MAX_COUNT) or points deducted (0…the item's
    points, one decimal place) as typed; None with a problem naming the item if bad."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0 if whole else ZERO
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if whole:
        if not value.is_finite() or not 0 <= value <= MAX_COUNT or value % 1:
            message = _("the number of occurrences is a whole number from 0 to 1000.")
            problems.append(_problem(item, message))
            return None
        return int(value)
    if not value.is_finite() or value < 0:
        problems.append(_problem(item, _("the points deducted are a number, 0 or more.")))
        return None
    if value > item.points:
        message = _("at most %(points)s points can be deducted (the item's points).") % {
            "points": item.points
        }
        problems.append(_problem(item, message))
        return None
    if value != value.quantize(Decimal("0.1")):
        problems.append(_problem(item, _("points have at most one decimal place.")))
        return None
    return value


def effective_deduction(item: RubricItem, deducted: Decimal) -> Decimal:
    """What a deduction takes from the item: never more than its points (扣完为止)."""
    return item.points - item.score(deducted)


def _answer_met(item: RubricItem, met: bool | None, deducted: Decimal) -> bool | None:
    """Whether the evaluator's answer says the requirement is met: a veto item as
    answered; a point item when nothing is deducted."""
    if item.kind == Kind.VETO:
        return met
    return effective_deduction(item, deducted) == 0


def _apply(row: ItemScore, answer: Answer, problems: list[FieldProblem]) -> None:
    """Put ``answer`` on ``row`` (bad numbers go to ``problems``)."""
    item = row.item
    if item.kind == Kind.VETO:
        row.met = answer.met
    elif item.deduct_each:
        count = _number(answer.count, item, problems, whole=True)
        if count is not None:
            row.count = count
            row.deducted = min(item.deduct_each * count, item.points)
    else:
        deducted = _number(answer.deducted, item, problems, whole=False)
        if deducted is not None:
            row.deducted = deducted
    row.comment = answer.comment.strip()
    row.override_reason = answer.reason.strip()
    prefilled = (row.prefilled or {}).get("met")
    said = _answer_met(item, row.met, row.deducted)
    row.overridden = prefilled is not None and said is not None and said != prefilled
    if not row.overridden:
        row.override_reason = ""


def _total(score: Score, rows: list[ItemScore] | None = None) -> None:
    rows = rows if rows is not None else list(score.items.select_related("item"))
    points = sum((r.item.score(r.deducted) for r in rows if r.item.kind == Kind.POINTS), ZERO)
    score.points = points
    score.vetoed = any(r.item.kind == Kind.VETO and r.met is False for r in rows)
    score.grade = score.version.grade(points, vetoed=score.vetoed)


def _lock_score(score: Score, actor: User) -> Score:
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("assignment__evaluator", "assignment__sampled__campaign", "version")
        .defer(*Campaign.large("assignment__sampled__campaign__"))
        .get(pk=score.pk)
    )
    _require_evaluator(score.assignment, actor)
    if score.is_submitted:
        raise WrongState(
            _("This score is submitted; it no longer changes."), code="score_submitted"
        )
    return score


def _save(score: Score, actor: User, answers: Mapping[int, Answer]) -> list[ItemScore]:
    rows = list(score.items.select_related("item").order_by("item__position"))
    problems: list[FieldProblem] = []
    changed = []
    for row in rows:
        answer = answers.get(row.item_id)
        if answer is None:
            continue
        before = (
            row.met,
            row.count,
            row.deducted,
            row.comment,
            row.override_reason,
            row.overridden,
        )
        _apply(row, answer, problems)
        after = (row.met, row.count, row.deducted, row.comment, row.override_reason, row.overridden)
        if before != after:
            changed.append(row)
    if problems:
        raise _refuse(problems, "score_bad_answer")
    fields = ["met", "count", "deducted", "comment", "overridden", "override_reason"]
    bulk_update_recorded(
        changed,
        fields,
        actor=actor,
        event_type="evaluation.itemscore.saved",
        agency=score.agency,
    )
    _total(score, rows)
    return rows


@transaction.atomic
def save_score(score: Score, *, actor: User, answers: Mapping[int, Answer]) -> Score:
    """The evaluator's answers kept as a draft (only their form is checked now)."""
    score = _lock_score(score, actor)
    _save(score, actor, answers)
    score.save()
    record(actor=actor, event_type="evaluation.score.saved", subject=score)
    return score


def _complete(rows: list[ItemScore]) -> list[FieldProblem]:
    problems = []
    for row in rows:
        item = row.item
        if item.kind == Kind.VETO and row.met is None:
            problems.append(_problem(item, _("say whether the requirement is met.")))
        deducts = item.kind == Kind.POINTS and effective_deduction(item, row.deducted) > 0
        if (deducts or (item.kind == Kind.VETO and row.met is False)) and not row.comment:
            problems.append(
                _problem(item, _("a comment is required for a deduction or a failed veto item."))
            )
        if row.overridden and not row.override_reason:
            problems.append(
                _problem(
                    item,
                    _("the answer differs from the record's finding: give the reason."),
                )
            )
    return problems


@transaction.atomic
def submit_score(score: Score, *, actor: User, answers: Mapping[int, Answer]) -> Score:
    """The answers, checked complete, and the score submitted for good. The second score
    of a file writes the file's result."""
    campaign = _lock_campaign(score.assignment.sampled.campaign_id)
    score = _lock_score(score, actor)
    rows = _save(score, actor, answers)
    problems = _complete(rows)
    if problems:
        raise _refuse(problems, "score_incomplete")
    score.status = Score.Status.SUBMITTED
    score.submitted_at = timezone.now()
    score.submitted_by = actor
    score.save()
    record(actor=actor, event_type="evaluation.score.submitted", subject=score)
    if score.assignment.role == Assignment.Role.FIRST:
        selection.on_first_submitted(score, campaign, actor)
    _compare(score.assignment.sampled, campaign, actor)
    return score


# -- the file's result ------------------------------------------------------------------


def _item_values(score: Score) -> dict[int, ItemScore]:
    return {r.item_id: r for r in score.items.select_related("item")}


def differing(first: Score, recheck: Score) -> list[tuple[RubricItem, ItemScore, ItemScore]]:
    """The items the two scores answer differently (a veto's answer, a deduction)."""
    ones, twos = _item_values(first), _item_values(recheck)
    rows = []
    for item_id, one in sorted(ones.items(), key=lambda kv: kv[1].item.position):
        two = twos[item_id]
        item = one.item
        if item.kind == Kind.VETO:
            differs = one.met != two.met
        else:
            differs = effective_deduction(item, one.deducted) != effective_deduction(
                item, two.deducted
            )
        if differs:
            rows.append((item, one, two))
    return rows


def needs_settlement(first: Score, recheck: Score, threshold: Decimal) -> bool:
    if first.grade != recheck.grade or abs(first.points - recheck.points) > threshold:
        return True
    return any(item.kind == Kind.VETO for item, _one, _two in differing(first, recheck))


def _compare(sampled: SampledFile, campaign: Campaign, actor: User) -> FileResult | None:
    scores = {
        s.assignment.role: s
        for s in Score.objects.filter(
            assignment__sampled=sampled, status=Score.Status.SUBMITTED
        ).select_related("assignment", "version")
    }
    first = scores.get(Assignment.Role.FIRST)
    second = scores.get(Assignment.Role.RECHECK)
    if first is None or second is None:
        return None
    result = FileResult(sampled=sampled, agency=campaign.agency, first=first, recheck=second)
    if needs_settlement(first, second, campaign.recheck_threshold):
        result.status = FileResult.Status.DISPUTED
        result.save()
        record(actor=actor, event_type="evaluation.fileresult.disputed", subject=result)
        return result
    result.status = FileResult.Status.AGREED
    result.points, result.grade, result.vetoed = first.points, first.grade, first.vetoed
    result.save()
    record(actor=actor, event_type="evaluation.fileresult.agreed", subject=result)
    grade_when_done(campaign, actor)
    return result


def grade_when_done(campaign: Campaign, actor: User) -> None:
    total = SampledFile.objects.filter(campaign=campaign).count()
    final = FileResult.objects.filter(
        sampled__campaign=campaign, status__in=FileResult.FINAL_STATES
    ).count()
    if total and final == total and campaign.status == Campaign.Status.SCORING:
        campaign.status = Campaign.Status.GRADED
        campaign.save()
        record(actor=actor, event_type="evaluation.campaign.graded", subject=campaign)


@transaction.atomic
def settle(result: FileResult, *, actor: User, decisions: Mapping[int, Decision]) -> FileResult:
    """The supervisor's decision on every differing item, each with a note; the file's
    final points, grade and veto follow from the first score with those items replaced."""
    campaign = _lock_campaign(result.sampled.campaign_id)
    if not perms.may_manage(actor, campaign.agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body settle re-checks."),
            code="settle_not_permitted",
        )
    if Assignment.objects.filter(sampled_id=result.sampled_id, evaluator__user=actor).exists():
        raise NotPermitted(
            _("An evaluator of the file does not settle its re-check."),
            code="settle_own_file",
        )
    result = (
        FileResult.objects.select_for_update(of=("self",))
        .select_related("first__version", "recheck")
        .get(pk=result.pk)
    )
    if result.status != FileResult.Status.DISPUTED:
        raise WrongState(_("This file's result is settled already."), code="settle_not_disputed")
    assert result.recheck is not None  # a disputed file has both scores
    problems: list[FieldProblem] = []
    rows = []
    for item, _one, _two in differing(result.first, result.recheck):
        decision = decisions.get(item.pk) or Decision()
        row = ItemSettlement(result=result, item=item, note=decision.note.strip())
        if item.kind == Kind.VETO:
            if decision.met is None:
                problems.append(_problem(item, _("say whether the requirement is met.")))
            row.met = decision.met
        else:
            value = _number(decision.deducted, item, problems, whole=False)
            row.deducted = value if value is not None else ZERO
        if not row.note:
            problems.append(_problem(item, _("give a note for the settlement.")))
        rows.append(row)
    if problems:
        raise _refuse(problems, "settle_incomplete")
    create_recorded(
        rows, actor=actor, event_type="evaluation.itemsettlement.settled", agency=campaign.agency
    )
    values = final_values(result, settlements=rows)
    result.points = sum(
        (v.item.score(v.deducted) for v in values.values() if v.item.kind == Kind.POINTS), ZERO
    )
    result.vetoed = any(v.item.kind == Kind.VETO and v.met is False for v in values.values())
    result.grade = result.first.version.grade(result.points, vetoed=result.vetoed)
    result.status = FileResult.Status.SETTLED
    result.settled_at = timezone.now()
    result.settled_by = actor
    result.save()
    record(actor=actor, event_type="evaluation.fileresult.settled", subject=result)
    grade_when_done(campaign, actor)
    return result


@dataclass(frozen=True)
class FinalValue:
    item: RubricItem
    met: bool | None
    deducted: Decimal
    comment: str
    settled: bool


def final_values(
    result: FileResult, settlements: list[ItemSettlement] | None = None
) -> dict[int, FinalValue]:
    """Per item the answer that stands: the settlement where the supervisor decided,
    otherwise the first evaluator's."""
    if settlements is None:
        settlements = list(result.settlements.all())
    settled = {s.item_id: s for s in settlements}
    values = {}
    for item_id, row in _item_values(result.first).items():
        decision = settled.get(item_id)
        if decision is not None:
            values[item_id] = FinalValue(
                row.item, decision.met, decision.deducted, decision.note, True
            )
        else:
            values[item_id] = FinalValue(row.item, row.met, row.deducted, row.comment, False)
    return values


# -- who sees a score -------------------------------------------------------------------


def may_see(user: User, score: Score) -> bool:
    """A score is seen by its evaluator; by the supervisors of the campaign's body; by
    the file's other evaluator once their own score is submitted (the re-check is
    independent) — and never by anyone whose own score on the file is still open."""
    if score.assignment.evaluator.user_id == user.pk:
        return True
    own = Score.objects.filter(
        assignment__sampled_id=score.assignment.sampled_id, assignment__evaluator__user=user
    ).first()
    mine = Assignment.objects.filter(
        sampled_id=score.assignment.sampled_id, evaluator__user=user
    ).exists()
    if mine and (own is None or not own.is_submitted):
        return False
    return mine or perms.may_manage(user, score.agency_id)
