"""Scoring pages (docs/evaluation.md §4): the assigned evaluator scores a file item by
item beside the case file; the supervisor settles a disputed file item by item.

- ``/evaluation/assignments/<id>/score/``: only the assignment's evaluator, while the
  campaign is drawn or scoring and today within its dates (404 for anyone else, and
  after the campaign's end). Opening it opens the score (the pre-filled findings are
  frozen then). The other evaluator's score shows only once this one is submitted.
- ``/evaluation/files/<id>/settle/``: the bureau's supervisors, for a disputed file:
  the differing items side by side, a decision and a note for each.
"""

from __future__ import annotations

from collections import OrderedDict

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openenforce.accounts.models import User
from openenforce.core.pages import run_service
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import scoring
from openenforce.evaluation.models import (
    FileResult,
    Grade,
    ItemScore,
    RubricItem,
    Score,
    problem_class,
)
from openenforce.evaluation.spec import procedure_choices
from openenforce.ledger import state
from openenforce.ledger.models import Entry


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _met(raw: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(raw or "")


def _answers(post, rows: list[ItemScore]) -> dict[int, scoring.Answer]:
    answers = {}
    for row in rows:
        pk = row.item_id
        answers[pk] = scoring.Answer(
            met=_met(post.get(f"met-{pk}")),
            count=post.get(f"count-{pk}"),
            deducted=post.get(f"deducted-{pk}"),
            comment=post.get(f"comment-{pk}", ""),
            reason=post.get(f"reason-{pk}", ""),
        )
    return answers


def _grouped(rows: list[dict]) -> list[dict]:
    groups: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        item = row["item"]
        group = groups.setdefault(item.group, {"label": item.get_group_display(), "rows": []})
        group["rows"].append(row)
    return list(groups.values())


def _rows(score: Score, post=None, other: Score | None = None) -> list[dict]:
    others = {r.item_id: r for r in other.items.all()} if other is not None else {}
    rows = []
    for row in score.items.select_related("item").order_by("item__position"):
        pk = row.item_id
        item = row.item
        shown = {
            "met": row.met,
            "count": row.count if row.count is not None else 0,
            "deducted": row.deducted,
            "comment": row.comment,
            "reason": row.override_reason,
        }
        if post is not None:  # a refused form: show what was typed
            shown = {
                "met": _met(post.get(f"met-{pk}")),
                "count": post.get(f"count-{pk}", ""),
                "deducted": post.get(f"deducted-{pk}", ""),
                "comment": post.get(f"comment-{pk}", ""),
                "reason": post.get(f"reason-{pk}", ""),
            }
        rows.append(
            {
                "item": item,
                "row": row,
                "shown": shown,
                "veto": item.kind == RubricItem.Kind.VETO,
                "prefilled": row.prefilled,
                "points_left": row.points_left,
                "other": others.get(pk),
            }
        )
    return rows


def _other_score(user: User, score: Score) -> Score | None:
    """The file's other score, when this user may see it (their own is submitted)."""
    other = (
        Score.objects.filter(assignment__sampled_id=score.assignment.sampled_id)
        .exclude(pk=score.pk)
        .select_related("assignment__evaluator__user")
        .first()
    )
    if other is None or not score.is_submitted or not other.is_submitted:
        return None
    return other if scoring.may_see(user, other) else None


def _saved(score: Score) -> bool:
    """Whether the evaluator has saved answers: before that the total means nothing."""
    return Entry.objects.filter(
        subject_kind=state.kind_of(Score),
        subject_id=str(score.pk),
        event_type="evaluation.score.saved",
    ).exists()


@require_http_methods(["GET", "POST"])
def score_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assignment = scoring.assignment_to_score(user, pk)
    if assignment is None:
        raise Http404
    score = Score.objects.filter(assignment=assignment).select_related("version").first()
    if score is None:
        score = scoring.open_score(assignment, actor=user)
    status, post = 200, None
    if request.method == "POST":
        answers = _answers(request.POST, list(score.items.select_related("item")))
        submit = request.POST.get("action") == "submit"
        service = scoring.submit_score if submit else scoring.save_score
        outcome = run_service(
            request,
            lambda: service(score, actor=user, answers=answers),
            success=_("The score is submitted.") if submit else _("The draft is saved."),
        )
        if outcome.error is None:
            return redirect("evaluation:score", pk=assignment.pk)
        status, post = 422, request.POST  # refused: nothing was written
        problems = {p.field for p in outcome.error.problems}
    else:
        problems = set()
    score.refresh_from_db()
    other = _other_score(user, score)
    rows = _rows(score, post, other)
    for row in rows:
        row["problem"] = f"item-{row['item'].pk}" in problems
    case = assignment.sampled.case
    context = {
        "assignment": assignment,
        "campaign": assignment.sampled.campaign,
        "case": case,
        "procedure": dict(procedure_choices()).get(case.procedure, case.procedure),
        "score": score,
        "groups": _grouped(rows),
        "other": other,
        "editable": not score.is_submitted,
        "saved": score.is_submitted or _saved(score),
    }
    return render(request, "evaluation/score.html", context, status=status)


def _result_for_manager(request: HttpRequest, pk: int) -> FileResult:
    user = _user(request)
    result = (
        FileResult.objects.select_related(
            "sampled__campaign__agency",
            "sampled__case__agency",
            "first__assignment__evaluator__user",
            "recheck__assignment__evaluator__user",
            "first__version",
        )
        .filter(sampled_id=pk)
        .first()
    )
    if result is None or not perms.may_manage(user, result.sampled.campaign.agency_id):
        raise Http404
    if scoring.Assignment.objects.filter(sampled_id=pk, evaluator__user=user).exists():
        raise Http404  # an evaluator of the file does not settle it
    return result


def _settle_rows(result: FileResult, post=None) -> list[dict]:
    rows: list[dict] = []
    if result.recheck is None:  # final with the first score alone: nothing differs
        return rows
    for item, one, two in scoring.differing(result.first, result.recheck):
        pk = item.pk
        rows.append(
            {
                "item": item,
                "veto": item.kind == RubricItem.Kind.VETO,
                "class": problem_class(item.group),
                "first": one,
                "recheck": two,
                "met": _met(post.get(f"met-{pk}")) if post is not None else one.met,
                "deducted": post.get(f"deducted-{pk}", "") if post is not None else one.deducted,
                "note": post.get(f"note-{pk}", "") if post is not None else "",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def settle_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    result = _result_for_manager(request, pk)
    status, post = 200, None
    if (
        request.method == "POST"
        and result.status == FileResult.Status.DISPUTED
        and result.recheck is not None
    ):
        recheck_score = result.recheck
        decisions = {
            item.pk: scoring.Decision(
                met=_met(request.POST.get(f"met-{item.pk}")),
                deducted=request.POST.get(f"deducted-{item.pk}"),
                note=request.POST.get(f"note-{item.pk}", ""),
            )
            for item, _one, _two in scoring.differing(result.first, recheck_score)
        }
        outcome = run_service(
            request,
            lambda: scoring.settle(result, actor=user, decisions=decisions),
            success=_("The re-check is settled."),
        )
        if outcome.error is None:
            return redirect("evaluation:campaign", pk=result.sampled.campaign_id)
        status, post = 422, request.POST
    context = {
        "result": result,
        "campaign": result.sampled.campaign,
        "case": result.sampled.case,
        "rows": _settle_rows(result, post),
        "settlements": result.settlements.select_related("item"),
        "objections": result.sampled.objections.all(),
        "grades": dict(Grade.choices),
    }
    return render(request, "evaluation/settle.html", context, status=status)
