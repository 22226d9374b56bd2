"""The lifecycle of every procedure, as data (see ``base`` for the vocabulary).

``LIFECYCLES`` maps a procedure code (``Case.procedure``) to its definition;
``for_category`` gives the procedures open to a catalogue category.
"""

from __future__ import annotations

from openenforce.cases.lifecycles.base import ANY_OPEN, Action, Input, Lifecycle, State
from openenforce.cases.lifecycles.others import (
    ADJUDICATION,
    AWARD,
    COERCION,
    CONFIRMATION,
    INSPECTION,
    LEVY,
    LICENSING,
    OTHER,
    PAYMENT,
)
from openenforce.cases.lifecycles.penalty import ORDINARY, SIMPLIFIED

__all__ = ["ANY_OPEN", "Action", "Input", "LIFECYCLES", "Lifecycle", "State", "get"]

LIFECYCLES: dict[str, Lifecycle] = {
    lc.code: lc
    for lc in (
        ORDINARY,
        SIMPLIFIED,
        LICENSING,
        INSPECTION,
        COERCION,
        LEVY,
        CONFIRMATION,
        PAYMENT,
        AWARD,
        ADJUDICATION,
        OTHER,
    )
}


def get(code: str) -> Lifecycle | None:
    return LIFECYCLES.get(code)


def for_category(category: str) -> list[Lifecycle]:
    return [lc for lc in LIFECYCLES.values() if lc.category == category]
