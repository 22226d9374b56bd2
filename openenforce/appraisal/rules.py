"""How an indicator's measured value becomes points, and a scorecard's total: pure
functions over numbers (no database), so the rules are tested on their own.

- ``linear``: ``target`` earns full points, ``floor`` earns none, linear between and
  capped at both ends. A target below the floor means lower is better (e.g. a rate of
  corrections: 0 % full points, 10 % none).
- ``deduct``: the points less ``per_item`` for each item counted, not below zero.
- ``manual``: entered by the supervisor with a reason, between zero and the points.

A value of None (no data, or nothing to measure) earns nothing here; the scorecard
decides how the part counts it (``part_points``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

KINDS = ("linear", "deduct", "manual")
CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def linear(value: float | Decimal, points: Decimal, *, target, floor) -> Decimal:
    """Full ``points`` at ``target``, none at ``floor``, linear between, capped."""
    value, target, floor = _dec(value), _dec(target), _dec(floor)
    if target == floor:
        reached = value >= target
        return points if reached else Decimal(0)
    share = (value - floor) / (target - floor)
    share = min(Decimal(1), max(Decimal(0), share))
    return quantize(points * share)


def deduct(items: int | Decimal, points: Decimal, *, per_item) -> Decimal:
    """``points`` less ``per_item`` per item, not below zero."""
    return quantize(max(Decimal(0), points - _dec(per_item) * _dec(items)))


def earned(rule: Mapping, points: Decimal, value) -> Decimal | None:
    """The points a value earns under ``rule``; None when there is no value."""
    if value is None:
        return None
    kind = rule.get("kind")
    if kind == "linear":
        return linear(value, points, target=rule["target"], floor=rule["floor"])
    if kind == "deduct":
        return deduct(value, points, per_item=rule["per_item"])
    if kind == "manual":
        return quantize(min(points, max(Decimal(0), _dec(value))))
    raise ValueError(f"unknown rule kind {kind!r}")


def rule_problems(rule: Mapping, points) -> list[str]:
    """What is wrong with a rule and its points, in words (empty when nothing)."""
    problems = []
    try:
        if _dec(points) <= 0:
            problems.append(_("The points must be more than zero."))
    except ArithmeticError:
        problems.append(_("The points must be a number."))
    kind = rule.get("kind") if isinstance(rule, Mapping) else None
    if kind not in KINDS:
        return [*problems, _("The rule must be linear, deduct or manual.")]
    needed = {"linear": ("target", "floor"), "deduct": ("per_item",), "manual": ()}[kind]
    for name in needed:
        try:
            number = _dec(rule[name])
        except (KeyError, ArithmeticError):
            problems.append(_("The rule needs the number %(name)s.") % {"name": name})
            continue
        if name == "per_item" and number <= 0:
            problems.append(_("The deduction per item must be more than zero."))
    return problems


@dataclass(frozen=True)
class Line:
    """One indicator's outcome on a scorecard."""

    part: str
    points: Decimal  # the most it can earn
    earned: Decimal | None  # None: no value
    applicable: bool = True  # False: nothing to measure (the part is scored without it)


def part_points(lines: Iterable[Line], weights: Mapping[str, object]) -> dict[str, Decimal]:
    """Per part: the points earned over the points of its applicable indicators, times
    the part's weight. An indicator with no data earns nothing but still counts in the
    part; one with nothing to measure (no such matters in the year) is left out of it."""
    earned_by: dict[str, Decimal] = {}
    most_by: dict[str, Decimal] = {}
    for line in lines:
        if not line.applicable:
            continue
        most_by[line.part] = most_by.get(line.part, Decimal(0)) + line.points
        earned_by[line.part] = earned_by.get(line.part, Decimal(0)) + (line.earned or 0)
    result = {}
    for part, weight in weights.items():
        most = most_by.get(part, Decimal(0))
        share = earned_by.get(part, Decimal(0)) / most if most else Decimal(0)
        result[part] = quantize(_dec(weight) * share)
    return result


def total(parts: Mapping[str, Decimal], adjustments: Iterable[Decimal], max_bonus) -> Decimal:
    """The parts' points plus the bonus (at most ``max_bonus`` in all) less the
    deductions, not below zero."""
    adjustments = [_dec(a) for a in adjustments]
    bonus = min(_dec(max_bonus), sum((a for a in adjustments if a > 0), Decimal(0)))
    deducted = sum((-a for a in adjustments if a < 0), Decimal(0))
    return quantize(max(Decimal(0), sum(parts.values(), Decimal(0)) + bonus - deducted))
