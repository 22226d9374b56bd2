"""A scheme as data (``data/default-scheme.json``, or a file of the same shape): read
and checked before anything is written; each problem names its place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from openenforce.appraisal import registry, rules
from openenforce.core.errors import FieldProblem, InvalidInput

FORMAT = "openenforce-appraisal-scheme/1"
DEFAULT = Path(__file__).parent / "data" / "default-scheme.json"


@dataclass(frozen=True)
class IndicatorSpec:
    part: str
    key: str
    title: str
    points: Decimal
    rule: dict
    basis: str
    proposal: bool


@dataclass(frozen=True)
class SchemeSpec:
    title: str
    basis: str
    max_bonus: Decimal
    weights: dict[str, int]
    parts: dict[str, str]
    indicators: list[IndicatorSpec]


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None and value != "" else None
    except InvalidOperation:
        return None


class _Problems(list):
    def refuse(self, place: str, message: str) -> None:
        self.append(FieldProblem(place, f"{place}: {message}"))


def _parts(data: dict, problems: _Problems) -> tuple[dict[str, int], dict[str, str]]:
    weights: dict[str, int] = {}
    parts: dict[str, str] = {}
    for n, part in enumerate(data.get("parts") or [], start=1):
        code, weight = str(part.get("code", "")).strip(), _number(part.get("weight"))
        if not code or code in parts:
            problems.refuse(f"parts[{n}]", _("Each part needs a code of its own."))
        elif weight is None or weight < 0 or weight != int(weight):
            problems.refuse(f"parts[{n}]", _("The weight must be a whole number, zero or more."))
        else:
            weights[code], parts[code] = int(weight), str(part.get("title") or code)
    if not problems and sum(weights.values()) != 100:
        problems.refuse("parts", _("The weights of the parts must add up to 100."))
    return weights, parts


def _indicator(n: int, row: dict, parts: dict, problems: _Problems) -> IndicatorSpec | None:
    place = f"indicators[{n}]"
    key, part = str(row.get("key", "")).strip(), str(row.get("part", ""))
    rule, points = row.get("rule") or {}, _number(row.get("points"))
    if part not in parts:
        problems.refuse(place, _("The part %(part)s is not one of the scheme's.") % {"part": part})
    for message in rules.rule_problems(rule, points if points is not None else 0):
        problems.refuse(place, message)
    if rule.get("kind") in ("linear", "deduct") and registry.get(key) is None:
        problems.refuse(place, _("No computed indicator is called %(key)s.") % {"key": key})
    title = str(row.get("title", "")).strip()
    if not title:
        problems.refuse(place, _("The title is missing."))
    if points is None:
        return None
    basis, proposal = str(row.get("basis", "")), bool(row.get("proposal", False))
    return IndicatorSpec(part, key, title, points, dict(rule), basis, proposal)


def parse(data: dict) -> SchemeSpec:
    """The scheme a dict describes; ``InvalidInput`` listing every problem otherwise."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(
            _("Not an appraisal scheme file (format %(format)s).") % {"format": FORMAT},
            code="appraisal_scheme_format",
        )
    problems = _Problems()
    weights, parts = _parts(data, problems)
    indicators, keys = [], set()
    for n, row in enumerate(data.get("indicators") or [], start=1):
        key = str(row.get("key", "")).strip()
        if not key or key in keys:
            problems.refuse(f"indicators[{n}]", _("Each indicator needs a key of its own."))
            continue
        keys.add(key)
        found = _indicator(n, row, parts, problems)
        if found is not None:
            indicators.append(found)
    if not indicators and not problems:
        problems.refuse("indicators", _("The scheme has no indicator."))
    max_bonus = _number(data.get("max_bonus", 0))
    if max_bonus is None or max_bonus < 0:
        problems.refuse("max_bonus", _("The bonus points at most must be a number, zero or more."))
    if problems:
        raise InvalidInput(
            _("The scheme has %(n)d problem(s).") % {"n": len(problems)},
            code="appraisal_scheme_invalid",
            problems=list(problems),
        )
    title, basis = str(data.get("title") or ""), str(data.get("basis") or "")
    return SchemeSpec(title, basis, max_bonus or Decimal(0), weights, parts, indicators)


def load(path: Path = DEFAULT) -> SchemeSpec:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            _("The scheme file cannot be read: %(error)s") % {"error": exc},
            code="appraisal_scheme_unreadable",
        ) from exc
    return parse(data)
