"""Staff pages (registries, plans, announce, draw, tasks) and the public draw pages."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Agency, Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.catalog.models import Certificate, Officer
from openenforce.core.pages import run_service
from openenforce.inspections import registry, seeding, selectors, services
from openenforce.inspections.forms import AbsenceForm, ConflictForm, PlanForm, UploadForm
from openenforce.inspections.models import Absence, Conflict, Plan


def _own_agency(request: HttpRequest):
    if request.user.agency is None:
        raise Http404
    return request.user.agency


def _may_manage(user, agency_id: int) -> bool:
    ids = writable_agency_ids(user)
    in_scope = ids is None or agency_id in ids
    return in_scope and (user.is_superuser or user.has_role(Role.ADMIN, Role.HEAD))


# -- staff: plans -------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_user(request.user).prefetch_related("plan_items__item")
    agency = request.user.agency
    context = {
        "plans": plans,
        "may_manage": agency is not None and _may_manage(request.user, agency.pk),
        "overdue": selectors.overdue_tasks(agency.pk) if agency else [],
    }
    return render(request, "inspections/index.html", context)


def plan_new(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    if not _may_manage(request.user, agency.pk):
        raise Http404
    form = PlanForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.create_plan(
                actor=request.user, agency=agency, **form.service_kwargs()
            ),
            success=_("The plan was created."),
        )
        if outcome.ok:
            return redirect("inspections:plan", pk=outcome.result.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, pk)
    items = plan.plan_items.select_related("item__agency", "item__department")
    rows = selectors.task_rows(plan)
    missing = services.missing_consents(plan)
    context = {
        "plan": plan,
        "items": items,
        "rows": rows,
        "missing_consents": missing,
        "may_consent": _may_consent(request.user, plan, missing),
        "may_manage": _may_manage(request.user, plan.agency_id),
        "may_draw": _may_manage(request.user, plan.agency_id)
        and (request.user.is_superuser or request.user.has_role(Role.HEAD)),
        "drawers": _drawers(plan),
        "drawer_role": Role.HEAD.label,
        "counts": _counts(plan),
        **_seed_context(request.user, plan),
    }
    return render(request, "inspections/plan.html", context)


def _seed_context(user, plan: Plan) -> dict:
    """The seed's parties and where the draw stands (docs/draws.md §1), and what the
    user's own bureau may do now (commit while a draft; reveal once witnessed)."""
    gate = seeding.gate(plan) if plan.status == Plan.Status.ANNOUNCED else None
    parties = []
    for agency in seeding.independent_parties(plan):
        share = plan.seed_shares.get(agency.code)
        parties.append({"agency": agency, "share": share})
    mine = next((p for p in parties if p["agency"].pk == user.agency_id), None)
    own_share = mine["share"] if mine is not None else None
    is_bureau = mine is not None and user.has_role(Role.SUPERVISOR)
    return {
        "gate": gate,
        "parties": parties,
        "own_commitment": plan.seed_commitment if plan.status != Plan.Status.DRAFT else "",
        "may_commit": is_bureau and plan.status == Plan.Status.DRAFT and own_share is None,
        "may_reveal": is_bureau
        and gate is not None
        and gate.witnessed is not None
        and own_share is not None
        and not own_share.get("reveal"),
        "awaits_witness": is_bureau and gate is not None and gate.witnessed is None,
        "delay": seeding.describe(seeding.delay(plan)),
    }


def _may_consent(user, plan: Plan, missing: list) -> bool:
    """Whether ``user`` may agree, for their agency, to take part in the joint plan."""
    agency_id = user.agency_id
    if agency_id is None or plan.status != Plan.Status.DRAFT:
        return False
    return agency_id in {agency.pk for agency in missing} and _may_manage(user, agency_id)


