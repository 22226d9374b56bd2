"""What a case file holds, in the standard order, read from the apps that own it.

One case, one file (一案一卷), in the order of the archive rules: filing (立案),
investigation and evidence (调查取证), review (审查: legal review 法制审核 and collective
discussion 集体讨论), the prior notice with the party's statement and defence or its waiver
and the hearing (告知、陈述申辩、听证), decision (决定), service (送达), execution (执行),
and closing and archiving (结案归档). docs/domain.md §2 gives 立案 → 调查 → 审查 → 决定 →
送达 → 执行, "documents, then evidence, then execution records"; the evaluation standards
(docs/supervision-research.md §2.1) score "按立案(受理)→调查取证→审查→决定→送达顺序立卷",
a complete table of contents with page numbers, and the 履行情况记载. Where they are silent
the usual order of a 行政处罚案卷 is followed: the investigation report closes the
investigation, the legal review opinion and the collective discussion precede the prior
notice (the review comes before the party is notified, docs/domain.md §3), the statement
and defence (or the written waiver) and the hearing follow the notice, the closing report
(结案报告) comes last. docs/casefiles.md lists the parts.

Documents come from ``documents``, evidence from ``evidence``, recordings from
``recordings``, service records from ``deliveries``; the pages of what other apps keep
that is no issued document (a legal review opinion) come from the providers registered
with ``cases.registry.register_casefile_records``. An app that is not installed (or has
no rows) contributes nothing. The record entries of a case are those about the case and
about every row that points at it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.ledger.models import Entry
from openenforce.ledger.state import kind_of

SECTIONS = (
    ("filing", _("Filing")),
    ("investigation", _("Investigation and evidence")),
    ("review", _("Legal review and collective discussion")),
    ("notice", _("Prior notice, statement and defence, hearing")),
    ("decision", _("Decision")),
    ("service", _("Service")),
    ("execution", _("Execution")),
    ("closing", _("Closing and archiving")),
)
SECTION_CODES = tuple(code for code, _label in SECTIONS)

# Document types by section; a type not listed is placed by the words in its code.
DOCUMENT_SECTIONS = {
    "filing_approval": "filing",
    "inspection_record": "investigation",
    "inquiry_record": "investigation",
    "evidence_preservation": "investigation",
    "seizure_decision": "investigation",
    "legal_review_opinion": "review",
    "collective_discussion": "review",
    "prior_notice": "notice",
    "hearing_notice": "notice",
    "hearing_record": "notice",
    "penalty_decision": "decision",
    "no_penalty_decision": "decision",
    "rectification_order": "decision",
    "licensing_decision": "decision",
    "inspection_result": "decision",
    "proof_of_service": "service",
    "closing_report": "closing",
}
_WORDS = (
    ("filing", "filing"),
    ("closing", "closing"),
    ("service", "service"),
    ("review", "review"),
    ("discussion", "review"),
    ("hearing", "notice"),
    ("prior_notice", "notice"),
    ("decision", "decision"),
    ("order", "decision"),
    ("result", "decision"),
)


def model(label: str):
    """Another app's model, or None while that app has not defined it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def section_of_document(doc_type: str) -> str:
    if doc_type in DOCUMENT_SECTIONS:
        return DOCUMENT_SECTIONS[doc_type]
    return next((sec for word, sec in _WORDS if word in doc_type), "investigation")


@dataclass
class Item:
    """One file of the case file: a document, an evidence item, a recording, or the proof
    of a service."""

    section: str
    kind: str  # document, evidence, recording, service-proof
    title: str
    obj: Any
    blob: Any = None
    number: str = ""
    when: datetime.datetime | datetime.date | None = None
    details: dict = field(default_factory=dict)


def documents(case: Case) -> list:
    Document = model("documents.Document")
    if Document is None:
        return []
    rows = Document.objects.filter(case=case).select_related("blob")
    return list(rows.order_by("issued_at", "pk"))


def evidence_items(case: Case) -> list:
    EvidenceItem = model("evidence.EvidenceItem")
    if EvidenceItem is None:
        return []
    rows = EvidenceItem.objects.filter(case=case).select_related("blob")
    return list(rows.order_by("collected_at", "pk"))


def recordings(case: Case) -> list:
    Recording = model("recordings.Recording")
    if Recording is None:
        return []
    rows = Recording.objects.filter(case=case).select_related("blob")
    return list(rows.order_by("started_at", "pk"))


def deliveries(case: Case) -> list:
    Delivery = model("deliveries.Delivery")
    if Delivery is None:
        return []
    rows = Delivery.objects.filter(case=case).select_related("document", "proof_blob")
    return list(rows.order_by("served_on", "pk"))


def step_label(case: Case, step: str) -> str:
    """The case step (a lifecycle action) in words, never its code."""
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(step) if lifecycle and step else None
    return str(action.label) if action else str(_("Other step"))


def recording_title(case: Case, recording) -> str:
    """A recording named by its step in words and its local start time."""
    start = recording.started_at
    when = f"{timezone.localtime(start):%Y-%m-%d %H:%M}" if start else ""
    return f"{step_label(case, recording.step)} {when}".strip()


def items(case: Case) -> list[Item]:
    """Every file of the case, ordered by section, then by date within each section:
    documents first, then evidence, recordings and service proofs (docs/domain.md §2)."""
    found = [
        Item(section_of_document(d.doc_type), "document", d.title, d, d.blob, d.number, d.issued_at)
        for d in documents(case)
    ]
    found += [
        Item("investigation", "evidence", e.title, e, e.blob, "", e.collected_at)
        for e in evidence_items(case)
    ]
    found += [
        Item("investigation", "recording", recording_title(case, r), r, r.blob, "", r.started_at)
        for r in recordings(case)
    ]
    found += [
        Item("service", "service-proof", str(d), d, d.proof_blob, d.document.number, d.served_on)
        for d in deliveries(case)
        if d.proof_blob_id
    ]
    rank = {"document": 0, "evidence": 1, "recording": 2, "service-proof": 3}
    found.sort(key=lambda i: (SECTION_CODES.index(i.section), rank[i.kind]))
    return found


def related_subjects(case: Case) -> dict[str, list[str]]:
    """Record subjects of the case: the case and every row with a foreign key to it."""
    subjects = {kind_of(case): [str(case.pk)]}
    for relation in case._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        related = relation.related_model
        ids = related._default_manager.filter(**{relation.field.name: case}).values_list(
            "pk", flat=True
        )
        found = [str(pk) for pk in ids]
        if found:
            subjects.setdefault(kind_of(related), []).extend(found)
    return subjects


def entries(case: Case) -> QuerySet[Entry]:
    """The case's record entries (about it or about its rows), in sequence order."""
    condition = Q()
    for kind, ids in related_subjects(case).items():
        condition |= Q(subject_kind=kind, subject_id__in=ids)
    return Entry.objects.filter(condition).order_by("sequence")
