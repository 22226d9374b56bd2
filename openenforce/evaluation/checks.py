"""The checks the record can answer, by machine key.

A rubric item may name one of these keys (``CHECKS``: the key and what it checks, in
words). ``REGISTRY`` holds the check of each key: a function of a case returning a
``Finding``: met, not met, or None when the record cannot tell (a paper step, a period
the rules do not set): the evaluator decides. Each finding carries its evidence, the
facts it rests on, with where to see them (the case page, the document, the record
entry). The checks only read what the owning apps hold (docs/evaluation.md section 2).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openenforce.casefiles import collect
from openenforce.casefiles.models import CaseFileExport
from openenforce.cases.models import Case, Deadline
from openenforce.deliveries.models import Delivery
from openenforce.disclosure.models import Publication
from openenforce.documents.kinds import KINDS
from openenforce.documents.models import DocType, Document
from openenforce.ledger.models import Entry
from openenforce.recordings.models import RequiredRecording
from openenforce.reviews.major import assess_major
from openenforce.reviews.selectors import ReviewStatus, latest_review, review_status

CHECKS = {
    "two_certified_officers": gettext_lazy(
        "At least two officers with a valid enforcement certificate covering the field "
        "took part in each investigation step (行政处罚法 Art 42)."
    ),
    "filed_in_time": gettext_lazy("The case was filed within the period after the lead was found."),
    "rights_notified": gettext_lazy(
        "The party was told of the intended decision and of their rights to state, defend "
        "and ask for a hearing before the decision (行政处罚法 Art 44, 45, 63)."
    ),
    "review_before_decision": gettext_lazy(
        "A major case passed legal review (and collective discussion) before the decision "
        "(行政处罚法 Art 57, 58)."
    ),
    "art59_elements": gettext_lazy(
        "The decision document holds every element 行政处罚法 Art 59 requires."
    ),
    "served_within_period": gettext_lazy(
        "The decision was served within the statutory period (行政处罚法 Art 61: 7 days)."
    ),
    "service_receipts": gettext_lazy("Every document served has its service receipt on file."),
    "recordings_complete": gettext_lazy(
        "Every step that requires an audio-visual recording has one (全过程记录)."
    ),
    "payment": gettext_lazy(
        "Payment or performance is recorded, through the separate collection account."
    ),
    "decision_published": gettext_lazy(
        "The decision was published within the period the rules set."
    ),
    "file_complete": gettext_lazy("The closed case file holds every required document, in order."),
}


def label(key: str) -> str:
    return str(CHECKS.get(key, key))


@dataclass(frozen=True)
class Evidence:
    """One fact a finding rests on: its label in the reader's language, where to see it
    (the case page, the document, the record entry), and the record entry's sequence."""

    label: str
    url: str = ""
    sequence: int | None = None

    @property
    def entry_url(self) -> str:
        """The record entry's proof page, when the evidence names an entry."""
        return _entry_url(self.sequence)


@dataclass(frozen=True)
class Finding:
    """``met`` is None when the record cannot tell: the evaluator decides."""

    met: bool | None
    evidence: list[Evidence] = field(default_factory=list)


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else "—"


def _sequence(subject, event_type: str | None = None) -> int | None:
    entries = Entry.objects.filter(
        subject_kind=subject._meta.label_lower, subject_id=str(subject.pk)
    )
    if event_type:
        entries = entries.filter(event_type=event_type)
    return entries.order_by("-sequence").values_list("sequence", flat=True).first()


def _entry_url(sequence: int | None) -> str:
    return f"/transparency/entry/{sequence}/proof/" if sequence else ""


def _case_evidence(case: Case, label: str, action: str | None = None) -> Evidence:
    sequence = _sequence(case, f"cases.case.{action}") if action else None
    return Evidence(label, f"/cases/{case.pk}/", sequence)


def _document_evidence(document: Document, label: str) -> Evidence:
    return Evidence(label, f"/documents/{document.pk}/", _sequence(document))


def _decision_documents(case: Case) -> list[Document]:
    documents = Document.objects.filter(case=case).order_by("issued_at", "id")
    return [d for d in documents if getattr(KINDS.get(d.doc_type), "remedies", False)]


