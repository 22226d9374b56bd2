"""The portal's annual enforcement data reports: each agency's published reports, a
report page with its tables and narrative, and its Excel and PDF downloads (public,
cached like the other portal pages)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from openenforce.annualreports import exports
from openenforce.annualreports.models import AnnualReport
from openenforce.annualreports.present import layout
from openenforce.annualreports.views import download
from openenforce.portal.views import public_page


def _published():
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related(
        "agency"
    )


def _get(pk: int) -> AnnualReport:
    report = _published().filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@public_page
def annual_reports(request):
    reports = _published().order_by("agency__name", "-year")
    code = request.GET.get("agency", "")
    if code:
        reports = reports.filter(agency__code=code)
    return render(request, "portal/annual_reports.html", {"reports": reports})


@public_page
def annual_report(request, pk: int):
    report = _get(pk)
    context = {"report": report, "title": exports.title(report), "tables": layout(report.data)}
    return render(request, "portal/annual_report.html", context)


@public_page
def annual_report_file(request, pk: int, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    return download(_get(pk), fmt)
