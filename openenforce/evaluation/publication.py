"""The last states of a campaign (docs/evaluation.md §5): graded → published → closed.

- ``publish_report``: the supervising body's supervisor publishes the report (通报) of a
  graded campaign; its digest (``report.digest`` of the full content) is kept on the
  campaign and pinned in the record entry ``evaluation.campaign.published`` (the full and
  the public version's digests as the entry's files). The portal shows it from then on.
- ``close_campaign``: once every rectification notice of the campaign is accepted (none
  drafted, issued, replied or returned), the supervisor closes the campaign
  (``evaluation.campaign.closed``). A refusal names the notices still open.

Both run in one transaction with their record entry. ``trusted`` is for the command
line and the demo (the system actor, not a supervisor).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.core.errors import NotPermitted, WrongState
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import report
from openenforce.evaluation.models import Campaign, RectificationNotice
from openenforce.ledger.services import record

Status = Campaign.Status


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)


def _require_manager(actor: User, campaign: Campaign, trusted: bool) -> None:
    if not trusted and not perms.may_manage(actor, campaign.agency_id):
        raise NotPermitted(
            _("Only the supervisors of the supervising body manage its evaluation campaigns."),
            code="campaign_not_permitted",
        )


@transaction.atomic
def publish_report(campaign: Campaign, *, actor: User, trusted: bool = False) -> Campaign:
    """Publish the report of a graded campaign (every file has its final result)."""
    campaign = _lock(campaign)
    _require_manager(actor, campaign, trusted)
    if campaign.status != Status.GRADED:
        message = (
            _("The report is already published.")
            if campaign.status in Campaign.PUBLIC_STATES
            else _("The report can be published once every drawn file has its final grade.")
        )
        raise WrongState(message, code="campaign_not_graded")
    content = report.build(campaign)
    campaign.report_sha256 = report.digest(content)
    campaign.published_at = timezone.now()
    campaign.published_by = actor
    campaign.status = Status.PUBLISHED
    campaign.save()
    record(
        actor=actor,
        event_type="evaluation.campaign.published",
        subject=campaign,
        files=[campaign.report_sha256, report.digest(report.public(content))],
    )
    return campaign


def open_notices(campaign: Campaign) -> list[RectificationNotice]:
    """The campaign's rectification notices not yet accepted."""
    return list(
        campaign.rectifications.exclude(status=RectificationNotice.Status.ACCEPTED)
        .select_related("notified")
        .order_by("pk")
    )


@transaction.atomic
def close_campaign(campaign: Campaign, *, actor: User, trusted: bool = False) -> Campaign:
    """Close a campaign whose report is published and whose rectification notices are all
    accepted."""
    campaign = _lock(campaign)
    _require_manager(actor, campaign, trusted)
    if campaign.status != Status.PUBLISHED:
        message = (
            _("The campaign is already closed.")
            if campaign.status == Status.CLOSED
            else _("Publish the campaign's report before closing it.")
        )
        raise WrongState(message, code="campaign_not_published")
    pending = open_notices(campaign)
    if pending:
        names = "、".join(
            f"{n.number or _('draft')}（{n.notified.name}：{n.get_status_display()}）"
            for n in pending
        )
        raise WrongState(
            _(
                "The campaign cannot be closed while a rectification notice is not "
                "accepted: %(notices)s."
            )
            % {"notices": names},
            code="campaign_rectification_open",
        )
    campaign.closed_at = timezone.now()
    campaign.closed_by = actor
    campaign.status = Status.CLOSED
    campaign.save()
    record(actor=actor, event_type="evaluation.campaign.closed", subject=campaign)
    return campaign