def _drawers(plan: Plan) -> list:
    """Who may draw the plan: the agency's active heads (shown to those who may not)."""
    heads = User.objects.filter(
        agency_id=plan.agency_id, is_active=True, role_assignments__role=Role.HEAD
    )
    return list(heads.distinct().order_by("username"))


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "targets": plan.targets_text.count("\n"),
        "inspectors": plan.inspectors_text.count("\n"),
        "exclusions": plan.exclusions_text.count("\n"),
    }


def _plan_step(
    request: HttpRequest, pk: int, service: Callable[..., object], success: str
) -> HttpResponse:
    """Run ``service`` on a plan the user may read, back to the plan's page."""
    plan = selectors.get_plan_for_user(request.user, pk)
    run_service(request, lambda: service(plan, actor=request.user), success=success)
    return redirect("inspections:plan", pk=plan.pk)


@require_POST
def plan_announce(request: HttpRequest, pk: int) -> HttpResponse:
    success = _("The plan is announced; the seed is committed.")
    return _plan_step(request, pk, services.announce_plan, success)


@require_POST
def plan_consent(request: HttpRequest, pk: int) -> HttpResponse:
    success = _("Your agency takes part in the plan; its officers may be drawn.")
    return _plan_step(request, pk, services.consent_to_plan, success)


@require_POST
def seed_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau's commitment: only the SHA-256 of the value it keeps (docs/draws.md §1)."""
    commitment = request.POST.get("commitment", "")
    success = _("Your bureau's commitment is recorded. Keep the value itself until the draw.")
    return _plan_step(
        request,
        pk,
        lambda plan, actor: seeding.commit_share(plan, actor=actor, commitment=commitment),
        success,
    )


@require_POST
def seed_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau reveals its value once the announcement is witnessed."""
    value = request.POST.get("reveal", "")
    success = _("Your bureau's value is revealed and matches its commitment.")
    return _plan_step(
        request,
        pk,
        lambda plan, actor: seeding.reveal_share(plan, actor=actor, reveal=value),
        success,
    )


@require_POST
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """The draw, once the head ticked that they checked the plan: it cannot be undone."""
    if request.POST.get("confirmed") not in ("true", "on", "1"):
        plan = selectors.get_plan_for_user(request.user, pk)
        messages.error(
            request,
            _("Confirm: tick that you checked the plan's lists and parameters before the draw."),
        )
        return redirect("inspections:plan", pk=plan.pk)
    success = _("The draw is done and published; the cases are open.")
    return _plan_step(request, pk, services.draw_plan, success)


# -- staff: registries --------------------------------------------------------------------


@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    rows = selectors.targets_for_user(request.user).filter(agency=agency)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(Q(credit_code__icontains=query) | Q(name__icontains=query))
    page = Paginator(rows.order_by("credit_code"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "form": UploadForm(),
        "may_manage": _may_manage(request.user, agency.pk),
        "total": rows.count(),
    }
    return render(request, "inspections/targets.html", context)


@require_POST
def targets_import(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    if not _may_manage(request.user, agency.pk):
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    context = {"form": form, "summary": None, "refusal": None}
    if form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".csv" if upload.name.lower().endswith(".csv") else ".xlsx"
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"upload{suffix}"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            outcome = run_service(
                request,
                lambda: services.import_targets(
                    path,
                    agency=agency,
                    actor=request.user,
                    filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                ),
                quiet=True,  # the result page lists the refusal's problems itself
            )
            context["summary"], context["refusal"] = outcome.result, outcome.error
    status = 422 if context["refusal"] or not form.is_valid() else 200
    return render(request, "inspections/import_result.html", context, status=status)


@require_GET
def targets_export(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    rows = selectors.targets_for_user(request.user).filter(agency=agency).order_by("credit_code")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in registry.COLUMNS])
    for row in registry.export_rows(rows.iterator()):
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="targets-{agency.code}.csv"'
    return response


@require_GET
def inspectors(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    today = timezone.localdate()
    officers = Officer.objects.filter(agency=agency).order_by("code")
    valid = Certificate.objects.valid_on(today).filter(officer__agency=agency)
    fields_of: dict[int, list[str]] = {}
    for officer_id, name in valid.values_list("officer_id", "fields__name"):
        if name:
            fields_of.setdefault(officer_id, []).append(name)
    context = {
        "rows": [(o, sorted(set(fields_of.get(o.pk, [])))) for o in officers],
        "absences": Absence.objects.filter(agency=agency, ends_on__gte=today).select_related(
            "officer"
        ),
        "conflicts": Conflict.objects.filter(agency=agency).select_related("officer", "target"),
        "absence_form": AbsenceForm(agency=agency),
        "conflict_form": ConflictForm(agency=agency),
        "may_manage": _may_manage(request.user, agency.pk),
        # the officer themself, a head or an administrator declares (services.declare_conflict)
        "may_declare": _may_manage(request.user, agency.pk)
        or officers.filter(user_id=request.user.pk or 0).exists(),
    }
    return render(request, "inspections/inspectors.html", context)


@require_POST
def absence_add(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    form = AbsenceForm(request.POST, agency=agency)
    return _inspectors_form(
        request,
        form,
        lambda data: services.record_absence(
            data["officer"],
            actor=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
        ),
        _("The unavailable period was recorded."),
    )


@require_POST
def conflict_add(request: HttpRequest) -> HttpResponse:
    agency = _own_agency(request)
    form = ConflictForm(request.POST, agency=agency)
    return _inspectors_form(
        request,
        form,
        lambda data: services.declare_conflict(
            data["officer"], actor=request.user, target=form.target, reason=data["reason"]
        ),
        _("The conflict was declared."),
    )


def _inspectors_form(
    request: HttpRequest, form: forms.Form, call: Callable[[dict], object], success: str
) -> HttpResponse:
    """Run ``call`` with a valid form's data, or say what is wrong; back to the list."""
    if form.is_valid():
        data = form.cleaned_data
        run_service(request, lambda: call(data), success=success)
    else:
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect("inspections:inspectors")


