"""What the party's page shows: the case's served documents, the party's rights with
their deadlines in plain words and the articles that give them, the case's record entries
(events and times only: no personal data), and a receipt by its code."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.deliveries import rules as delivery_rules
from openenforce.deliveries.models import Delivery
from openenforce.documents.models import Document
from openenforce.ledger import labels
from openenforce.ledger.models import Entry
from openenforce.partyaccess import services
from openenforce.partyaccess.models import Submission


@dataclass(frozen=True)
class Right:
    """Something the party may do, until when, and the article that gives the right."""

    code: str
    what: str
    due: datetime.date | None
    article: str
    open: bool


PLAIN = {
    "defence": lambda: _("State your case and defend yourself, in writing here"),
    "hearing_request": lambda: _("Request a hearing"),
    "payment": lambda: _("Pay the fine"),
    "reconsideration": lambda: _("Apply for administrative reconsideration"),
    "litigation": lambda: _("Sue in a people's court"),
}


def served_deliveries(case: Case) -> list[Delivery]:
    """The case's completed services (announcements still running left out), oldest first."""
    return [
        d
        for d in Delivery.objects.filter(case=case)
        .select_related("document")
        .order_by("deemed_served_on", "pk")
        if not d.pending
    ]


def served_documents(case: Case) -> list[Document]:
    seen: dict[int, Document] = {}
    for delivery in served_deliveries(case):
        seen.setdefault(delivery.document_id, delivery.document)
    return list(seen.values())


def may_see_document(case: Case, document_id: int) -> Document | None:
    """A document of the party's case that was served on them, else None."""
    return next((d for d in served_documents(case) if d.pk == document_id), None)


def _case_rights(case: Case, today: datetime.date) -> list[Right]:
    found = []
    for code, article in (
        ("defence", services.ART_DEFENCE),
        ("hearing_request", services.ART_HEARING),
    ):
        period = services.period_of(case, code)
        if period is None or (code == "hearing_request" and not _hearing_right(case)):
            continue
        is_open = services.period_open(case, code, today)
        if code == "hearing_request":
            is_open = services.may_request_hearing(case, today)
        found.append(Right(code, PLAIN[code](), period.due, cite(article), is_open))
    return found


def _hearing_right(case: Case) -> bool:
    return services.hearing_eligible(case) or case.hearing_requested


def rights(case: Case, today: datetime.date) -> list[Right]:
    """The party's rights now: the case's own periods (statement and defence, hearing),
    then those running from each served document (payment, reconsideration, lawsuit)."""
    found = _case_rights(case, today)
    for delivery in served_deliveries(case):
        for item in delivery.deadlines or []:
            code = item.get("code", "")
            if code in ("defence", "hearing_request") or code not in PLAIN:
                continue
            due = datetime.date.fromisoformat(item["due"])
            found.append(
                Right(code, PLAIN[code](), due, cite(item.get("article", "")), due >= today)
            )
    return found


def remaining(case: Case, today: datetime.date) -> list[str]:
    """What remains open to the party once the statement and hearing periods are over."""
    open_rights = [r for r in rights(case, today) if r.open and r.code in delivery_rules.PERIODS]
    if open_rights:
        return [
            _("%(what)s until %(date)s (%(article)s).")
            % {"what": r.what, "date": r.due.isoformat() if r.due else "", "article": r.article}
            for r in open_rights
        ]
    return [
        _(
            "The agency now decides. The decision served on you will say how to apply for "
            "administrative reconsideration within 60 days (%(recon)s) or sue within 6 months "
            "(%(suit)s); it will appear on this page."
        )
        % {"recon": cite("行政复议法 Art 20"), "suit": cite("行政诉讼法 Art 46")}
    ]


@dataclass(frozen=True)
class PublicEntry:
    sequence: int
    at: datetime.datetime
    label: str


def record_entries(case: Case) -> list[PublicEntry]:
    """The case's own entries in the record: sequence, time and event only."""
    entries = Entry.objects.filter(subject_kind="cases.case", subject_id=str(case.pk)).order_by(
        "sequence"
    )
    return [
        PublicEntry(e.sequence, e.recorded_at, labels.event_label(e.event_type) or e.event_type)
        for e in entries.only("sequence", "recorded_at", "event_type")
    ]


def submissions(case: Case) -> list[Submission]:
    return list(case.party_submissions.prefetch_related("files__blob").order_by("submitted_at"))


def receipt(code: str) -> Submission | None:
    """A submission by its receipt code (unguessable), else None."""
    if not code or len(code) > 40:
        return None
    return (
        Submission.objects.select_related("case", "agency")
        .prefetch_related("files__blob")
        .filter(receipt_code=code)
        .first()
    )


def receipt_entry(submission: Submission) -> Entry | None:
    return Entry.objects.filter(
        subject_kind="partyaccess.submission", subject_id=str(submission.pk)
    ).first()
