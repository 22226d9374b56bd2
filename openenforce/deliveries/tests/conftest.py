"""Deliveries tests: the case tests' team, a case waiting for service of its decision,
and its documents issued through the documents app."""

from __future__ import annotations

import pytest

from openenforce.cases.tests.conftest import Team, team  # noqa: F401
from openenforce.cases.tests.helpers import D, act, to_report


def issue(case, user, doc_type, **data):
    from openenforce.documents.services import issue_document

    return issue_document(case, actor=user, doc_type=doc_type, data=data)


def decided(team, officer, head, *, fine="500"):  # noqa: F811
    """A penalty case decided (a fine of ``fine``), its decision document issued."""
    case = to_report(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=fine)
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    case = act(case, "record_statement", officer, statement="无异议")
    return act(case, "decide", head, outcome="penalty", decision_text=f"罚款{fine}元",
               decided_on=D(2026, 9, 20))  # fmt: skip


@pytest.fixture
def decided_case(team, officer, head):  # noqa: F811
    return decided(team, officer, head)


@pytest.fixture
def decision(decided_case, officer):
    return issue(decided_case, officer, "penalty_decision")
