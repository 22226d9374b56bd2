"""Service pages: recording service of a document, and settling an announcement, from the
case page's service section. Refusals come back to the case page as messages naming each
field (and the article)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from openenforce.core.errors import DomainError
from openenforce.deliveries import selectors, services
from openenforce.deliveries.models import Delivery
from openenforce.documents.selectors import get_document_for_user


def _back(document) -> HttpResponse:
    if document.case_id:
        return redirect("workbench:case", document.case_id)
    return redirect("documents:view", document.pk)


def _report(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, str(error))
    for problem in error.problems[1:]:
        messages.error(request, problem.message)


def proof_fields(data, method: str) -> dict:
    """The chosen method's proof fields from a form (named ``<method>__<field>``)."""
    names = (*services.TEXT_FIELDS, "consent_on")
    found = {name: data.get(f"{method}__{name}", "") for name in names}
    found["note"] = data.get("note", "")
    return found


@require_POST
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    method = request.POST.get("method", "")
    fields = {
        "method": method,
        "recipient": request.POST.get("recipient", ""),
        "served_on": request.POST.get("served_on", ""),
        **proof_fields(request.POST, method),
    }
    upload = request.FILES.get("proof")
    try:
        if upload is not None:
            services.serve_document_with_proof(
                document, actor=request.user, stream=upload.chunks(), **fields
            )
        else:
            services.serve_document(document, actor=request.user, **fields)
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, Delivery.Method(method).label)
    return _back(document)


@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.get_delivery_for_user(request.user, pk)
    try:
        services.settle_announcement(delivery, actor=request.user)
    except DomainError as error:
        _report(request, error)
    return _back(delivery.document)
