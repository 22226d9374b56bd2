"""What a document is filled with: the case's data, the matter's legal bases, the
inputs of the lifecycle actions taken so far, and the form data given at issue time.

``defaults(case, kind)`` proposes the form values from the case (the issue form shows
them, the officer may change them); ``build(...)`` makes the JSON-safe context a
document is rendered from and stored with. Runs under zh-hans: the text is printed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from openenforce.accounts.models import Agency
from openenforce.cases import registry
from openenforce.cases import rules as case_rules
from openenforce.cases.articles import cite
from openenforce.cases.gates import hearing_eligible
from openenforce.cases.models import Case, CaseHandler
from openenforce.catalog.models import PenaltyKind
from openenforce.documents import rules
from openenforce.documents.kinds import Kind

PRINT_LANGUAGE = "zh-hans"


def chinese_date(day: datetime.date | None) -> str:
    """2026年11月7日, as documents print dates."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def chinese_datetime(value: str) -> str:
    """An ISO date-time input (2026-11-07T09:30) as 2026年11月7日9时30分; other text as is."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return f"{chinese_date(moment.date())}{moment.hour}时{moment.minute:02d}分"


def _details(case: Case, action: str) -> dict[str, Any]:
    value = (case.details or {}).get(action)
    return value if isinstance(value, dict) else {}


def _yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:,.2f}"


def penalty_words(case: Case) -> str:
    """The proposed penalty in words: 警告，罚款人民币3,000.00元."""
    parts = []
    for code in case.proposed_penalty_kinds or []:
        label = str(PenaltyKind(code).label) if code in PenaltyKind.values else code
        if code == PenaltyKind.FINE and case.proposed_fine:
            label += f"人民币{_yuan(case.proposed_fine)}元"
        if code.startswith("confiscate") and case.proposed_confiscation:
            label += f"人民币{_yuan(case.proposed_confiscation)}元"
        parts.append(label)
    return "，".join(parts)


def _bases_text(case: Case) -> str:
    return "；".join(str(basis) for basis in case.matter.bases.all())


def _handlers_text(case: Case) -> str:
    return "、".join(h.officer.name for h in case.handlers.active().select_related("officer"))


def _reviews_default(case: Case) -> dict[str, str]:
    details = _details(case, "record_review_outcome")
    outcome = {
        "agree": "同意",
        "agree_with_changes": "修改后同意",
        "disagree": "不同意",
        "return": "退回补充调查",
    }.get(details.get("outcome", ""), "")
    return {
        "conclusion": outcome,
        "reasons": details.get("reasons", ""),
        "review_points": details.get("checklist", ""),
        "submitted_by": _handlers_text(case),
    }


def _discussion_default(case: Case) -> dict[str, str]:
    details = _details(case, "hold_collective_discussion")
    return {
        "held_at": details.get("held_on", ""),
        "attendees": details.get("attendees", ""),
        "opinions": details.get("opinions", ""),
        "conclusion": details.get("conclusion", ""),
        "chair": case.agency.head_name,
    }


def evidence_lines(case: Case) -> str:
    """The evidence list, one item a line: as chosen when the case was submitted for legal
    review (its registered items, then the note of the others), else every item and
    recording registered with the case (cases.registry)."""
    submitted = _details(case, "submit_review")
    chosen = submitted.get("evidence_list")
    registered = {item["ref"]: str(item["label"]) for item in registry.evidence_items(case)}
    # Named afresh in the print language; as kept when the item is gone.
    lines = [
        registered.get(c.get("ref", ""), str(c.get("label", "")))
        for c in chosen or []
        if isinstance(c, dict)
    ]
    if isinstance(chosen, str):
        lines.append(chosen)
    other = submitted.get("evidence_other")
    if isinstance(other, str):
        lines.extend(other.splitlines())
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        lines = list(registered.values())
    return "\n".join(line.replace("|", "｜") for line in lines)


def _case_defaults(case: Case) -> dict[str, str]:
    """Values several types share, from the case and its matter."""
    bases = _bases_text(case)
    return {
        "facts": case.facts,
        "violated_provision": bases,
        "penalty_basis": bases,
        "legal_basis": bases,
        "intended_penalty": penalty_words(case),
        "penalty": case.decision_text or penalty_words(case),
        "decision": case.decision_text,
        "summary": case.facts,
        "evidence": evidence_lines(case),
        "opinion": "",
        "approval": "",
    }


def _by_kind(case: Case, code: str) -> dict[str, str]:
    hearing, inspection = _details(case, "hold_hearing"), _details(case, "record_inspection")
    statement = _details(case, "record_statement")
    per_kind = {
        "filing_approval": {
            "source_summary": "；".join(
                p for p in (case.get_source_display(), case.source_detail, case.facts) if p
            ),
            "opinion": "建议立案调查。",
            "approval": "同意立案。" if case.filed_on else "",
        },
        "inspection_record": {"findings": inspection.get("record", "")},
        "hearing_record": {
            "content": hearing.get("record", ""),
            "held_at": hearing.get("held_on", ""),
        },
        "legal_review_opinion": _reviews_default(case),
        "collective_discussion": _discussion_default(case),
        "penalty_decision": {"statement": statement.get("statement", "")},
        "inspection_result": {
            "inspected_on": inspection.get("inspected_on", ""),
            "result": case.decision_text,
        },
        "closing_report": {"execution": "", "opinion": "建议结案。"},
        "seizure_decision": {
            "reason": case.facts,
            "period_days": str(case_rules.period("seizure").days),
        },
    }
    return per_kind.get(code, {})


def defaults(case: Case | None, kind: Kind) -> dict[str, str]:
    """The form values proposed for ``kind`` from ``case`` (only the kind's fields)."""
    if case is None:
        return {}
    with translation.override(PRINT_LANGUAGE):
        values = {**_case_defaults(case), **_by_kind(case, kind.code)}
    names = {f.name for f in kind.fields}
    return {name: str(value) for name, value in values.items() if name in names and value}


def _party(party) -> dict[str, str]:
    return {
        "kind": party.kind,
        "name": party.name,
        "id_type": str(party.get_id_type_display()) if party.id_type else "",
        "id_number": party.id_number,
        "credit_code": party.credit_code,
        "legal_representative": party.legal_representative,
        "address": party.address,
        "phone": party.phone,
    }


def _officers(case: Case) -> list[dict[str, str]]:
    handlers = (
        case.handlers.active().select_related("officer").prefetch_related("officer__certificates")
    )
    officers = []
    # The lead handler (主办) first, then the assisting ones, each with the certificate.
    for handler in sorted(handlers, key=lambda h: (h.role != CaseHandler.Role.LEAD, h.pk)):
        numbers = [c.number for c in handler.officer.certificates.all()]
        officers.append({"name": handler.officer.name, "certificate": "、".join(numbers)})
    return officers


def _case(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "title": case.title,
        "matter": case.matter.name,
        "procedure": case.procedure,
        "source": str(case.get_source_display()),
        "opened_on": chinese_date(case.opened_on),
        "filed_on": chinese_date(case.filed_on),
        "decided_on": chinese_date(case.decided_on),
        "closed_on": chinese_date(case.closed_on),
        "prior_notice_served_on": chinese_date(case.prior_notice_served_on),
        "outcome": str(case.get_outcome_display()) if case.outcome else "",
        "fine": _yuan(case.proposed_fine),
        "proposal": penalty_words(case),
        "bases": [
            {"law": b.law_name, "article": b.article, "text": b.text}
            for b in case.matter.bases.all()
        ],
    }


def _agency(agency: Agency) -> dict[str, str]:
    return {
        "name": agency.name,
        "short_name": agency.short_name or agency.code,
        "address": agency.address,
        "phone": agency.complaint_phone,
        "head": agency.head_name,
        "remedy_channels": agency.remedy_channels,
    }


def _format_fields(kind: Kind, values: dict[str, str]) -> dict[str, Any]:
    """Dates and moments as printed; ``lines`` fields as rows of columns."""
    shown: dict[str, Any] = {}
    for field in kind.fields:
        value = values.get(field.name, "")
        if field.type == "date" and value:
            value = chinese_date(datetime.date.fromisoformat(value))
        elif field.type == "datetime" and value:
            value = chinese_datetime(value)
        elif field.type == "lines":
            value = [[col.strip() for col in line.split("|")] for line in value.splitlines()]
            value = [row for row in value if any(row)]
        shown[field.name] = value
    return shown


def _payment(kind: Kind, case: Case | None, values: dict[str, str]) -> dict[str, Any] | None:
    """Payment within 15 days and the surcharge, when the decision imposes a fine."""
    if not kind.payment:
        return None
    fined = bool(case and case.proposed_fine) or "罚款" in values.get("penalty", "")
    return {"days": rules.payment_days(), "surcharge": rules.surcharge_percent(), "applies": fined}


def build(
    *,
    kind: Kind,
    agency: Agency,
    case: Case | None,
    values: dict[str, str],
    number: str,
    issued_on: datetime.date,
    corrects: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON-safe context of one document: stored with it and rendered from it."""
    with translation.override(PRINT_LANGUAGE):
        context = {
            "doc_type": kind.code,
            "title": kind.title,
            "layout": kind.layout,
            "article": cite(kind.article),
            "number": number,
            "date": chinese_date(issued_on),
            "issued_on": issued_on.isoformat(),
            "agency": _agency(agency),
            "case": _case(case) if case else {},
            "parties": [_party(p) for p in case.parties.all()] if case else [],
            "officers": _officers(case) if case else [],
            "values": values,
            "fields": _format_fields(kind, values),
            "to_party": kind.to_party,
            "payment": _payment(kind, case, values),
            "hearing_right": bool(case and hearing_eligible(case)),
            "remedies": rules.remedy_lines(agency.remedy_channels) if kind.remedies else None,
            "corrects": corrects,
        }
    return context


def today() -> datetime.date:
    return timezone.localdate()
