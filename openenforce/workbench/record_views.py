"""The record as staff see it: a subject's events and one entry's inclusion proof.

Mounted under /transparency/ beside the ledger's public tlog-tiles endpoints
(``openenforce.workbench.record_urls``); the ledger itself knows nothing of users.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openenforce.ledger import state
from openenforce.workbench import timeline


@require_GET
def subject_timeline(request: HttpRequest, kind: str, subject_id: str) -> HttpResponse:
    """A subject's recorded events with a verified mark (a whole page, or the htmx part)."""
    events = timeline.events_for(request.user, kind, subject_id)
    model = state.model_for(kind)
    name = f"{model._meta.verbose_name} {subject_id}" if model is not None else subject_id
    context = {"events": events, "kind": kind, "subject_id": subject_id, "subject_name": name}
    template = "record/_timeline.html" if request.htmx else "record/subject.html"
    return render(request, template, context)


@require_GET
def entry_proof(request: HttpRequest, sequence: int) -> HttpResponse:
    """The inclusion proof of one entry against the current checkpoint (htmx part)."""
    proof = timeline.proof_for(request.user, sequence)
    template = "record/_proof.html" if request.htmx else "record/proof.html"
    return render(request, template, {"proof": proof})
