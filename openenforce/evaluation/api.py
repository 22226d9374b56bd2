"""Case-file evaluation under /api/v1/evaluation/ (token or session):

- the rubrics the caller may read, each with the version in force (or, for the
  supervising body's own staff, the latest draft), and one rubric version with its items;
- the campaigns of the caller's supervising body (its staff), one campaign with its scope,
  strata, evaluators and draw digests, and its drawn sample with the assignments;
- the caller's own assignments as an evaluator;
- a graded campaign's results (per file and per agency), its report as PDF and Excel, and
  the last steps: publishing the report and closing the campaign (its supervisors);
- an objection to a file's first score by the evaluated agency (POST).

Scoped like the pages: another body's rubric or campaign answers 404."""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from openenforce.accounts.models import Agency, User
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound, NotPermitted
from openenforce.core.pagination import Mapped, PageNumber
from openenforce.core.params import Id
from openenforce.evaluation import campaigns, checks, publication, recheck, results
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import Assignment, Campaign, Rubric, RubricVersion, SampledFile

router = Router(tags=["evaluation"])


class VersionOut(Schema):
    id: int
    number: int
    status: str
    title: str
    total_points: Decimal
    excellent_from: Decimal
    passed_from: Decimal
    digest: str
    published_at: datetime.datetime | None


class RubricOut(Schema):
    id: int
    agency: str
    code: str
    procedure: str
    current: VersionOut | None


class ItemOut(Schema):
    code: str
    kind: str
    group: str
    title: str
    points: Decimal
    deduction: str
    deduct_each: Decimal | None
    source: str
    proposal: bool
    check_key: str
    check: str


class VersionDetailOut(VersionOut):
    rubric: str
    procedure: str
    description: str
    items: list[ItemOut]


