"""The charts' data: plain JSON (categories, series, and each point's drill-down link) that
``static/supervision/charts.js`` draws with Apache ECharts. The page passes it with
``json_script`` (no inline script: the site's CSP forbids them)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from openenforce.catalog.models import PenaltyKind
from openenforce.supervision import drills
from openenforce.supervision import indicators as ind


def _url(kind: str, params: dict, key: str = "", **extra) -> str:
    query = {**params, **({"key": key} if key else {}), **extra}
    return f"{reverse('supervision:list', args=[kind])}?{urlencode(query)}"


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def month_label(month: datetime.date) -> str:
    return f"{month.year}-{month.month:02d}"


def trend(monthly: dict, params: dict, drill: str = "filed") -> dict:
    months = monthly["months"]
    links = [
        _url(drill, {**params, "from": m.isoformat(), "to": _month_end(m).isoformat()})
        for m in months
    ]
    return {
        "id": "chart-trend",
        "type": "line",
        "title": _("Cases by month"),
        "categories": [month_label(m) for m in months],
        "series": [
            {"name": _("Filed"), "data": monthly["filed"], "links": links},
            {
                "name": _("Closed"),
                "data": monthly["closed"],
                "links": [_url("closed", {**p_month(params, m)}) for m in months],
            },
            {
                "name": _("Decided"),
                "data": monthly["decided"],
                "links": [_url("decided", {**p_month(params, m)}) for m in months],
            },
        ],
    }


def p_month(params: dict, month: datetime.date) -> dict:
    return {**params, "from": month.isoformat(), "to": _month_end(month).isoformat()}


def fines(monthly: dict, params: dict) -> dict:
    months = monthly["months"]
    return {
        "id": "chart-fines",
        "type": "bar",
        "title": _("Fines decided by month (yuan)"),
        "categories": [month_label(m) for m in months],
        "series": [
            {
                "name": _("Fines (yuan)"),
                "data": [float(v) for v in monthly["fines"]],
                "links": [_url("penalties", p_month(params, m), "fine") for m in months],
            }
        ],
    }


def kinds(decisions: dict, params: dict) -> dict:
    shown = [(c, label) for c, label in PenaltyKind.choices if decisions["by_kind"][c]]
    return {
        "id": "chart-kinds",
        "type": "bar",
        "horizontal": True,
        "title": _("Penalty decisions by kind"),
        "categories": [str(label) for _c, label in shown],
        "series": [
            {
                "name": _("Decisions"),
                "data": [decisions["by_kind"][c] for c, _label in shown],
                "links": [_url("penalties", params, c) for c, _label in shown],
            }
        ],
    }


def deadlines(counts: dict, params: dict) -> dict:
    statuses = ind.DEADLINE_STATUSES
    return {
        "id": "chart-deadlines",
        "type": "pie",
        "title": _("Deadlines falling due"),
        "categories": [str(drills.DEADLINE_STATUS_LABELS[s]) for s in statuses],
        "series": [
            {
                "name": _("Deadlines"),
                "data": [counts[s] for s in statuses],
                "links": [_url("deadlines", params, s) for s in statuses],
            }
        ],
    }


def agencies(rows: list[dict], params: dict) -> dict:
    def links(kind):
        return [_url(kind, {**params, "agency": str(r["agency_id"])}) for r in rows]

    return {
        "id": "chart-agencies",
        "type": "bar",
        "title": _("Agencies side by side"),
        "categories": [r["agency"] for r in rows],
        "series": [
            {"name": _("Filed"), "data": [r["filed"] for r in rows], "links": links("filed")},
            {"name": _("Closed"), "data": [r["closed"] for r in rows], "links": links("closed")},
            {
                "name": _("Decided"),
                "data": [r["decided"] for r in rows],
                "links": links("decided"),
            },
        ],
    }


def dashboard_charts(data: dict, side_by_side: list[dict], params: dict) -> list[dict]:
    found = [
        trend(data["monthly"], params),
        fines(data["monthly"], params),
        kinds(data["decisions"], params),
        deadlines(data["deadlines"], params),
    ]
    if side_by_side:
        found.insert(0, agencies(side_by_side, params))
    return [plain(c) for c in found]


def plain(chart: dict) -> dict:
    """Lazy strings as text (json_script's encoder does not know them)."""
    chart = {**chart, "title": str(chart["title"])}
    chart["series"] = [{**s, "name": str(s["name"])} for s in chart["series"]]
    return chart


def agencies_chart(rows: list[dict], params: dict) -> dict:
    return plain(agencies(rows, params))