def _decision_document(case: Case) -> Document | None:
    """The newest decision letter (a correction replaces the document it corrects)."""
    found = _decision_documents(case)
    return found[-1] if found else None


# --- the checks -----------------------------------------------------------------------


def two_certified_officers(case: Case) -> Finding:
    """On the filing day and the decision day, at least two handlers (not recused) hold a
    certificate in force that covers the matter's enforcement field."""
    days = [d for d in (case.filed_on, case.decided_on) if d]
    if not days:
        return Finding(None, [_case_evidence(case, _("The case has no filing or decision date."))])
    field_id = case.matter.field_id if case.matter_id else None
    handlers = list(
        case.handlers.filter(recused=False).select_related("officer").order_by("role", "id")
    )
    evidence: list[Evidence] = []
    met = True
    for day in days:
        certified = []
        for handler in handlers:
            certificates = handler.officer.certificates.valid_on(day)
            if field_id is not None:
                certificates = certificates.filter(fields__id=field_id)
            certificate = certificates.order_by("valid_to").first()
            if certificate is not None and handler.officer.may_enforce:
                certified.append(handler)
                label = _("%(officer)s: certificate %(number)s in force on %(day)s") % {
                    "officer": handler.officer.name,
                    "number": certificate.number,
                    "day": _day(day),
                }
                url = f"/portal/certificates/{certificate.number}/"  # the public certificate
            else:
                label = _("%(officer)s: no certificate covering the field in force on %(day)s") % {
                    "officer": handler.officer.name,
                    "day": _day(day),
                }
                url = f"/catalog/officers/{handler.officer.pk}/"
            evidence.append(Evidence(label, url))
        if len(certified) < 2:
            met = False
            evidence.append(
                _case_evidence(
                    case,
                    _("Only %(count)s certified officer(s) on %(day)s.")
                    % {"count": len(certified), "day": _day(day)},
                )
            )
    return Finding(met, evidence)


def filed_in_time(case: Case) -> Finding:
    """The rules set no period from the lead to the filing: the dates are shown and the
    evaluator decides."""
    if case.filed_on is None:
        return Finding(None, [_case_evidence(case, _("The case was never filed."))])
    values = {
        "opened": _day(case.opened_on),
        "filed": _day(case.filed_on),
        "days": (case.filed_on - case.opened_on).days,
    }
    if case.opened_on > case.filed_on:  # entered after the fact: the lead's day is unknown
        label = (
            _(
                "Case filed on %(filed)s; entered in the system on %(opened)s, so the day the "
                "lead was found is not in the record."
            )
            % values
        )
    else:
        label = (
            _("Lead registered on %(opened)s, case filed on %(filed)s (%(days)s days).") % values
        )
    return Finding(None, [_case_evidence(case, label, "approve_filing")])


def rights_notified(case: Case) -> Finding:
    """The prior notice was served before the decision day."""
    if case.decided_on is None:
        return Finding(None, [_case_evidence(case, _("The case has no decision."))])
    notices = Document.objects.filter(case=case, doc_type=DocType.PRIOR_NOTICE).order_by("id")
    evidence = [
        _document_evidence(d, _("Prior notice %(number)s issued.") % {"number": d.number})
        for d in notices
    ]
    served = case.prior_notice_served_on
    if served is None:
        evidence.append(_case_evidence(case, _("No prior notice was served before the decision.")))
        return Finding(False, evidence)
    label = _("Prior notice served on %(served)s; decision on %(decided)s.") % {
        "served": _day(served),
        "decided": _day(case.decided_on),
    }
    evidence.append(_case_evidence(case, label, "serve_prior_notice"))
    return Finding(served <= case.decided_on, evidence)


def review_before_decision(case: Case) -> Finding:
    """A major decision passed legal review (or a collective discussion allowed it)."""
    assessment = assess_major(case)
    if not assessment.is_major:
        return Finding(None, [_case_evidence(case, _("Not a major case: no review required."))])
    status = review_status(case, assessment)
    review = latest_review(case)
    label = _("Legal review: %(status)s.") % {"status": ReviewStatus(status).label}
    evidence = [Evidence(label, f"/cases/{case.pk}/", _sequence(review) if review else None)]
    return Finding(status in (ReviewStatus.PASSED, ReviewStatus.SETTLED), evidence)


