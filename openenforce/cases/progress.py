"""Where a case stands in its procedure: the stepper at the top of the case page.

The **main line** of a lifecycle is its states in their declared order, without the
branches a case passes only when it needs them (``lifecycles.awaits.BRANCHES``: a legal
review, a hearing, supplements) and without the ends off the line (a lead not filed). A
branch or an end the case is in is shown in its place; states before the current one are
passed, those after it ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openenforce.cases import registry
from openenforce.cases.lifecycles.awaits import BRANCHES
from openenforce.cases.lifecycles.base import Lifecycle

PASSED, CURRENT, AHEAD = "passed", "current", "ahead"


def main_line(lifecycle: Lifecycle) -> list[str]:
    branches = BRANCHES.get(lifecycle.code, frozenset())
    last = lifecycle.states[-1].code
    return [
        s.code
        for s in lifecycle.states
        if s.code not in branches and (not s.terminal or s.code == last)
    ]


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    status: str  # PASSED, CURRENT or AHEAD
    party: tuple[str, ...] = field(default=())  # what the party did themselves at this step


def _with_current(lifecycle: Lifecycle, line: list[str], current: str) -> list[str]:
    if current in line or not lifecycle.has_state(current):
        return line
    if lifecycle.state(current).terminal:
        # An end off the line (not filed): the line up to the state that led there.
        sources = {source for source, target, _a in lifecycle.edges() if target == current}
        reached = [i for i, code in enumerate(line) if code in sources]
        return [*line[: (max(reached) + 1 if reached else 1)], current]
    order = [s.code for s in lifecycle.states]
    before = [c for c in line if order.index(c) < order.index(current)]
    return [*before, current, *line[len(before) :]]


def stepper(lifecycle: Lifecycle, current: str, case: Any = None) -> list[Step]:
    """The main line with the case's current state marked (and placed, if off it); with
    ``case``, each step carries what the party did there themselves (the party's step,
    ``registry.party_steps``)."""
    codes = _with_current(lifecycle, main_line(lifecycle), current)
    position = codes.index(current) if current in codes else -1
    party: dict[str, list[str]] = {}
    for state, words in registry.party_steps(case) if case is not None else ():
        party.setdefault(state if state in codes else current, []).append(words)
    return [
        Step(
            code,
            str(lifecycle.state(code).label),
            PASSED if i < position else CURRENT if i == position else AHEAD,
            tuple(party.get(code, ())),
        )
        for i, code in enumerate(codes)
    ]
