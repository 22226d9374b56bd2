"""Pages of the re-check of selected files (docs/evaluation.md §4):

- ``/evaluation/objections/``: the evaluated agency's head and legal staff see each first
  score of their files (points, grade, the problems with the evaluator's comments; not
  the evaluator's name) and object with written reasons while the period is open;
- ``/evaluation/files/<id>/objection/`` (POST): file the objection;
- ``/evaluation/campaigns/<id>/first-round/close/`` (POST): the supervisor confirms the
  first scores (确认初评结果).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import User
from openenforce.core.pages import run_service
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import recheck
from openenforce.evaluation.models import RECHECK_REASONS, RubricItem
from openenforce.evaluation.scoring import effective_deduction


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _problems(score) -> list[dict]:
    rows = []
    for row in score.items.select_related("item").order_by("item__position"):
        item = row.item
        veto = item.kind == RubricItem.Kind.VETO
        deducted = effective_deduction(item, row.deducted) if not veto else None
        if (veto and row.met is False) or (deducted and deducted > 0):
            rows.append({"item": item, "veto": veto, "deducted": deducted, "comment": row.comment})
    return rows


def file_rows(user: User) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for sampled in recheck.objectable_files(user).distinct()[:300]:
        score = recheck.first_score(sampled)
        if score is None:
            continue
        rows.append(
            {
                "file": sampled,
                "score": score,
                "problems": _problems(score),
                "deadline": recheck.objection_deadline(score, sampled.campaign),
                "open": recheck.may_object(sampled, score, today),
                "objections": list(sampled.objections.all()),
                "reasons": [RECHECK_REASONS.get(r, r) for r in sampled.recheck_reasons],
            }
        )
    return rows


@require_GET
def objections(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_role(*recheck.AGENCY_ROLES):
        raise Http404
    return render(request, "evaluation/objections.html", {"rows": file_rows(user)})


@require_POST
def objection_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    sampled = recheck.objectable_files(user).filter(pk=pk).first()
    if sampled is None:
        raise Http404
    reasons = request.POST.get("reasons", "")
    outcome = run_service(
        request,
        lambda: recheck.file_objection(sampled, actor=user, reasons=reasons),
        success=_("The objection is filed: the file will be re-checked."),
    )
    if outcome.error is None:
        return redirect("evaluation:objections")
    context = {"rows": file_rows(user), "typed": {"file": sampled.pk, "reasons": reasons}}
    return render(request, "evaluation/objections.html", context, status=422)


@require_POST
def first_round_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    campaign = perms.readable_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    if not perms.may_manage(user, campaign.agency_id):
        raise PermissionDenied
    run_service(
        request,
        lambda: recheck.close_first_round(campaign, actor=user),
        success=_("The first scores are confirmed: the files not re-checked are final."),
    )
    return redirect("evaluation:campaign", pk=campaign.pk)
