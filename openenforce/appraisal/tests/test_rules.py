"""The scoring rules on their own: linear between floor and target and capped, deduction
per item down to zero, parts by weight, bonus capped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openenforce.appraisal import rules

P = Decimal("20")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, "20.00"), (95, "15.00"), (90, "10.00"), (80, "0.00"), (50, "0.00"), (120, "20.00")],
)
def test_linear_between_floor_and_target_is_capped(value, expected):
    assert rules.linear(value, P, target=100, floor=80) == Decimal(expected)


def test_lower_is_better_when_the_target_is_below_the_floor():
    assert rules.linear(0, P, target=0, floor=10) == P
    assert rules.linear(5, P, target=0, floor=10) == Decimal("10.00")
    assert rules.linear(12, P, target=0, floor=10) == 0


def test_deduct_per_item_not_below_zero():
    assert rules.deduct(0, Decimal(10), per_item=2) == Decimal(10)
    assert rules.deduct(3, Decimal(10), per_item=2) == Decimal(4)
    assert rules.deduct(9, Decimal(10), per_item=2) == 0


def test_no_value_earns_nothing_and_manual_points_are_bounded():
    assert rules.earned({"kind": "linear", "target": 100, "floor": 80}, P, None) is None
    assert rules.earned({"kind": "manual"}, P, Decimal("25")) == P
    assert rules.earned({"kind": "manual"}, P, Decimal("12.5")) == Decimal("12.50")


@given(
    value=st.decimals(min_value=-50, max_value=200, places=1),
    floor=st.integers(0, 99),
    gap=st.integers(1, 100),
)
def test_linear_stays_within_zero_and_the_points(value, floor, gap):
    got = rules.linear(value, P, target=floor + gap, floor=floor)
    assert 0 <= got <= P
    higher = rules.linear(value + 1, P, target=floor + gap, floor=floor)
    assert higher >= got


def test_parts_weigh_earned_over_applicable_points():
    lines = [
        rules.Line("daily", Decimal(20), Decimal(10)),
        rules.Line("daily", Decimal(20), None),  # no data: counts, earns nothing
        rules.Line("daily", Decimal(10), None, applicable=False),  # nothing to measure
        rules.Line("external", Decimal(100), Decimal(80)),
    ]
    parts = rules.part_points(lines, {"daily": 50, "casefiles": 30, "external": 20})
    assert parts == {
        "daily": Decimal("12.50"),
        "casefiles": Decimal("0.00"),
        "external": Decimal("16.00"),
    }


def test_total_caps_the_bonus_and_never_goes_below_zero():
    parts = {"a": Decimal("60"), "b": Decimal("20")}
    assert rules.total(parts, [Decimal(3), Decimal(4)], Decimal(5)) == Decimal("85.00")
    assert rules.total(parts, [Decimal(3), Decimal(-10)], Decimal(5)) == Decimal("73.00")
    assert rules.total({"a": Decimal(2)}, [Decimal(-10)], Decimal(5)) == 0


def test_rule_problems_are_named():
    assert rules.rule_problems({"kind": "linear", "target": 100, "floor": 80}, 10) == []
    assert rules.rule_problems({"kind": "linear", "target": 100}, 10)
    assert rules.rule_problems({"kind": "deduct", "per_item": 0}, 10)
    assert rules.rule_problems({"kind": "guess"}, 10)
    assert rules.rule_problems({"kind": "manual"}, 0)