# -- public -------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_plans(), 30).get_page(request.GET.get("page"))
    return render(request, "inspections/public_index.html", {"page": page})


@login_not_required
@require_GET
def public_plan(request: HttpRequest, agency: str, code: str) -> HttpResponse:
    plan = selectors.get_public_plan(agency, code)
    rows = selectors.task_rows(plan) if plan.status == Plan.Status.DRAWN else []
    context = {
        "plan": plan,
        "items": plan.plan_items.select_related("item__agency", "item__department"),
        "rows": [(row, selectors.mask_name(row.task.target)) for row in rows],
        "counts": _counts(plan),
        "seed": (plan.drawn_seed() or b"").hex(),
        "digests": services.draw_input(plan).digests(),
        **_public_seed(plan),
    }
    return render(request, "inspections/public_plan.html", context)


def _public_seed(plan: Plan) -> dict:
    """Each party's commitment and (once made) reveal, and the witnessed announcement."""
    commitments = plan.parameters.get("commitments") or {}
    names = dict(Agency.objects.filter(code__in=commitments).values_list("code", "name"))
    reveals = plan.reveals()
    return {
        "algorithm": plan.parameters.get("algorithm", "oe-draw/1"),
        "shares": [
            {
                "party": names.get(code, code),
                "commitment": commitment,
                "reveal": reveals[code].hex() if code in reveals else "",
            }
            for code, commitment in sorted(commitments.items())
        ],
        "witnessed": seeding.witnessed(plan) if commitments else None,
        "delay": seeding.describe(seeding.delay(plan)),
    }


@login_not_required
@require_GET
def public_export(request: HttpRequest, agency: str, code: str) -> JsonResponse:
    plan = selectors.get_public_plan(agency, code)
    response = JsonResponse(
        selectors.public_export(plan), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'inline; filename="draw-{agency}-{code}.json"'
    return response
