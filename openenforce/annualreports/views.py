"""Staff pages: the agency's reports, generate for a year, the report with its tables
(each cell drills down to the cases or officers that make it), the narrative, submit,
approve or return, publish, and the Excel and PDF downloads. Scoped: a user sees the
reports of the agencies they may read and changes only their own agency's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import User
from openenforce.accounts.permissions import get_for_user, scope
from openenforce.annualreports import exports, services, tables
from openenforce.annualreports import permissions as perms
from openenforce.annualreports.forms import GenerateForm, NarrativeForm, ReviewForm
from openenforce.annualreports.models import AnnualReport
from openenforce.annualreports.present import layout
from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.catalog.models import Officer
from openenforce.core.pages import run_service, submit


def _user(request: HttpRequest) -> User:
    """The logged-in staff member who may read annual reports, else 403."""
    user = request.user
    if not isinstance(user, User) or not (user.is_superuser or user.has_role(*perms.READERS)):
        raise PermissionDenied
    return user


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    queryset = AnnualReport.objects.select_related("agency")
    return get_for_user(queryset, _user(request), pk=pk)


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    reports = scope(AnnualReport.objects.select_related("agency"), user)
    this_year = timezone.localdate().year
    context = {
        "reports": reports.order_by("agency__name", "-year"),
        "may_prepare": user.agency_id is not None and perms.may_prepare(user, user.agency_id),
        "last_year": this_year - 1,
        "this_year": this_year,
    }
    return render(request, "annualreports/list.html", context)


@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    agency = _user(request).agency
    if agency is None:
        raise PermissionDenied
    form = GenerateForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda data: services.generate(agency, data["year"], actor=request.user),
        success=_("The report was computed from the record."),
    )
    if outcome.result is not None:
        return redirect("annualreports:detail", pk=outcome.result.pk)
    return redirect("annualreports:list")


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user, agency_id = _user(request), report.agency_id
    context = {
        "report": report,
        "title": exports.title(report),
        "tables": layout(report.data),
        "may_prepare": perms.may_prepare(user, agency_id),
        "may_approve": perms.may_approve(user, agency_id),
        "may_publish": perms.may_publish(user, agency_id),
    }
    return render(request, "annualreports/detail.html", context)


@require_POST
def narrative(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = NarrativeForm(request.POST)
    submit(
        request,
        form,
        lambda data: services.save_narrative(
            report, actor=request.user, narrative=data["narrative"]
        ),
        success=_("The narrative was saved."),
    )
    return redirect("annualreports:detail", pk=report.pk)


@require_POST
def submit_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    run_service(
        request,
        lambda: services.submit(report, actor=request.user),
        success=_("The report was submitted for review."),
    )
    return redirect("annualreports:detail", pk=report.pk)


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReviewForm(request.POST)
    if request.POST.get("decision") == "return":
        call = lambda data: services.return_to_draft(  # noqa: E731
            report, actor=request.user, note=data["note"]
        )
        done = _("The report was returned to draft.")
    else:
        call = lambda data: services.approve(report, actor=request.user, note=data["note"])  # noqa: E731
        done = _("The report was approved.")
    submit(request, form, call, success=done)
    return redirect("annualreports:detail", pk=report.pk)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    run_service(
        request,
        lambda: services.publish(report, actor=request.user),
        success=_("The report was published on the portal."),
    )
    return redirect("annualreports:detail", pk=report.pk)


@require_GET
def cell(request: HttpRequest, pk: int, table: str, unit: str, column: str) -> HttpResponse:
    """The cases (or officers) that make one cell, listed by the cell's counting rule
    run over the record now; a note says so when they are no longer those the stored
    figure was computed from (their digest differs)."""
    report = _report(request, pk)
    spec = tables.BY_KEY.get(table)
    found = tables.cell(report.data, table, unit, column)
    if spec is None or found is None:
        raise Http404
    column_spec = next((c for c in spec.columns if c.key == column), None)
    units = {u["code"]: u["name"] for u in report.data.get("units", [])}
    units[tables.TOTAL] = _("Total")
    if column_spec is None or unit not in units:
        raise Http404
    agency_ids = [u["id"] for u in report.data.get("units", [])]
    ids = tables.cell_ids(report.data, table, unit, column) or []
    changed = "digest" in found and tables.ids_digest(ids) != found["digest"]
    if spec.items == "officer":
        items = list(Officer.objects.filter(pk__in=ids, agency_id__in=agency_ids))
    else:
        rows = Case.objects.filter(pk__in=ids, agency_id__in=agency_ids)
        cases = list(rows.order_by("decided_on", "id"))
        for case in cases:  # the procedure by its name, as the case pages say it
            lifecycle = lifecycles.get(case.procedure)
            case.procedure_label = str(lifecycle.label) if lifecycle else case.procedure
        items = cases
    context = {
        "report": report,
        "title": exports.title(report),
        "table_title": spec.title,
        "column_label": column_spec.label,
        "unit_label": units[unit],
        "cell": found,
        "items": items,
        "kind": spec.items,
        "missing": len(ids) - len(items),
        "changed": changed,
    }
    return render(request, "annualreports/cell.html", context)


@require_GET
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored report compared with a fresh computation from the record (what
    ``openenforce annual-report recompute`` does): the differing cells, if any."""
    report = _report(request, pk)
    fresh = tables.compute(report.agency, report.year)
    context = {
        "report": report,
        "title": exports.title(report),
        "intact": tables.digest(report.data) == report.digest,
        "differences": tables.differences(report.data, fresh),
    }
    return render(request, "annualreports/check.html", context)


def download(report: AnnualReport, kind: str) -> HttpResponse:
    if kind == "xlsx":
        body = exports.excel(report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = exports.pdf(report), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, kind)}"'
    return response


@require_GET
def excel(request: HttpRequest, pk: int) -> HttpResponse:
    return download(_report(request, pk), "xlsx")


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return download(_report(request, pk), "pdf")
