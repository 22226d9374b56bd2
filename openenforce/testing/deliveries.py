"""A penalty case driven to its decision and its documents issued, for the tests of the
deliveries and of the apps that serve or show decisions (the demo's)."""

from __future__ import annotations

from openenforce.testing.cases import D, act, decide_penalty, to_report


def issue(case, user, doc_type, **data):
    from openenforce.documents.services import issue_document

    return issue_document(case, actor=user, doc_type=doc_type, data=data)


def decided(team, officer, head, *, fine="500"):
    """A penalty case decided (a fine of ``fine``), its decision document issued."""
    case = to_report(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine=fine)
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    return decide_penalty(case, officer, head, f"罚款{fine}元", D(2026, 9, 20))
