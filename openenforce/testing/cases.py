"""Shortcuts for case tests."""

from __future__ import annotations

import datetime

import pytest

from openenforce.cases import engine
from openenforce.ledger.models import Entry

D = datetime.date
FILED, SERVED = D(2026, 9, 1), D(2026, 9, 10)
# The instant the fixed dates of the case tests assume (docs/testing.md): after the
# defence period that SERVED starts, within the 90 days that FILED starts, in 2026 (whose
# official holiday arrangement is loaded). Modules use it as
# ``pytestmark = pytest.mark.clock(WRITTEN)``.
WRITTEN = "2026-11-20T10:00:00+08:00"
ON_SPOT = D(2026, 11, 2)  # the day ``decide_on_spot`` decides, unless told


def act(case, code, user, **data):
    """Take an action; dates may be given as ``date`` objects."""
    data = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}
    return engine.perform_action(case, code, actor=user, data=data)


def refused(exc_type, case, code, user, **data):
    with pytest.raises(exc_type) as info:
        act(case, code, user, **data)
    return info.value


def events(case) -> list[str]:
    """Event types recorded about the case itself, oldest first."""
    rows = Entry.objects.filter(subject_kind="cases.case", subject_id=str(case.pk))
    return list(rows.order_by("sequence").values_list("event_type", flat=True))


def offer(case, user, code):
    """The offer of ``code`` to ``user``, or None when not offered at all."""
    return next((o for o in engine.available_actions(case, user) if o.code == code), None)


def to_report(team, officer, head, *, filed=FILED, **proposal):
    """A penalty case filed and investigated, with its report in."""
    case = team.open(actor=officer)
    case = act(case, "approve_filing", head, filed_on=filed)
    proposal.setdefault("proposed_penalty_kinds", ["warning"])
    return act(case, "conclude_investigation", officer, facts="未建立入院评估制度", **proposal)


def to_notified(team, officer, head, *, served=SERVED, **proposal):
    case = to_report(team, officer, head, **proposal)
    return act(case, "serve_prior_notice", officer, served_on=served, method="直接送达")


def to_execution(team, officer, head, *, fine=None, text="警告"):
    """A penalty case decided on 20 September 2026 and served the next day: in execution,
    with ``fine`` (yuan) outstanding, else a warning."""
    proposal = {"proposed_penalty_kinds": ["fine"], "proposed_fine": fine} if fine else {}
    case = to_notified(team, officer, head, **proposal)
    case = act(
        case, "decide", head, outcome="penalty", decision_text=text, decided_on=D(2026, 9, 20)
    )
    return act(case, "serve_decision", officer, served_on=D(2026, 9, 21), method="直接送达")


def decide_on_spot(case, officer, *, decided_on=ON_SPOT):
    """Decide a simplified penalty case on the spot: a fine of 200 yuan for 占道."""
    return act(
        case,
        "decide_on_spot",
        officer,
        facts="占道",
        proposed_penalty_kinds=["fine"],
        proposed_fine="200",
        rights_informed=True,
        decision_text="罚款200元",
        decided_on=decided_on,
    )


def conclude_inspection(case, officer, outcome="no_problem", text="未发现问题"):
    """Record the on-site inspection of ``case``, then conclude it on 1 Sep 2026."""
    case = act(case, "record_inspection", officer, record="笔录")
    return act(
        case,
        "conclude_inspection",
        officer,
        outcome=outcome,
        decision_text=text,
        decided_on=D(2026, 9, 1),
    )


def decide_penalty(case, officer, head, text: str, decided_on: datetime.date):
    """The party's statement (no objection), then the head's penalty decision ``text``."""
    case = act(case, "record_statement", officer, statement="无异议")
    return act(case, "decide", head, outcome="penalty", decision_text=text, decided_on=decided_on)


def take_emergency_measure(case, officer):
    """The emergency seizure of medicines taken at 16:45 on 30 Sep 2026 (Art 19)."""
    return act(
        case,
        "take_emergency_measure",
        officer,
        taken_at="2026-09-30T16:45",
        measure="扣押药品",
        reason="情况紧急",
    )


def set_deadline(case, code: str, start: datetime.date, *, actor, start_at=None):
    """A deadline of rule ``code`` set on the case and recorded, as a step of the engine
    would set it (for tests of a period no action of the test's procedure starts)."""
    from django.db import transaction
    from django.utils import timezone

    from openenforce.cases import deadlines
    from openenforce.cases.numbering import record_deadlines

    with transaction.atomic():
        since = timezone.now()
        deadline = deadlines.new_deadline(case, code, start, start_at=start_at)
        record_deadlines(case, since, actor)
    return deadline
