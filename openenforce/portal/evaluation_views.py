"""The portal's case-file evaluation reports (评查情况通报, docs/evaluation.md §5): the
published reports of every supervising body, each report in its public form (agencies,
counts, grades, rates, problems by class and item, exemplary files by case number and
agency; no names of parties, officers or evaluators), and its PDF. A campaign whose report
is not published answers 404. Public, cached like the other portal pages."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from openenforce.accounts.models import Agency
from openenforce.evaluation import report, report_files
from openenforce.evaluation.models import Campaign
from openenforce.portal.views import public_page


def _published():
    return (
        Campaign.objects.filter(status__in=Campaign.PUBLIC_STATES)
        .select_related("agency")
        .defer(*Campaign.large())
    )


def _get(pk: int) -> Campaign:
    campaign = _published().filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


@public_page
def evaluation_reports(request):
    rows = list(_published().order_by("-published_at", "-pk"))
    code = request.GET.get("agency", "")
    agency = Agency.objects.filter(code=code).first() if code else None
    if agency is not None:
        rows = [c for c in rows if c.agency_id == agency.pk or agency.pk in c.agency_ids]
    names = dict(Agency.objects.values_list("pk", "name"))
    reports = [
        {"campaign": c, "agencies": [names.get(pk, "") for pk in c.agency_ids]} for c in rows
    ]
    return render(request, "portal/evaluation_reports.html", {"reports": reports, "agency": agency})


@public_page
def evaluation_report(request, pk: int):
    campaign = _get(pk)
    content = report.public(report.build(campaign))
    context = {
        "campaign": campaign,
        "report": report_files.present(content),
        "title": report_files.title(content),
        "digest": report.digest(content),
    }
    return render(request, "portal/evaluation_report.html", context)


@public_page
def evaluation_report_pdf(request, pk: int):
    campaign = _get(pk)
    content = report.public(report.build(campaign))
    response = HttpResponse(
        report_files.pdf(content, campaign, public=True), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="evaluation-report-{campaign.pk}.pdf"'
    return response
