"""The case-file evaluation result (案卷评查结果) as an indicator: the share of the
agency's files graded 合格 or better (合格率) in the evaluation campaigns whose period
ended in the year.

It counts the files with a final result in ``openenforce.evaluation.results.
agency_summary(campaign)`` (优秀 and 合格 over all graded files, exact counts, not
rounded rates). Where no campaign of the year graded a file of the agency, the indicator
has no data (value None, shown as 无数据, earns nothing and is listed as missing).
Nothing is estimated in its place.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from openenforce.appraisal.registry import MISSING, Measure, Source, ids_digest, register
from openenforce.evaluation import results
from openenforce.evaluation.models import Campaign
from openenforce.supervision.indicators import Period

NO_CAMPAIGN = "no_campaign"


def evaluation_pass_rate(agency_ids, period: Period, today: datetime.date) -> Measure:
    campaigns = (
        Campaign.objects.filter(ends_on__range=period.as_range())
        .defer(*Campaign.large())
        .order_by("pk")
    )
    files = passed = 0
    used: list[int] = []
    for campaign in campaigns:
        if not set(campaign.agency_ids) & agency_ids:
            continue
        for row in results.agency_summary(campaign):
            if row.agency.pk not in agency_ids or not row.files:
                continue
            files += row.files
            passed += row.excellent + row.passed
            used.append(campaign.pk)
    if not files:
        return Measure(None, 0, "", MISSING, NO_CAMPAIGN)
    return Measure(round(100 * passed / files, 1), files, ids_digest(used))


def register_evaluation() -> None:
    register(
        Source(
            "evaluation_pass_rate",
            _("Case files passing evaluation"),
            "percent",
            evaluation_pass_rate,
        )
    )
