"""Random action sequences by random actors never reach a state that breaks a gate: no
decision on a major case without a passed review, none before the prior notice and the
end of the defence period (unless waived), none during a requested hearing, and no
investigation report or decision with fewer than two certified handlers."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from openenforce.accounts.models import Role
from openenforce.cases.engine import perform_action
from openenforce.cases.gates import certified_officer_ids
from openenforce.cases.lifecycles import LIFECYCLES
from openenforce.cases.models import Deadline
from openenforce.catalog.models import Officer
from openenforce.core.errors import DomainError
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)  # docs/testing.md

# Hypothesis runs every example in one database transaction: each needs its own user name.
_USER_NUMBERS = itertools.count(1)

ACTIONS = [a.code for a in LIFECYCLES["penalty_ordinary"].actions]
DATES = ["2026-09-10", "2026-11-20", None]
OFFICERS = ["O1", "O2", "O3", "C1", "X1"]

PROPOSALS = st.fixed_dictionaries(
    {
        "facts": st.just("事实"),
        "proposed_penalty_kinds": st.sampled_from([["warning"], ["fine"], ["closure"]]),
        "proposed_fine": st.sampled_from([None, "500", "20000"]),
        "is_complex": st.booleans(),
        "head_referral": st.booleans(),
    }
)
ANY = st.fixed_dictionaries(
    {},
    optional={
        "outcome": st.sampled_from(["penalty", "agree", "disagree", "decide", "return"]),
        "officer": st.sampled_from(OFFICERS),
        "chair": st.sampled_from(OFFICERS),
        "role": st.sampled_from(["lead", "assistant"]),
        "requested_by": st.sampled_from(["party", "self"]),
        "decision": st.sampled_from(["granted", "refused"]),
        "served_on": st.sampled_from(DATES),
        "requested_on": st.sampled_from(DATES),
        "reason": st.just("理由"),
        "decision_text": st.just("决定"),
        "method": st.just("直接送达"),
        "document": st.just("声明"),
        "record": st.just("笔录"),
        "kind": st.just("testing"),
    },
)
STEP = st.tuples(st.sampled_from(ACTIONS), st.integers(0, 4), st.one_of(PROPOSALS, ANY))
DECISION = {"outcome": "penalty", "decision_text": "决定"}


@st.composite
def sequences(draw):
    """The main path (filing, report, notice, decision, by the right roles) with random
    steps by random actors before each of its steps, so that many runs reach a decision."""
    main = [
        ("approve_filing", 2, {}),
        ("conclude_investigation", 0, draw(PROPOSALS)),
        (
            "serve_prior_notice",
            0,
            {"served_on": draw(st.sampled_from(DATES)), "method": "直接送达"},
        ),
        ("decide", 2, DECISION),
    ]
    steps = []
    for step in main:
        steps += draw(st.lists(STEP, max_size=4)) + [step]
    return steps


def _check_decided(case, today: datetime.date) -> None:
    from openenforce.reviews.selectors import review_gate

    assert review_gate(case).ok, "major decision without a passed review"
    assert case.prior_notice_served_on is not None, "decision before the prior notice"
    if not case.defence_waived:
        running = Deadline.objects.filter(
            case=case, kind__in=("defence", "hearing_request"), status="open", due__gte=today
        )
        assert not running.exists(), "decision within the defence period"
    assert not (case.hearing_requested and not case.hearing_held), "decision during a hearing"
    _check_handlers(case, today)


def _check_handlers(case, today: datetime.date) -> None:
    ids = list(case.handlers.active().values_list("officer_id", flat=True))
    assert len(certified_officer_ids(case, ids, today)) >= 2, "fewer than two certified"


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=sequences())
def test_random_sequences_never_break_a_gate(team, officer, head, reviewer, outsider, steps):
    if "O3" not in team.officers:
        team.officer("O3")
        team.officer("C1", employment=Officer.Employment.CONTRACT)
        team.officer("X1", valid_to=datetime.date(2025, 1, 1))
    actors = [
        officer,
        team.user(f"o2-{next(_USER_NUMBERS)}", Role.OFFICER),
        head,
        reviewer,
        outsider,
    ]
    case, today = team.open(actor=officer), timezone.localdate()
    for code, who, data in steps:
        before = case.state
        try:
            case = perform_action(case, code, actor=actors[who], data=dict(data))
        except DomainError:
            continue
        if case.state == "decided" and before != "decided":
            event("decided")
            _check_decided(case, today)
        if case.state == "report" and before == "investigation":
            _check_handlers(case, today)
