"""The inspections part of the REST API (mounted by openenforce.api at /api/v1/inspections/).

Staff: plans with their draw parameters and tasks; announce and draw through the
services. Public (no login): the draw export (``openenforce.draw/1``) and a verifier
that re-runs a posted export.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import InvalidInput
from openenforce.inspections import seeding, selectors, services

router = Router(tags=["inspections"])


class PlanOut(Schema):
    id: int
    agency: str
    code: str
    title: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    ratios: dict[str, int]
    scope: dict[str, list[str]]
    parameters_sha256: str
    seed_commitment: str
    result_sha256: str
    public_url: str


class TaskOut(Schema):
    rank: int
    credit_code: str
    name: str
    stratum: str
    inspectors: list[str]
    case_id: int | None
    case_number: str
    status: str
    publication_due: datetime.date | None
    published_on: datetime.date | None
    overdue: bool


class ShareOut(Schema):
    """An independent party's share of the seed (docs/draws.md §1)."""

    party: str = Field(description="the justice bureau's agency code")
    commitment: str
    committed_at: str
    reveal: str = Field(description="empty until revealed")
    revealed_at: str


class DrawGateOut(Schema):
    witnessed_at: datetime.datetime | None = Field(
        description="when the witnesses' quorum cosigned a checkpoint holding the announcement"
    )
    earliest_draw: datetime.datetime | None
    waiting_for: list[str] = Field(description="parties yet to reveal")
    reasons: list[str] = Field(description="why the draw cannot run now; empty: it can")


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]
    consents_missing: list[str]  # codes of the agencies yet to agree to a joint plan
    independent_parties: list[str] = Field(description="bureaus holding a share of the seed")
    shares: list[ShareOut]
    draw_gate: DrawGateOut | None


class CommitIn(Schema):
    commitment: str = Field(description="hex SHA-256 of the bureau's secret 32-byte value")


class RevealIn(Schema):
    reveal: str = Field(description="the bureau's secret 32-byte value, in hexadecimal")


class OrderOut(Schema):
    ok: bool
    witnesses: list[str]
    witnessed_at: str | None
    drawn_at: str | None


class VerificationOut(Schema):
    """The verifier's answer (docs/draws.md §7): ``consistent`` — the export agrees with
    itself (list digests, parameters digest, seed commitment, the re-run result);
    ``authentic`` — its parameters digest and seed commitment were compared with those
    published at the announcement (``announced``, or this installation's own record for
    one of its plans or campaigns) and match; ``ok`` only when both hold."""

    ok: bool = Field(description="true only when the export is both consistent and authentic")
    consistent: bool = Field(description="the export agrees with itself and the draw re-runs")
    authentic: bool = Field(
        description="compared with what was published at the announcement, and the same"
    )
    checked: list[str] = Field(
        description='what was checked: "consistency", and "authenticity" when compared'
    )
    authenticity_basis: list[str] = Field(
        description='what the export was compared with: "announced" (the query parameter), '
        '"record" (this installation\'s announcement record); empty when not checked'
    )
    summary: dict[str, str] = Field(description="the verdict in plain words: zh-hans and en")
    drawn: int
    parameters_sha256: str
    differences: list[str]
    order: OrderOut | None = Field(
        None,
        description="oe-draw/2: whether the export proves the announcement was witnessed "
        "before the reveals and the draw (checked with this installation's log key and "
        "configured witnesses)",
    )


def _plan(plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "agency": plan.agency.code,
        "code": plan.code,
        "title": plan.title,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "ratios": plan.ratios,
        "scope": plan.scope,
        "parameters_sha256": plan.parameters_sha256,
        "seed_commitment": plan.seed_commitment,
        "result_sha256": plan.result_sha256,
        "public_url": f"/inspections/public/{plan.agency.code}/{plan.code}/"
        if plan.status != "draft"
        else "",
    }


def _detail(plan) -> dict[str, Any]:
    tasks = [
        {
            "rank": row.task.rank,
            "credit_code": row.task.target.credit_code,
            "name": row.task.target.name,
            "stratum": row.task.stratum,
            "inspectors": row.task.inspectors,
            "case_id": row.task.case_id,
            "case_number": row.task.case.number if row.task.case else "",
            "status": row.status,
            "publication_due": row.due_on,
            "published_on": row.published_on,
            "overdue": row.overdue,
        }
        for row in selectors.task_rows(plan)
    ]
    missing = [agency.code for agency in services.missing_consents(plan)]
    shares = [{"party": code, **share} for code, share in sorted(plan.seed_shares.items())]
    gate = None
    if plan.status == "announced":
        found = seeding.gate(plan)
        gate = {
            "witnessed_at": found.witnessed.at if found.witnessed else None,
            "earliest_draw": found.earliest,
            "waiting_for": found.waiting_for,
            "reasons": found.reasons,
        }
    return {
        **_plan(plan),
        "tasks": tasks,
        "consents_missing": missing,
        "independent_parties": [a.code for a in seeding.independent_parties(plan)],
        "shares": shares,
        "draw_gate": gate,
    }