def _art59(document: Document) -> list[tuple[str, bool]]:
    context = document.context or {}
    values = context.get("values") or {}
    parties = context.get("parties") or []
    agency = context.get("agency") or {}
    kind = KINDS.get(document.doc_type)
    elements = [
        (_("(1) the party's name"), bool(parties) and all(p.get("name") for p in parties)),
        (
            _("(2) the facts and the evidence"),
            bool(values.get("facts")) and bool(values.get("evidence")),
        ),
        (
            _("(3) the penalty and its legal basis"),
            bool(values.get("penalty") or values.get("reasons") or values.get("decision"))
            and bool(
                values.get("penalty_basis")
                or values.get("violated_provision")
                or values.get("legal_basis")
            ),
        ),
    ]
    if kind is not None and kind.payment:
        elements.append((_("(4) how and by when to perform it"), bool(context.get("payment"))))
    elements += [
        (_("(5) the ways and periods to seek review or sue"), bool(context.get("remedies"))),
        (_("(6) the agency's name and the date"), bool(agency) and bool(context.get("date"))),
    ]
    return elements


def art59_elements(case: Case) -> Finding:
    document = _decision_document(case)
    if document is None:
        return Finding(None, [_case_evidence(case, _("No decision document was issued here."))])
    elements = _art59(document)
    evidence = [
        _document_evidence(
            document, _("Decision document %(number)s.") % {"number": document.number}
        )
    ]
    for label, present in elements:
        text = _("%(element)s: present") if present else _("%(element)s: missing")
        evidence.append(Evidence(text % {"element": label}, f"/documents/{document.pk}/"))
    return Finding(all(present for _label, present in elements), evidence)


def served_within_period(case: Case) -> Finding:
    deadline = Deadline.objects.filter(case=case, kind="service").order_by("-id").first()
    if deadline is None:
        return Finding(None, [_case_evidence(case, _("No service period ran on this case."))])
    if deadline.met_on is None:
        label = _("Service due by %(due)s; no service recorded.") % {"due": _day(deadline.due)}
        return Finding(False, [_case_evidence(case, label)])
    label = _("Decision on %(start)s, served on %(served)s, due by %(due)s.") % {
        "start": _day(deadline.start),
        "served": _day(deadline.met_on),
        "due": _day(deadline.due),
    }
    return Finding(deadline.met_on <= deadline.due, [_case_evidence(case, label, "serve_decision")])


def _has_proof(delivery: Delivery) -> bool:
    return bool(
        delivery.proof_blob_id
        or delivery.signed_by
        or delivery.tracking_number
        or delivery.system_record
        or delivery.announcement_medium
        or delivery.recording_reference
        or delivery.witnesses
    )


def service_receipts(case: Case) -> Finding:
    deliveries = list(
        Delivery.objects.filter(case=case).select_related("document").order_by("served_on", "id")
    )
    if not deliveries:
        served = Deadline.objects.filter(case=case, kind="service", met_on__isnull=False)
        if served.exists():
            label = _("Service was entered on the case, not through the service register.")
            return Finding(None, [_case_evidence(case, label, "serve_decision")])
        return Finding(
            None, [_case_evidence(case, _("No document was served through the system."))]
        )
    evidence = []
    for delivery in deliveries:
        proof = _has_proof(delivery)
        text = (
            _("%(document)s served on %(day)s (%(method)s): receipt on file")
            if proof
            else _("%(document)s served on %(day)s (%(method)s): no receipt")
        )
        label = text % {
            "document": delivery.document.number,
            "day": _day(delivery.served_on),
            "method": delivery.get_method_display(),
        }
        evidence.append(Evidence(label, f"/documents/{delivery.document_id}/", _sequence(delivery)))
    return Finding(all(_has_proof(d) for d in deliveries), evidence)


