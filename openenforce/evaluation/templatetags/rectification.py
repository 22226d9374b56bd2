"""``{% rectification_section campaign %}``: the campaign page's section listing its
rectification notices, with the link to draft one (the campaign's supervisors only)."""

from __future__ import annotations

from django import template

from openenforce.evaluation import permissions as perms
from openenforce.evaluation import rectification
from openenforce.evaluation.models import Campaign

register = template.Library()


@register.inclusion_tag("evaluation/rectification_section.html", takes_context=True)
def rectification_section(context, campaign: Campaign) -> dict:
    user = context["request"].user
    manages = perms.may_manage(user, campaign.agency_id)
    notices = (
        rectification.readable(user).filter(campaign=campaign).order_by("notified__code", "pk")
        if manages
        else []
    )
    return {
        "campaign": campaign,
        "manages": manages,
        "notices": notices,
        "may_draft": manages and campaign.status not in rectification.TOO_EARLY,
    }
