"""The scorecards as the pages and the workbook show them: per indicator the value in
words, the points earned and the supervision list behind the value."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from openenforce.appraisal import registry
from openenforce.appraisal.evaluation_source import NO_CAMPAIGN
from openenforce.appraisal.models import Indicator, Scheme, Scorecard


def notes() -> dict[str, str]:
    return {
        NO_CAMPAIGN: _("No evaluation campaign of the year has results for the agency."),
        "unregistered": _("No computed indicator of this name exists."),
    }


def value_text(indicator: Indicator, row: dict | None) -> str:
    """The value as read: a percentage, a number of items, points entered; 无数据 (no
    data) or 无相关事项 (nothing to measure)."""
    row = row or {}
    status, value = row.get("status"), row.get("value")
    if status == registry.NONE:
        return _("Nothing to measure")
    if status != registry.OK or value is None:
        return _("No data")
    if indicator.is_manual:
        return str(value)
    source = registry.get(indicator.key)
    if source is not None and source.unit == "percent":
        return f"{value}%"
    return str(value)


def drill_url(indicator: Indicator, scorecard: Scorecard) -> str:
    """The supervision list of the items behind the value, for the agency and year."""
    source = registry.get(indicator.key)
    if indicator.is_manual or source is None or source.drill is None:
        return ""
    kind, key = source.drill
    year = scorecard.scheme.year
    query = {"agency": scorecard.agency_id, "from": f"{year}-01-01", "to": f"{year}-12-31"}
    if key:
        query["key"] = key
    return f"{reverse('supervision:list', args=[kind])}?{urlencode(query)}"


def cells(scheme_indicators: list[Indicator], scorecard: Scorecard) -> list[dict]:
    found = []
    texts = notes()
    for indicator in scheme_indicators:
        row = scorecard.values.get(indicator.key) or {}
        found.append(
            {
                "indicator": indicator,
                "value": value_text(indicator, row),
                "earned": row.get("earned"),
                "status": row.get("status") or registry.MISSING,
                "count": row.get("count"),
                "digest": row.get("digest", ""),
                "note": texts.get(row.get("note", ""), ""),
                "url": drill_url(indicator, scorecard),
                "entered": scorecard.manual.get(indicator.key),
            }
        )
    return found


def missing(scheme_indicators: list[Indicator], scorecard: Scorecard) -> list[Indicator]:
    """The indicators without data on the scorecard (they earn nothing)."""
    return [
        i
        for i in scheme_indicators
        if (scorecard.values.get(i.key) or {}).get("status", registry.MISSING) == registry.MISSING
    ]


def parts(scheme: Scheme) -> list[dict]:
    """The scheme's parts in the order of their indicators (the scheme file's order):
    not the order of the weights' keys, which PostgreSQL's jsonb does not keep."""
    first: dict[str, int] = {}
    for part, position in scheme.indicators.order_by("position").values_list("part", "position"):
        first.setdefault(part, position)
    codes = sorted(scheme.weights, key=lambda code: (first.get(code, 1 << 30), code))
    return [
        {"code": code, "title": scheme.parts.get(code, code), "weight": scheme.weights[code]}
        for code in codes
    ]


def table(scheme: Scheme, scorecards: list[Scorecard]) -> dict:
    indicators = list(scheme.indicators.all())
    return {
        "indicators": indicators,
        "parts": parts(scheme),
        "rows": [
            {
                "card": card,
                "cells": cells(indicators, card),
                "parts": [{**p, "points": card.part_points.get(p["code"])} for p in parts(scheme)],
            }
            for card in scorecards
        ],
    }


def workbook_rows(scheme: Scheme, scorecards: list[Scorecard]) -> tuple[list, list[dict]]:
    """The side-by-side table as the columns and rows of ``supervision.drills.to_xlsx``."""
    data = table(scheme, scorecards)
    columns: list[tuple[str, object]] = [("agency", _("Agency")), ("status", _("Status"))]
    for indicator in data["indicators"]:
        columns.append((f"v:{indicator.key}", f"{indicator.title} · {_('value')}"))
        columns.append((f"p:{indicator.key}", f"{indicator.title} · {_('points')}"))
    for part in data["parts"]:
        columns.append((f"part:{part['code']}", f"{part['title']}（{part['weight']}）"))
    columns.append(("total", _("Total")))
    rows = []
    for row in data["rows"]:
        card = row["card"]
        out = {"agency": card.agency.name, "status": card.get_status_display()}
        for cell in row["cells"]:
            key = cell["indicator"].key
            out[f"v:{key}"] = cell["value"]
            out[f"p:{key}"] = float(cell["earned"]) if cell["earned"] is not None else None
        for part in row["parts"]:
            points = part["points"]
            out[f"part:{part['code']}"] = float(points) if points is not None else None
        out["total"] = float(card.total)
        rows.append(out)
    return columns, rows


YEARS_SIDE_BY_SIDE = 3


def over_years(schemes: list[Scheme], scorecards: list[Scorecard]) -> dict:
    """The agencies × the last years that have a scheme (at most three): each cell the
    scorecard's total, status and rank among the body's scorecards of that year (1 the
    highest; equal totals share a rank). ``scorecards`` are those of ``schemes`` (one
    query); a row per supervising body and agency."""
    years = sorted({s.year for s in schemes}, reverse=True)[:YEARS_SIDE_BY_SIDE]
    by_year: dict[tuple[int, int], list[Scorecard]] = {}
    for card in scorecards:
        if card.scheme.year in years:
            by_year.setdefault((card.scheme.agency_id, card.scheme.year), []).append(card)
    cells: dict[tuple[int, int, int], dict] = {}
    for (body, year), cards in by_year.items():
        totals = sorted((c.total for c in cards), reverse=True)
        for card in cards:
            rank = totals.index(card.total) + 1
            cells[(body, card.agency_id, year)] = {"card": card, "rank": rank, "of": len(cards)}
    bodies = len({s.agency_id for s in schemes}) > 1
    rows: dict[tuple[int, int], dict] = {}
    for card in scorecards:
        if card.scheme.year not in years:
            continue
        key = (card.scheme.agency_id, card.agency_id)
        rows.setdefault(
            key,
            {
                "agency": card.agency,
                "body": card.scheme.agency if bodies else None,
            },
        )
    ordered = sorted(
        rows.items(),
        key=lambda item: (item[1]["body"] and item[1]["body"].name or "", item[1]["agency"].name),
    )
    return {
        "years": years,
        "rows": [
            {
                **row,
                "cells": [
                    {"year": year, **(cells.get((body, agency, year)) or {})} for year in years
                ],
            }
            for (body, agency), row in ordered
        ],
    }
