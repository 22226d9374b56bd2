"""Service pages: recording service of a document, and settling an announcement, from the
case page's service section. Refusals come back to the case page as messages naming each
field (and the article)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openenforce.cases.permissions import get_case_for_user
from openenforce.core.pages import invalid_form, report, run_service
from openenforce.deliveries import selectors, services
from openenforce.deliveries.forms import ServeForm
from openenforce.documents.selectors import get_document_for_user
from openenforce.evidence.services import store_stream


def _back(document) -> HttpResponse:
    if document.case_id:
        return redirect("workbench:case", document.case_id)
    return redirect("documents:view", document.pk)


@require_POST
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    form = ServeForm(request.POST)
    if not form.is_valid():
        report(request, invalid_form(form))
        return _back(document)
    fields = form.service_kwargs()
    upload = request.FILES.get("proof")

    def serve_it():
        if upload is not None:
            return services.serve_document_with_proof(
                document, actor=request.user, stream=upload.chunks(), **fields
            )
        return services.serve_document(document, actor=request.user, **fields)

    run_service(request, serve_it, success=lambda delivery: delivery.get_method_display())
    return _back(document)


@require_POST
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.get_delivery_for_user(request.user, pk)
    run_service(request, lambda: services.settle_announcement(delivery, actor=request.user))
    return _back(delivery.document)


@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the party's consent to electronic service from a signed confirmation on
    paper (its scan optional), 行政处罚法 Art 61."""
    case = get_case_for_user(request.user, pk)
    scan = request.FILES.get("scan")

    def record_it():
        blob = None
        if scan is not None:
            blob = store_stream(
                scan.chunks(), max_size=services.PROOF_MAX_BYTES, allowed_types=services.PROOF_TYPES
            )
        return services.record_electronic_consent(
            case,
            actor=request.user,
            channels=request.POST.getlist("channels"),
            email=request.POST.get("email", ""),
            reference=request.POST.get("reference", ""),
            signed_on=request.POST.get("signed_on", ""),
            form="scan" if blob is not None else "paper",
            scan_blob=blob,
        )

    run_service(request, record_it, success=_("The consent to electronic service was recorded."))
    return redirect("workbench:case", case.pk)


@require_POST
def serve_electronically(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    channel = request.POST.get("channel", "")
    run_service(
        request,
        lambda: services.serve_electronically(document, actor=request.user, channel=channel),
        success=_("Served electronically."),
    )
    return _back(document)