def recordings_complete(case: Case) -> Finding:
    required = list(RequiredRecording.objects.filter(case=case).order_by("taken_on", "id"))
    if not required:
        return Finding(
            None, [_case_evidence(case, _("No step of this case required a recording."))]
        )
    evidence = []
    labels = {
        "recorded": _("recorded"),
        "waived": _("no recording, reason recorded"),
        "missing": _("missing"),
    }
    for row in required:
        label = _("%(step)s on %(day)s: %(status)s") % {
            "step": collect.step_label(case, row.step),
            "day": _day(row.taken_on),
            "status": labels[row.status],
        }
        evidence.append(Evidence(label, f"/cases/{case.pk}/", _sequence(row)))
    return Finding(all(row.status != "missing" for row in required), evidence)


def payment(case: Case) -> Finding:
    payments = (case.details or {}).get("payments") or []
    deadline = Deadline.objects.filter(case=case, kind="payment").order_by("-id").first()
    if deadline is None and not payments:
        return Finding(None, [_case_evidence(case, _("Nothing was to be paid in this case."))])
    evidence = [
        _case_evidence(
            case,
            _("Paid %(amount)s yuan on %(day)s.")
            % {"amount": p.get("amount"), "day": p.get("paid_on")},
            "record_payment",
        )
        for p in payments
    ]
    court = (case.details or {}).get("court_application")
    if court:
        evidence.append(
            _case_evidence(
                case,
                _("Enforcement applied for at the court on %(day)s.")
                % {"day": court.get("applied_on")},
                "apply_to_court",
            )
        )
    if not payments and not court:
        evidence.append(_case_evidence(case, _("No payment was recorded.")))
        return Finding(False, evidence)
    return Finding(True, evidence)


def decision_published(case: Case) -> Finding:
    publication = Publication.objects.filter(case=case).order_by("-id").first()
    if publication is None:
        return Finding(None, [_case_evidence(case, _("No publication was drafted for this case."))])
    url = f"/disclosure/{publication.pk}/"
    if publication.exemption:
        label = _("Not published because: %(why)s.") % {"why": publication.get_exemption_display()}
        return Finding(None, [Evidence(label, url, _sequence(publication))])
    if publication.published_at is None:
        label = _("Due by %(due)s; not published.") % {"due": _day(publication.due_on)}
        return Finding(False, [Evidence(label, url, _sequence(publication))])
    published = timezone.localtime(publication.published_at).date()
    label = _("Published on %(day)s, due by %(due)s.") % {
        "day": _day(published),
        "due": _day(publication.due_on),
    }
    return Finding(published <= publication.due_on, [Evidence(label, url, _sequence(publication))])


def file_complete(case: Case) -> Finding:
    """The parts the ordered file holds are listed; whether each required paper is there
    is for the evaluator (paper documents are not in the record)."""
    sections = {code: str(label) for code, label in collect.SECTIONS}
    counts: dict[str, int] = {}
    for item in collect.items(case):
        counts[item.section] = counts.get(item.section, 0) + 1
    evidence = [
        Evidence(
            _("%(count)s item(s) in part %(part)s.")
            % {"count": n, "part": sections.get(section, section)},
            f"/cases/{case.pk}/",
        )
        for section, n in counts.items()
    ]
    export = CaseFileExport.objects.filter(case=case).order_by("-created_at").first()
    if export is not None:
        evidence.append(
            Evidence(
                _("Case file exported on %(day)s.")
                % {"day": _day(timezone.localtime(export.created_at).date())},
                "",
                _sequence(export),
            )
        )
    if not evidence:
        evidence.append(_case_evidence(case, _("The case file holds nothing yet.")))
    return Finding(None, evidence)


REGISTRY: dict[str, Callable[[Case], Finding]] = {
    "two_certified_officers": two_certified_officers,
    "filed_in_time": filed_in_time,
    "rights_notified": rights_notified,
    "review_before_decision": review_before_decision,
    "art59_elements": art59_elements,
    "served_within_period": served_within_period,
    "service_receipts": service_receipts,
    "recordings_complete": recordings_complete,
    "payment": payment,
    "decision_published": decision_published,
    "file_complete": file_complete,
}


def run(key: str, case: Case) -> Finding | None:
    """The finding of check ``key`` on ``case``; None for an item without a check."""
    check = REGISTRY.get(key)
    return check(case) if check is not None else None
