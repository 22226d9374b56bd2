"""Reading service records: per document of a case, its services and the time limits
running from the day it counts as served."""

from __future__ import annotations

from dataclasses import dataclass, field

from openenforce.accounts.permissions import get_for_user
from openenforce.deliveries import deadlines, rules
from openenforce.deliveries.models import Delivery
from openenforce.documents.selectors import documents_for_case


@dataclass
class DocumentService:
    """One document of a case with its services; ``running`` are the time limits from the
    first completed service (the later ones do not restart them)."""

    document: object
    deliveries: list[Delivery] = field(default_factory=list)
    running: list[deadlines.Running] = field(default_factory=list)

    @property
    def served(self) -> Delivery | None:
        return next((d for d in self.deliveries if not d.pending), None)

    @property
    def pending(self) -> Delivery | None:
        return next((d for d in self.deliveries if d.pending), None)


def deliveries_for_document(document) -> list[Delivery]:
    return list(document.deliveries.order_by("deemed_served_on", "pk"))


def service_for_document(document) -> DocumentService:
    row = DocumentService(document, deliveries_for_document(document))
    if row.served is not None:
        row.running = deadlines.running(document, row.served.deemed_served_on)
    return row


def service_for_case(case) -> list[DocumentService]:
    """Every document of the case in force, oldest first, with its service status."""
    documents = [
        d
        for d in documents_for_case(case)
        if d.doc_type in rules.SERVED_TYPES and not d.corrections.all()
    ]
    if not documents:
        return []  # no query more for a case with nothing to serve (case page budget)
    by_document: dict[int, list[Delivery]] = {}
    for delivery in Delivery.objects.filter(case=case).order_by("deemed_served_on", "pk"):
        by_document.setdefault(delivery.document_id, []).append(delivery)
    rows = []
    for document in documents:
        row = DocumentService(document, by_document.get(document.pk, []))
        if row.served is not None:
            row.running = deadlines.running(document, row.served.deemed_served_on)
        rows.append(row)
    return rows


def get_delivery_for_user(user, pk) -> Delivery:
    """One service record the user may read, else 404."""
    queryset = Delivery.objects.select_related("document", "case", "agency")
    return get_for_user(queryset, user, pk=pk)
