"""Reading evidence: open a stored file, list a case's evidence and who viewed it."""

from __future__ import annotations

from openenforce.cases import lifecycles
from openenforce.evidence.models import Blob, EvidenceItem, EvidenceView
from openenforce.evidence.storage import open_stored


def open_blob(blob: Blob):
    """The stored content of ``blob`` as a binary file object (close it after use),
    streamed from the object store when storage is S3 (``storage.open_stored``)."""
    return open_stored(blob.name)


def evidence_for_case(case):
    """The case's evidence items in their order, with file and people."""
    return (
        EvidenceItem.objects.filter(case=case)
        .select_related("blob", "collected_by", "added_by")
        .order_by("seq")
    )


def views_for_case(case, *, limit: int = 20):
    """The latest views and downloads of the case's evidence (who saw what, when)."""
    return (
        EvidenceView.objects.filter(item__case=case)
        .select_related("viewer", "item")
        .order_by("-at")[:limit]
    )


def step_label(case, step: str) -> str:
    """The name of the case action an item belongs to ('' for none)."""
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(step) if lifecycle and step else None
    return str(action.label) if action else step