def _caller(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


def _version(v: RubricVersion | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "id": v.pk,
        "number": v.number,
        "status": v.status,
        "title": v.title,
        "total_points": v.total_points,
        "excellent_from": v.excellent_from,
        "passed_from": v.passed_from,
        "digest": v.digest,
        "published_at": v.published_at,
    }


def _rubric(r: Rubric) -> dict[str, Any]:
    return {
        "id": r.pk,
        "agency": r.agency.code,
        "code": r.code,
        "procedure": r.procedure,
        "current": _version(r.current()),
    }


@router.get("rubrics", response={200: list[RubricOut], **ERRORS}, operation_id="list_rubrics")
@paginate(PageNumber)
def list_rubrics(request: HttpRequest):
    """The rubrics the caller may read, with the version in force (null: none yet)."""
    rows = perms.readable_rubrics(_caller(request)).select_related("agency")
    return Mapped(rows.order_by("agency__code", "code"), _rubric)


@router.get(
    "rubric-versions/{version_id}",
    response={200: VersionDetailOut, **ERRORS},
    operation_id="get_rubric_version",
)
def get_rubric_version(request: HttpRequest, version_id: Id):
    """One rubric version with its items, in order."""
    version = (
        perms.readable_versions(_caller(request))
        .select_related("rubric")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise NotFound(_("No such rubric version."), code="not_found")
    items = [
        {
            **{f: getattr(i, f) for f in ItemOut.model_fields if f != "check"},
            "check": checks.label(i.check_key) if i.check_key else "",
        }
        for i in version.items.order_by("position")
    ]
    return {
        **(_version(version) or {}),
        "rubric": version.rubric.code,
        "procedure": version.rubric.procedure,
        "description": version.description,
        "items": items,
    }


# -- campaigns (docs/evaluation.md §3) --------------------------------------------------


class CampaignOut(Schema):
    id: int
    title: str
    supervising_body: str
    status: str
    agencies: list[str]
    procedures: list[str]
    closed_from: datetime.date
    closed_to: datetime.date
    sample_size: int
    starts_on: datetime.date
    ends_on: datetime.date
    recheck_policy: str
    recheck_threshold: Decimal
    recheck_margin: Decimal
    recheck_share: int
    objection_days: int
    recheck_scores_sha256: str
    first_round_closed_at: datetime.datetime | None


class CampaignStratumOut(Schema):
    stratum: str
    agency: str
    procedure: str
    eligible: int
    to_draw: int
    drawn: int


class CampaignEvaluatorOut(Schema):
    id: str
    name: str
    agency: str


class CampaignDetailOut(CampaignOut):
    strata: list[CampaignStratumOut]
    evaluators: list[CampaignEvaluatorOut]
    recusal_pairs: int
    rubric_versions: dict[str, int]
    announced_at: datetime.datetime | None
    seed_commitment: str
    parameters_sha256: str
    drawn_at: datetime.datetime | None
    seed: str
    result_sha256: str
    draw_export: str
    draw_export_page: str


class SampleAssignmentOut(Schema):
    role: str
    evaluator: str
    name: str


class SampledFileOut(Schema):
    rank: int
    stratum: str
    agency: str
    case_id: int
    case_number: str
    assignments: list[SampleAssignmentOut]
    recheck_reasons: list[str]
    recheck_selected_at: datetime.datetime | None


class MyAssignmentOut(Schema):
    id: int
    role: str
    campaign_id: int
    campaign: str
    ends_on: datetime.date
    rank: int
    stratum: str
    agency: str
    case_id: int
    case_number: str
    case_url: str


def _campaign(c: Campaign) -> dict[str, Any]:
    codes = dict(Agency.objects.filter(pk__in=c.agency_ids).values_list("pk", "code"))
    return {
        "id": c.pk,
        "title": c.title,
        "supervising_body": c.agency.code,
        "status": c.status,
        "agencies": [codes.get(pk, str(pk)) for pk in c.agency_ids],
        "procedures": c.procedures,
        "closed_from": c.closed_from,
        "closed_to": c.closed_to,
        "sample_size": c.sample_size,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        **{f: getattr(c, f) for f in RECHECK_FIELDS},
    }


RECHECK_FIELDS = (
    "recheck_policy",
    "recheck_threshold",
    "recheck_margin",
    "recheck_share",
    "objection_days",
    "recheck_scores_sha256",
    "first_round_closed_at",
)


def _readable_campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = (
        perms.readable_campaigns(_caller(request))
        .select_related("agency")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise NotFound(_("No such campaign."), code="not_found")
    return campaign


@router.get("campaigns", response={200: list[CampaignOut], **ERRORS}, operation_id="list_campaigns")
@paginate(PageNumber)
def list_campaigns(request: HttpRequest):
    """The campaigns of the caller's supervising body (its staff), newest first; empty
    for anyone else."""
    rows = (
        perms.readable_campaigns(_caller(request)).select_related("agency").defer(*Campaign.large())
    )
    return Mapped(rows.order_by("-created_at", "-id"), _campaign)


@router.get(
    "campaigns/{campaign_id}",
    response={200: CampaignDetailOut, **ERRORS},
    operation_id="get_campaign",
)
def get_campaign(request: HttpRequest, campaign_id: Id):
    """One campaign: scope, status, strata with their counts, evaluators, the number of
    recusal pairs frozen, the rubric versions, the commitment and parameters digest once
    announced, the seed and result digest once drawn, and the public draw data's address
    (``draw_export``, empty for a draft)."""
    campaign = _readable_campaign(request, campaign_id)
    drawn = campaign.status in Campaign.SAMPLED_STATES
    evaluators = campaign.evaluators.select_related("user", "agency")
    return {
        **_campaign(campaign),
        "strata": [
            {
                **{k: row[k] for k in ("stratum", "agency", "procedure", "eligible", "drawn")},
                "to_draw": row["size"],
            }
            for row in campaigns.strata(campaign)
        ],
        "evaluators": [
            {
                "id": campaigns.evaluator_id(e),
                "name": e.user.display_name or e.user.username,
                "agency": e.agency.code,
            }
            for e in evaluators
        ],
        "recusal_pairs": campaigns.exclusion_count(campaign),
        "rubric_versions": campaign.rubric_versions,
        "announced_at": campaign.announced_at,
        "seed_commitment": campaign.seed_commitment,
        "parameters_sha256": campaign.parameters_sha256,
        "drawn_at": campaign.drawn_at,
        "seed": campaign.seed if drawn else "",
        "result_sha256": campaign.result_sha256 if drawn else "",
        "draw_export": (
            f"/api/v1/evaluation/campaigns/{campaign.pk}/draw"
            if campaign.status != Campaign.Status.DRAFT
            else ""
        ),
        "draw_export_page": (
            reverse("evaluation:campaign_export", args=[campaign.pk])
            if campaign.status != Campaign.Status.DRAFT
            else ""
        ),
    }


@router.get(
    "campaigns/{campaign_id}/draw",
    response={200: dict[str, Any], **ERRORS},
    operation_id="get_campaign_draw",
)
def get_campaign_draw(request: HttpRequest, campaign_id: Id):
    """The campaign's ``openenforce.draw/1`` export (the lists, the parameters, and the
    seed and result once drawn): ``openenforce evaluation verify-draw`` re-runs it. 404
    for a draft (nothing is committed yet)."""
    campaign = _readable_campaign(request, campaign_id)
    if campaign.status == Campaign.Status.DRAFT:
        raise NotFound(_("The campaign has not been announced."), code="not_found")
    return campaigns.export(campaign)


def _blind(user: User, s: SampledFile) -> bool:
    """An evaluator of the file whose own score is not submitted learns nothing of the
    other score, the reasons for a re-check included (the re-check is independent)."""
    for a in s.assignments.all():
        if a.evaluator.user_id == user.pk:
            score = getattr(a, "score", None)
            return score is None or not score.is_submitted
    return False


def _sampled(s: SampledFile, *, blind: bool = False) -> dict[str, Any]:
    return {
        "rank": s.rank,
        "stratum": s.stratum,
        "agency": s.case.agency.code,
        "case_id": s.case_id,
        "case_number": s.case.number or "",
        "assignments": [
            {
                "role": a.role,
                "evaluator": campaigns.evaluator_id(a.evaluator),
                "name": a.evaluator.user.display_name or a.evaluator.user.username,
            }
            for a in s.assignments.all()
        ],
        "recheck_reasons": [] if blind else s.recheck_reasons,
        "recheck_selected_at": None if blind else s.recheck_selected_at,
    }


@router.get(
    "campaigns/{campaign_id}/sample",
    response={200: list[SampledFileOut], **ERRORS},
    operation_id="get_campaign_sample",
)
@paginate(PageNumber)
def get_campaign_sample(request: HttpRequest, campaign_id: Id):
    """The drawn files in the order of the draw, each with its stratum, case and the
    first evaluator and re-checker the draw named (empty before the draw)."""
    campaign = _readable_campaign(request, campaign_id)
    rows = (
        SampledFile.objects.filter(campaign=campaign)
        .select_related("case__agency")
        .prefetch_related(
            "assignments__evaluator__user", "assignments__evaluator__agency", "assignments__score"
        )
        .order_by("rank")
    )
    user = _caller(request)
    return Mapped(rows, lambda s: _sampled(s, blind=_blind(user, s)))


def _assignment(a: Assignment) -> dict[str, Any]:
    sampled = a.sampled
    return {
        "id": a.pk,
        "role": a.role,
        "campaign_id": sampled.campaign_id,
        "campaign": sampled.campaign.title,
        "ends_on": sampled.campaign.ends_on,
        "rank": sampled.rank,
        "stratum": sampled.stratum,
        "agency": sampled.case.agency.code,
        "case_id": sampled.case_id,
        "case_number": sampled.case.number or "",
        "case_url": reverse("workbench:case", args=[sampled.case_id]),
    }


@router.get(
    "my-assignments",
    response={200: list[MyAssignmentOut], **ERRORS},
    operation_id="list_my_evaluation_assignments",
)
@paginate(PageNumber)
def list_my_assignments(request: HttpRequest):
    """The files the caller is to evaluate: their assignments in drawn campaigns that
    have not ended (the case opens from ``starts_on`` to ``ends_on``)."""
    return Mapped(campaigns.my_assignments(_caller(request)), _assignment)


# -- results, report, publication (docs/evaluation.md §5) -------------------------------


class ResultFileOut(Schema):
    rank: int
    case_id: int
    case_number: str
    agency: str
    procedure: str
    status: str
    points: Decimal | None
    grade: str
    vetoed: bool | None
    problems: int


class ResultAgencyOut(Schema):
    agency: str
    name: str
    sampled: int
    graded: int
    mean_points: Decimal | None
    excellent: int
    passed: int
    failed: int
    excellent_rate: Decimal | None
    pass_rate: Decimal | None


class CampaignResultsOut(Schema):
    campaign_id: int
    status: str
    files: list[ResultFileOut]
    agencies: list[ResultAgencyOut]
    report_sha256: str
    published_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class CampaignStateOut(Schema):
    id: int
    status: str
    report_sha256: str
    published_at: datetime.datetime | None
    closed_at: datetime.datetime | None


def _managed_campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = _readable_campaign(request, campaign_id)
    if not perms.may_manage(_caller(request), campaign.agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body manage its evaluation campaigns."),
            code="campaign_not_permitted",
        )
    return campaign


def _state(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "status": c.status,
        "report_sha256": c.report_sha256,
        "published_at": c.published_at,
        "closed_at": c.closed_at,
    }


@router.get(
    "campaigns/{campaign_id}/results",
    response={200: CampaignResultsOut, **ERRORS},
    operation_id="get_campaign_results",
)
def get_campaign_results(request: HttpRequest, campaign_id: Id):
    """The campaign's results: per sampled file in rank order (points, grade and veto
    once final, null before; the number of problems) and per agency (files sampled and
    graded, mean points, 优秀/合格/不合格 counts, 优秀率/合格率 as fractions). The body's
    supervisors only."""
    campaign = _managed_campaign(request, campaign_id)
    files = [
        {
            "rank": row.sampled.rank,
            "case_id": row.case.pk,
            "case_number": row.case.number or "",
            "agency": row.agency.code,
            "procedure": row.procedure,
            "status": row.status,
            "points": row.points,
            "grade": row.grade,
            "vetoed": row.vetoed,
            "problems": len(row.problems),
        }
        for row in results.file_results(campaign)
    ]
    agencies = [
        {
            "agency": s.agency.code,
            "name": s.agency.name,
            "sampled": s.sampled,
            "graded": s.files,
            "mean_points": s.mean_points,
            "excellent": s.excellent,
            "passed": s.passed,
            "failed": s.failed,
            "excellent_rate": s.excellent_rate,
            "pass_rate": s.pass_rate,
        }
        for s in results.agency_summary(campaign)
    ]
    return {
        **_state(campaign),
        "campaign_id": campaign.pk,
        "files": files,
        "agencies": agencies,
    }


def _binary(kind: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {kind: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _report_file(request: HttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    from openenforce.evaluation.report_views import download

    campaign = _managed_campaign(request, campaign_id)
    if campaign.status not in Campaign.REPORT_STATES:
        raise NotFound(_("The campaign is not graded yet."), code="not_found")
    return download(campaign, fmt)


@router.get(
    "campaigns/{campaign_id}/report.pdf",
    response={200: None, **ERRORS},
    operation_id="get_campaign_report_pdf",
    openapi_extra=_binary("application/pdf", "The report (A4, Chinese)."),
)
def get_campaign_report_pdf(request: HttpRequest, campaign_id: Id):
    """The campaign's report as a PDF (the body's supervisors; 404 before it is
    graded)."""
    return _report_file(request, campaign_id, "pdf")


@router.get(
    "campaigns/{campaign_id}/report.xlsx",
    response={200: None, **ERRORS},
    operation_id="get_campaign_report_xlsx",
    openapi_extra=_binary(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "The report as a workbook (sheets 汇总, 案卷, 问题).",
    ),
)
def get_campaign_report_xlsx(request: HttpRequest, campaign_id: Id):
    """The campaign's report as an Excel workbook (the body's supervisors; 404 before it
    is graded)."""
    return _report_file(request, campaign_id, "xlsx")


@router.post(
    "campaigns/{campaign_id}/publish",
    response={200: CampaignStateOut, **ERRORS},
    operation_id="publish_campaign_report",
)
def publish_campaign_report(request: HttpRequest, campaign_id: Id):
    """Publish the report of a graded campaign (409 otherwise); its digest is pinned in
    the record (``evaluation.campaign.published``) and the portal shows it."""
    campaign = _readable_campaign(request, campaign_id)
    return _state(publication.publish_report(campaign, actor=_caller(request)))


@router.post(
    "campaigns/{campaign_id}/close",
    response={200: CampaignStateOut, **ERRORS},
    operation_id="close_campaign",
)
def close_campaign(request: HttpRequest, campaign_id: Id):
    """Close a campaign whose report is published and whose rectification notices are
    all accepted (409 naming the open notices otherwise)."""
    campaign = _readable_campaign(request, campaign_id)
    return _state(publication.close_campaign(campaign, actor=_caller(request)))


# -- objections to a first score (docs/evaluation.md §4) ----------------------------------


class ObjectionIn(Schema):
    reasons: str


class ObjectionOut(Schema):
    id: int
    campaign_id: int
    rank: int
    case_id: int
    case_number: str
    reasons: str
    filed_at: datetime.datetime
    recheck_reasons: list[str]


@router.post(
    "files/{file_id}/objection",
    response={201: ObjectionOut, **ERRORS},
    operation_id="file_evaluation_objection",
)
def file_objection(request: HttpRequest, file_id: Id, payload: ObjectionIn):
    """The evaluated agency's head or legal staff object to a sampled file's first score
    (``file_id``: the sampled file's id, as on ``/evaluation/objections/``) with written
    reasons, within the campaign's objection period: the file is selected for re-check.
    404 for anyone else; 409 after the period."""
    user = _caller(request)
    sampled = recheck.objectable_files(user).filter(pk=file_id).first()
    if sampled is None:
        raise NotFound(_("No such file."), code="not_found")
    objection = recheck.file_objection(sampled, actor=user, reasons=payload.reasons)
    sampled.refresh_from_db()
    return 201, {
        "id": objection.pk,
        "campaign_id": sampled.campaign_id,
        "rank": sampled.rank,
        "case_id": sampled.case_id,
        "case_number": sampled.case.number or "",
        "reasons": objection.reasons,
        "filed_at": objection.created_at,
        "recheck_reasons": sampled.recheck_reasons,
    }
