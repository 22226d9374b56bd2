"""What each open state of each lifecycle waits for: the actions that move the case on
along the main line. Of these, the ones whose gates are open wait for their people; when
none is open, the first waits, with the reasons it is blocked (a recording is missing). The to-do list (``cases.todo``) and the
hand-off notices read it; the other actions of a state (suspending the clock, returning
the case, recording a change) are open to those who need them but wait for nobody.

``tests/test_awaits.py`` checks that every open state of every lifecycle is here and that
each action named is one the state offers, so a new state forces the decision.
"""

from __future__ import annotations

# The states of the application-led procedures (levy, confirmation, payment, award,
# adjudication, other) share one shape.
_APPLICATION = {
    "applied": ("accept_application",),
    "under_review": ("decide",),
    "decided": ("serve_decision",),
    "served": ("close_case",),
    "closed": ("archive",),
}

AWAITS: dict[str, dict[str, tuple[str, ...]]] = {
    "penalty_ordinary": {
        "lead": ("approve_filing",),
        "investigation": ("conclude_investigation",),
        # The prior notice; for a major decision the legal review (or, where the law wants
        # it, collective discussion) comes first, its gate shuts the notice until then
        # (行政处罚法 Art 57, 58, 62).
        "report": ("serve_prior_notice", "submit_review", "refer_to_collective_discussion"),
        "legal_review": ("assign_reviewer", "record_review_outcome"),
        "collective_discussion": ("hold_collective_discussion",),
        "notified": ("decide", "submit_review"),
        "hearing": ("hold_hearing",),
        "decided": ("serve_decision",),
        # A fine outstanding waits for its payment; once paid (or the court applied to),
        # for closing (the gates payment_outstanding and fine_settled choose).
        "execution": ("record_payment", "close_case"),
        "closed": ("archive",),
    },
    "penalty_simplified": {
        "on_spot": ("decide_on_spot",),
        "execution": ("record_payment", "close_case"),
        "closed": ("archive",),
    },
    "licensing": {
        "applied": ("accept_application",),
        "supplementing": ("accept_application",),
        "under_review": ("decide_licence",),
        "certifying": ("issue_certificate",),
        "closed": ("archive",),
    },
    "inspection": {
        "task": ("record_inspection",),
        "inspected": ("conclude_inspection",),
        "rectification": ("verify_rectification",),
        "closed": ("archive",),
    },
    "coercion": {
        "proposed": ("approve_measure",),
        "emergency": ("ratify_emergency_measure",),
        "in_force": ("decide_handling",),
        "handled": ("release_measure",),
        "closed": ("archive",),
    },
    **{
        code: dict(_APPLICATION)
        for code in ("levy", "confirmation", "payment", "award", "adjudication", "other")
    },
}


def awaited(procedure: str, state: str) -> tuple[str, ...]:
    return AWAITS.get(procedure, {}).get(state, ())


# States a case passes only when it needs them (the legal review of a major decision, a
# hearing the party asked for, supplements to an application, rectification after an
# inspection, an emergency measure): off the main line of the case page's stepper.
BRANCHES: dict[str, frozenset[str]] = {
    "penalty_ordinary": frozenset({"legal_review", "collective_discussion", "hearing"}),
    "licensing": frozenset({"supplementing"}),
    "inspection": frozenset({"rectification"}),
    "coercion": frozenset({"emergency"}),
}
