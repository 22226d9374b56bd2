"""Demo documents for the demo bureau's cases: for each case not yet archived, the
documents of the steps it reached (filing approval, inspection record, prior notice,
hearing record, decision, inspection result, rectification order, proof of service,
closing report), issued through ``services`` by the demo users, plus one correction.

Only the workbench's demo cases are filled (the inspections demo, which runs later, makes
its own). Idempotent: a case that already has a document of a type gets no second one, and the
correction is made only when the bureau has none; a second run creates nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from openenforce.accounts.models import Agency, User
from openenforce.cases.models import Case
from openenforce.core.errors import DomainError
from openenforce.demo.scenarios.cases import SPECS
from openenforce.documents import services
from openenforce.documents.models import DocType, Document

BUREAU = "cnna-sa"
NO_PENALTY = (Case.Outcome.NO_PENALTY_MINOR, Case.Outcome.NO_PENALTY_UNPROVEN)
DECISIONS = (DocType.PENALTY_DECISION, DocType.NO_PENALTY_DECISION, DocType.LICENSING_DECISION)


def _details(case: Case, action: str) -> dict[str, Any]:
    value = case.details.get(action)
    return value if isinstance(value, dict) else {}


def _party(case: Case) -> str:
    party = case.parties.first()
    return party.name if party else ""


def _inspection(case: Case) -> dict[str, str]:
    day = _details(case, "record_inspection").get("inspected_on") or case.opened_on.isoformat()
    return {
        "started_at": f"{day}T09:30",
        "ended_at": f"{day}T10:40",
        "place": "当事人经营场所",
        "present": f"{_party(case)}负责人",
    }


def _hearing(case: Case) -> dict[str, str]:
    details = _details(case, "hold_hearing")
    return {
        "chair": "法制机构负责人",
        "clerk": "书记员",
        "place": "本机关听证室",
        "held_at": f"{details.get('held_on', case.opened_on.isoformat())}T14:00",
    }


def _no_penalty(case: Case) -> dict[str, str]:
    return {"reasons": case.decision_text or "当事人违法行为轻微并及时改正，没有造成危害后果。"}


def _rectification(case: Case) -> dict[str, str]:
    by = (case.decided_on or case.opened_on) + datetime.timedelta(days=30)
    return {
        "findings": case.decision_text or case.facts or "检查发现问题。",
        "rectify_by": by.isoformat(),
    }


def _service(case: Case) -> dict[str, str] | None:
    decision = Document.objects.filter(case=case, doc_type__in=DECISIONS).first()
    if decision is None:
        return None
    details = _details(case, "serve_decision")
    served = details.get("served_on") or case.decided_on.isoformat()
    return {
        "served_document": decision.number,
        "recipient": _party(case),
        "method": details.get("method") or "直接送达",
        "served_at": f"{served}T10:00",
        "place": "当事人经营场所",
    }


def _closing(case: Case) -> dict[str, str]:
    execution = {
        Case.Outcome.PENALTY: "当事人已按期履行处罚决定。",
        Case.Outcome.GRANTED: "已依法发放许可证件。",
    }.get(case.outcome, "无需执行。")
    return {"execution": execution, "summary": case.facts or case.title}


# (type, whether the case reached its step, the values to give beyond the case's defaults)
STEPS: tuple[tuple[str, Callable[[Case], bool], Callable[[Case], dict | None]], ...] = (
    (
        DocType.FILING_APPROVAL,
        lambda c: c.procedure == "penalty_ordinary" and bool(c.filed_on),
        lambda c: {},
    ),
    (DocType.INSPECTION_RECORD, lambda c: "record_inspection" in c.details, _inspection),
    (
        DocType.PRIOR_NOTICE,
        lambda c: bool(c.prior_notice_served_on),
        lambda c: {} if c.proposed_penalty_kinds else {"intended_penalty": "警告"},
    ),
    (DocType.HEARING_RECORD, lambda c: c.hearing_held, _hearing),
    (
        DocType.PENALTY_DECISION,
        lambda c: c.outcome == Case.Outcome.PENALTY and c.decided_on,
        lambda c: {} if c.decision_text else {"penalty": "警告"},
    ),
    (DocType.NO_PENALTY_DECISION, lambda c: c.outcome in NO_PENALTY, _no_penalty),
    (
        DocType.LICENSING_DECISION,
        lambda c: c.procedure == "licensing" and bool(c.decided_on),
        lambda c: {} if c.decision_text else {"decision": c.get_outcome_display()},
    ),
    (
        DocType.INSPECTION_RESULT,
        lambda c: c.procedure == "inspection" and bool(c.outcome),
        lambda c: {} if c.decision_text else {"result": c.get_outcome_display()},
    ),
    (
        DocType.RECTIFICATION_ORDER,
        lambda c: c.outcome == Case.Outcome.RECTIFICATION,
        _rectification,
    ),
    (DocType.PROOF_OF_SERVICE, lambda c: "serve_decision" in c.details, _service),
    (DocType.CLOSING_REPORT, lambda c: bool(c.closed_on), _closing),
)


def _issuer(doc_type: str, users: dict[str, User]) -> User | None:
    heads = (DocType.FILING_APPROVAL, DocType.CLOSING_REPORT, *DECISIONS)
    return users.get("head") if doc_type in heads else users.get("officer1")


def _issue_for(case: Case, users: dict[str, User]) -> list[str]:
    made = []
    have = set(Document.objects.filter(case=case).values_list("doc_type", flat=True))
    for doc_type, reached, values in STEPS:
        if doc_type in have or not reached(case):
            continue
        data, actor = values(case), _issuer(doc_type, users)
        if data is None or actor is None:
            continue
        document = services.issue_document(case, actor=actor, doc_type=doc_type, data=data)
        made.append(f"document {document.number}")
    return made


def _correction(agency: Agency, head: User | None) -> list[str]:
    """One correction in the bureau: its first penalty decision, re-issued with the
    payment account filled in."""
    if head is None or Document.objects.filter(agency=agency, corrects__isnull=False).exists():
        return []
    old = (
        Document.objects.current()
        .filter(agency=agency, doc_type=DocType.PENALTY_DECISION)
        .order_by("pk")
        .first()
    )
    if old is None:
        return []
    new = services.correct_document(
        old,
        actor=head,
        reason="补充罚款缴纳账户",
        data={"payment_account": "长春新区财政局非税收入专户（中国工商银行长春新区支行）"},
    )
    return [f"document {new.number} (corrects {old.number})"]


def load_demo(*, actor: User) -> list[str]:
    """Documents for the bureau's demo cases that reached their steps; one correction."""
    agency = Agency.objects.filter(code=BUREAU).first()
    if agency is None:
        return []
    users = {u.username: u for u in User.objects.filter(agency=agency)}
    made: list[str] = []
    # The workbench's demo cases (other apps' demos add cases later: not theirs to fill).
    titles = [spec.title for spec in SPECS]
    cases = Case.objects.filter(agency=agency, title__in=titles).exclude(state="archived")
    cases = cases.order_by("pk")
    for case in cases.select_related("agency", "matter"):
        try:
            made += _issue_for(case, users)
        except DomainError:  # a case the demo users may not issue for: leave it
            continue
    return made + _correction(agency, users.get("head"))
