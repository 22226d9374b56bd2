"""The public statistics (the portal's statistics page): per agency and year, counts and
amounts only — never a name, a party or a case — computed like the dashboard's."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency
from openenforce.cases.models import Case
from openenforce.catalog.models import PenaltyKind
from openenforce.disclosure.models import Publication
from openenforce.inspections.models import Task
from openenforce.supervision import charts
from openenforce.supervision import indicators as ind

FIRST_YEAR = 2000


def _zero():
    return Value(0, output_field=ind.yuan_output())


def agency_rows(period: ind.Period, agencies) -> list[dict]:
    """Per agency: cases filed and closed, penalty decisions, fines and confiscations, drawn
    inspection tasks, decisions made public. Three grouped queries."""
    within = period.as_range()
    penalty = Q(decided_on__range=within, outcome=Case.Outcome.PENALTY)
    cases = {
        r["agency_id"]: r
        for r in Case.objects.filter(
            Q(filed_on__range=within) | Q(closed_on__range=within) | Q(decided_on__range=within)
        )
        .values("agency_id")
        .annotate(
            filed=Count("pk", filter=Q(filed_on__range=within)),
            closed=Count("pk", filter=Q(closed_on__range=within)),
            penalties=Count("pk", filter=penalty),
            fines=Coalesce(Sum("proposed_fine", filter=penalty), _zero()),
            confiscations=Coalesce(Sum("proposed_confiscation", filter=penalty), _zero()),
        )
        .order_by()
    }
    tasks = {
        r["agency_id"]: r["count"]
        for r in Task.objects.filter(
            plan__period_start__lte=period.end, plan__period_end__gte=period.start
        )
        .values("agency_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    published = {
        r["agency_id"]: r["count"]
        for r in Publication.objects.filter(published_at__date__range=within)
        .values("agency_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    rows = []
    for agency in agencies:
        found = cases.get(agency.pk, {})
        rows.append(
            {
                "agency_id": agency.pk,
                "agency": agency.name,
                "code": agency.code,
                "filed": found.get("filed", 0),
                "closed": found.get("closed", 0),
                "penalties": found.get("penalties", 0),
                "fines": found.get("fines", 0),
                "confiscations": found.get("confiscations", 0),
                "inspections": tasks.get(agency.pk, 0),
                "published": published.get(agency.pk, 0),
            }
        )
    return rows


def enforcing_agencies():
    """The agencies that hold enforcement powers (matters in their catalogue): a body
    without any, such as the supervising justice bureau here, has no figures to show."""
    return Agency.objects.filter(fields__matters__isnull=False).distinct().order_by("code")


def statistics(year: int, agency: Agency | None = None) -> dict:
    """A year's public figures: every agency's row, and for the whole (or one agency) the
    monthly trend and the penalty decisions by kind."""
    period = ind.Period.year(year)
    agencies = list(enforcing_agencies()) if agency is None else [agency]
    scope = ind.Scope(None if agency is None else frozenset({agency.pk}))
    with ind.analytic_queries():
        figures = ind.case_figures(scope, period)
    monthly = ind.monthly(scope, period, figures)
    kinds = ind.decisions(scope, period, figures)["by_kind"]
    rows = agency_rows(period, agencies)
    months = monthly["months"]
    chart_months = [charts.month_label(m) for m in months]
    trend = {
        "id": "chart-trend",
        "type": "line",
        "title": _("Cases by month"),
        "categories": chart_months,
        "series": [
            {"name": _("Filed"), "data": monthly["filed"], "links": []},
            {"name": _("Closed"), "data": monthly["closed"], "links": []},
            {"name": _("Decided"), "data": monthly["decided"], "links": []},
        ],
    }
    shown = [(c, str(label)) for c, label in PenaltyKind.choices if kinds[c]]
    by_kind = {
        "id": "chart-kinds",
        "type": "bar",
        "horizontal": True,
        "title": _("Penalty decisions by kind"),
        "categories": [label for _c, label in shown],
        "series": [{"name": _("Decisions"), "data": [kinds[c] for c, _l in shown], "links": []}],
    }
    by_agency = {
        "id": "chart-agencies",
        "type": "bar",
        "title": _("Agencies side by side"),
        "categories": [r["agency"] for r in rows],
        "series": [
            {"name": _("Filed"), "data": [r["filed"] for r in rows], "links": []},
            {"name": _("Closed"), "data": [r["closed"] for r in rows], "links": []},
            {"name": _("Penalty decisions"), "data": [r["penalties"] for r in rows], "links": []},
        ],
    }
    return {
        "year": year,
        "rows": rows,
        "monthly": [
            {
                "month": m,
                "filed": monthly["filed"][i],
                "closed": monthly["closed"][i],
                "decided": monthly["decided"][i],
            }
            for i, m in enumerate(months)
        ],
        "kinds": [{"label": label, "count": kinds[c]} for c, label in shown],
        "charts": [charts.plain(c) for c in (by_agency, trend, by_kind)],
    }


def years(today: datetime.date) -> list[int]:
    """The years offered: from the first case's year to this one (at most ten)."""
    first = Case.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
    start = max(first.year if first else today.year, today.year - 9, FIRST_YEAR)
    return list(range(today.year, start - 1, -1))
