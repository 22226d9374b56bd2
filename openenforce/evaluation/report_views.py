"""Staff pages of the campaign report (docs/evaluation.md §5): the PDF and the Excel
workbook, publishing the report and closing the campaign.

The supervising body's supervisors (``permissions.may_manage``) get the full report of
a graded campaign in both formats; the head and legal staff of an evaluated agency get
the PDF once the report is published; anyone else gets 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Role, User
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import publication, report, report_files
from openenforce.evaluation.campaign_views import _change, _user
from openenforce.evaluation.models import Campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_download(user: User, campaign: Campaign, fmt: str) -> bool:
    """Whether ``user`` may download the report of ``campaign`` in ``fmt``."""
    if campaign.status not in Campaign.REPORT_STATES:
        return False
    if perms.may_manage(user, campaign.agency_id):
        return True
    return bool(
        fmt == "pdf"
        and campaign.status in Campaign.PUBLIC_STATES
        and user.agency_id in campaign.agency_ids
        and user.has_role(Role.HEAD, Role.REVIEWER)
    )


def download(campaign: Campaign, fmt: str) -> HttpResponse:
    content = report.build(campaign)
    if fmt == "pdf":
        body, kind = report_files.pdf(content, campaign), "application/pdf"
    else:
        body, kind = report_files.xlsx(content), XLSX
    response = HttpResponse(body, content_type=kind)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="campaign-{campaign.pk}-report.{fmt}"'
    )
    return response


@require_GET
def campaign_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = _user(request)
    campaign = Campaign.objects.select_related("agency").filter(pk=pk).first()
    if fmt not in ("pdf", "xlsx") or campaign is None or not may_download(user, campaign, fmt):
        raise Http404
    return download(campaign, fmt)


@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda campaign, user: publication.publish_report(campaign, actor=user),
        _("The report is published; the portal shows it."),
    )


@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda campaign, user: publication.close_campaign(campaign, actor=user),
        _("The campaign is closed."),
    )