@router.get("plans", response={200: list[PlanOut], **ERRORS}, operation_id="list_plans")
def list_plans(request: HttpRequest):
    """The random-inspection plans the caller may read."""
    return [_plan(p) for p in selectors.plans_for_user(request.auth).order_by("-id")[:500]]


@router.get("plans/{int:plan_id}", response={200: PlanDetailOut, **ERRORS}, operation_id="get_plan")
def get_plan(request: HttpRequest, plan_id: int):
    """One plan with its parameters, digests and tasks (with their cases and results)."""
    return _detail(selectors.get_plan_for_user(request.auth, plan_id))


@router.post(
    "plans/{int:plan_id}/announce",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="announce_plan",
)
def announce_plan(request: HttpRequest, plan_id: int):
    """Freeze the lists and commit to the seed (agency head or administrator)."""
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    return _detail(services.announce_plan(plan, actor=request.auth))


@router.post(
    "plans/{int:plan_id}/consent",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="consent_to_plan",
)
def consent_to_plan(request: HttpRequest, plan_id: int):
    """The caller's agency agrees to take part in another agency's joint plan that lists
    its items (its administrator or head); until then none of its officers is drawn."""
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    services.consent_to_plan(plan, actor=request.auth)
    return _detail(selectors.get_plan_for_user(request.auth, plan_id))


@router.post(
    "plans/{int:plan_id}/seed-commitment",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="commit_seed_share",
)
def commit_seed_share(request: HttpRequest, plan_id: int, body: CommitIn):
    """A supervising justice bureau's supervisor commits to the bureau's share of the seed
    (only its SHA-256; while the plan is a draft; once)."""
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    seeding.commit_share(plan, actor=request.auth, commitment=body.commitment)
    return _detail(selectors.get_plan_for_user(request.auth, plan_id))


@router.post(
    "plans/{int:plan_id}/seed-reveal",
    response={200: PlanDetailOut, **ERRORS},
    operation_id="reveal_seed_share",
)
def reveal_seed_share(request: HttpRequest, plan_id: int, body: RevealIn):
    """The bureau reveals its value once the announcement is witnessed; refused (422)
    when it does not hash to the commitment."""
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    seeding.reveal_share(plan, actor=request.auth, reveal=body.reveal)
    return _detail(selectors.get_plan_for_user(request.auth, plan_id))


@router.post(
    "plans/{int:plan_id}/draw", response={200: PlanDetailOut, **ERRORS}, operation_id="draw_plan"
)
def draw_plan(request: HttpRequest, plan_id: int):
    """Reveal the seed, draw, and open the inspection cases (agency head)."""
    plan = selectors.get_plan_for_user(request.auth, plan_id)
    return _detail(services.draw_plan(plan, actor=request.auth))


@router.get(
    "public/{agency}/{code}/draw",
    auth=None,
    response={200: dict[str, Any], **ERRORS},
    operation_id="public_draw_export",
)
def public_draw(request: HttpRequest, agency: str, code: str):
    """Everything needed to re-run an announced or drawn plan (docs/draws.md §7)."""
    return selectors.public_export(selectors.get_public_plan(agency, code))


@router.post(
    "public/verify",
    auth=None,
    response={200: VerificationOut, **ERRORS},
    operation_id="verify_draw",
)
def verify_draw(request: HttpRequest, announced: str = ""):
    """Re-run the draw export posted as the request body (JSON) and say what was checked.

    ``consistent``: the export agrees with itself. ``authentic``: its parameters digest and
    seed commitment match what was published at the announcement — ``announced`` (query:
    the parameters digest published then) and, for a plan or campaign of this installation,
    its own announcement record, looked up automatically. ``ok`` only when both hold; a
    self-consistent export of an unknown draw without ``announced`` is consistent only."""
    try:
        export = json.loads(request.body)
    except ValueError:
        raise InvalidInput(_("The body is not JSON."), code="draw_bad_export") from None
    return selectors.verify_export(export, announced=announced.strip().lower())
