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
