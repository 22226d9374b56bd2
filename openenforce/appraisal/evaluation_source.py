"""The case-file evaluation result (案卷评查结果) as an indicator: the share of the
agency's files graded 合格 or better (合格率) in the campaigns of the year.

It reads ``openenforce.evaluation.results.agency_summary(campaign)``, imported inside
the function: where that module or the year's campaigns are not there, the indicator has
no data (value None, shown as 无数据, earns nothing and is listed as missing). Nothing is
estimated in its place.

``agency_summary(campaign)`` is expected to answer per agency id (a mapping, or rows
with ``agency_id``) with the files scored (``files``), their mean points
(``mean_points``) and the share passing in percent (``pass_rate``); a summary in any
other shape counts as no data.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from openenforce.appraisal.registry import MISSING, Measure, Source, ids_digest, register
from openenforce.supervision.indicators import Period

NO_MODULE = "no_evaluation_results"
NO_CAMPAIGN = "no_campaign"


def _field(row, *names):
    for name in names:
        if isinstance(row, Mapping) and name in row:
            return row[name]
        if not isinstance(row, Mapping) and hasattr(row, name):
            return getattr(row, name)
    return None


def _row_for(summary, agency_ids: frozenset[int]) -> list:
    """The summary's rows of the agency (and its units)."""
    if isinstance(summary, Mapping):
        return [row for key, row in summary.items() if key in agency_ids]
    rows = []
    for row in summary or ():
        if _field(row, "agency_id", "agency") in agency_ids:
            rows.append(row)
    return rows


def evaluation_pass_rate(agency_ids, period: Period, today: datetime.date) -> Measure:
    try:
        results = importlib.import_module("openenforce.evaluation.results")
        from openenforce.evaluation.models import Campaign
    except ImportError:
        return Measure.missing(NO_MODULE)
    summarize = getattr(results, "agency_summary", None)
    if summarize is None:
        return Measure.missing(NO_MODULE)
    campaigns = Campaign.objects.filter(ends_on__range=period.as_range()).order_by("pk")
    files = passed = 0
    used: list[int] = []
    for campaign in campaigns:
        if not set(campaign.agency_ids) & agency_ids:
            continue
        for row in _row_for(summarize(campaign), agency_ids):
            n, rate = _field(row, "files"), _field(row, "pass_rate")
            if not isinstance(n, int) or n <= 0 or rate is None:
                continue
            files += n
            passed += round(n * float(rate) / 100)
            used.append(campaign.pk)
    if not files:
        return Measure(None, 0, "", MISSING, NO_CAMPAIGN)
    value = round(100 * passed / files, 1)
    return Measure(value, files, ids_digest(used))


def register_evaluation() -> None:
    register(
        Source(
            "evaluation_pass_rate",
            _("Case files passing evaluation"),
            "percent",
            evaluation_pass_rate,
        )
    )
