"""Document pages: issuing (form per type, filled from the case), the browser view and
the PDF for the agency's staff, a correction, and the public verification page.

Staff lookups go through the permissions helpers (another agency's case or document
answers 404); the content (parties, facts) is shown to the issuing agency's staff and to
the supervisors of that agency (who read, never issue or correct).
The verification page is public and shows no protected content.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openenforce.accounts.permissions import may_read_content
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.pages import Outcome, run_service
from openenforce.core.params import ascii_int
from openenforce.core.ratelimit import over_hourly_allowance
from openenforce.documents import context as doc_context
from openenforce.documents import selectors, services
from openenforce.documents.forms import DocumentForm, KindChoice
from openenforce.documents.kinds import KINDS, Kind
from openenforce.documents.models import DocType, Document
from openenforce.evidence.selectors import open_blob


def _staff_document(request: HttpRequest, pk: int) -> Document:
    """A document of the user's scope whose content they may see: its agency's staff,
    and supervisors of that agency (the scope includes the agencies they supervise); and
    an evaluator a campaign assigned the case to (``cases.permissions.get_for_reader``:
    reading only, the opening recorded)."""
    try:
        document = selectors.get_document_for_user(request.user, pk)
    except Http404:
        return selectors.get_case_document_for_reader(request.user, pk)
    if not may_read_content(request.user, document.agency_id):
        raise PermissionDenied
    return document


def _field_rows(kind: Kind, values: dict, problems: dict, case) -> list[dict]:
    numbers = []
    if case is not None and any(f.type == "document" for f in kind.fields):
        numbers = [(d.number, f"{d.number} {d.title}") for d in selectors.documents_for_case(case)]
    return [
        {
            **field.as_dict(),
            "value": values.get(field.name, ""),
            "error": problems.get(field.name, ""),
            "choices": numbers if field.type == "document" else [],
        }
        for field in kind.fields
    ]


def _issued(document: Document) -> str:
    return _("Issued %(number)s.") % {"number": document.number}


def _issue(request: HttpRequest, form: DocumentForm, call) -> Outcome:
    """Issue through ``call`` unless the form itself refuses; the refusal is shown on the
    issue form (its fields and the line above them)."""
    refused = form.refusal()
    if refused is not None:
        return Outcome(error=refused)
    return run_service(request, call, success=_issued, quiet=True)


@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The issue form of one type (``?type=``), pre-filled from the case; POST issues."""
    case = get_case_for_user(request.user, case_pk)
    kind = KINDS.get(KindChoice(request.POST).code(asked=request.GET.get("type", "")))
    if not services.can_issue_for_case(request.user, case, kind.code if kind else ""):
        raise PermissionDenied
    if kind is None:
        return render(request, "documents/choose.html", {"case": case, "types": DocType.choices})
    values, problems, refusal = doc_context.defaults(case, kind), {}, ""
    if request.method == "POST":
        form = DocumentForm(request.POST, kind=kind)
        data = form.values()
        outcome = _issue(
            request,
            form,
            lambda: services.issue_document(
                case, actor=request.user, doc_type=kind.code, data=data
            ),
        )
        if outcome.ok:
            return redirect("documents:view", pk=outcome.result.pk)
        values, refusal, problems = data, str(outcome.error), outcome.problems
    context = {
        "case": case,
        "kind": kind,
        "fields": _field_rows(kind, values, problems, case),
        "refusal": refusal,
        "corrects": None,
    }
    return render(request, "documents/issue.html", context, status=422 if refusal else 200)


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the correction of a document: the form starts from the old values."""
    old = _staff_document(request, pk)
    kind = KINDS[old.doc_type]
    if not services.can_correct(request.user, old):
        raise PermissionDenied
    values = dict(old.context.get("values") or {})
    for field in kind.fields:
        if field.type == "document":
            values[field.name] = services._number_in(values.get(field.name))
    problems, refusal, reason = {}, "", ""
    if request.method == "POST":
        form = DocumentForm(request.POST, kind=kind, correcting=True)
        data, reason = form.values(), form.reason()
        outcome = _issue(
            request,
            form,
            lambda: services.correct_document(old, actor=request.user, data=data, reason=reason),
        )
        if outcome.ok:
            return redirect("documents:view", pk=outcome.result.pk)
        values, refusal, problems = data, str(outcome.error), outcome.problems
    context = {
        "case": old.case,
        "kind": kind,
        "fields": _field_rows(kind, values, problems, old.case),
        "refusal": refusal,
        "corrects": old,
        "reason": reason,
        "reason_error": problems.get("reason", ""),
    }
    return render(request, "documents/issue.html", context, status=422 if refusal else 200)


@require_http_methods(["GET"])
def view(request: HttpRequest, pk: int) -> HttpResponse:
    """The document as issued (its stored HTML), with its status and links."""
    document = _staff_document(request, pk)
    context = {
        "document": document,
        "superseded_by": selectors.superseded_by(document),
        "entry": selectors.issue_entry(document),
        "may_correct": services.can_correct(request.user, document),
    }
    return render(request, "documents/view.html", context)


@require_http_methods(["GET"])
def pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The issued PDF, byte for byte as stored (its digest is in the record); each
    download is recorded."""
    document = _staff_document(request, pk)
    services.record_download(document, actor=request.user)
    name = f"{document.title}-{document.number}.pdf"
    return FileResponse(open_blob(document.blob), content_type="application/pdf", filename=name)


def _public_base() -> str:
    """The portal's layout if the portal provides one, else the site's."""
    return select_template(["portal/base.html", "base.html"]).template.name


def normalise_code(typed: str) -> str:
    """A verification code as typed or pasted: spaces and line breaks dropped (a code read
    off paper is often typed in groups), and a pasted verification address cut to its
    last part."""
    code = "".join(typed.split())
    if "/" in code:
        code = code.rstrip("/").rsplit("/", 1)[-1]
    return code[:40]


def _unknown_code(request: HttpRequest, code: str, *, status: int = 404) -> HttpResponse:
    """The plain "no such code" page, with the box to type the code again."""
    limited = status == 429
    context = {"code": code, "limited": limited, "base_template": _public_base()}
    return render(request, "documents/verify_unknown.html", context, status=status)


@login_not_required
@require_http_methods(["GET"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Public: the code typed in the box (``?code=``) leads to its verification page; an
    unknown code answers the plain "not found" page with the box again. Lookups count
    against the same hourly allowance per address as the PDF checks."""
    code = normalise_code(request.GET.get("code", ""))
    if not code:
        return _unknown_code(request, "", status=200)
    if over_hourly_allowance(request, "code-lookup", settings.OPENENFORCE_CODE_LOOKUPS_PER_HOUR):
        return _unknown_code(request, code, status=429)
    document = selectors.find_by_typed_code(code)
    if document is None:
        return _unknown_code(request, code)
    return redirect("documents:verify", code=document.verification_code)


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a document with this code was issued (number, type, agency, date)
    in one plain sentence, the technical detail (digest, record entry) folded below, and,
    for an uploaded PDF, whether it is that document."""
    try:
        document = selectors.get_by_code(code)
    except Http404:
        limited = over_hourly_allowance(
            request, "code-lookup", settings.OPENENFORCE_CODE_LOOKUPS_PER_HOUR
        )
        return _unknown_code(request, code, status=429 if limited else 404)
    result, status = None, 200
    if request.method == "POST":
        if over_hourly_allowance(request, "pdf-check", settings.OPENENFORCE_PDF_CHECKS_PER_HOUR):
            message = _("Too many checks from your address. Try again in an hour.")
            result, status = {"ok": False, "message": message}, 429
        else:
            result, status = _check_upload(request, document)
    entry = selectors.issue_entry(document)
    context = {
        "document": document,
        "type_label": DocType(document.doc_type).label,
        "entry": entry,
        "recorded": entry is not None and document.sha256 in selectors.recorded_digests(document),
        "superseded_by": selectors.superseded_by(document),
        "result": result,
        "base_template": _public_base(),
        "max_mb": selectors.MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "documents/verify.html", context, status=status)


def _check_upload(request: HttpRequest, document: Document) -> tuple[dict, int]:
    # Refuse an oversized body before Django spools it to disk (request.FILES reads it all).
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if ascii_int(declared, maximum=selectors.MAX_UPLOAD_BYTES + 64 * 1024) is None:
        return _too_large(), 413
    try:
        upload = request.FILES.get("file")
    except RequestDataTooBig:
        return _too_large(), 413
    if upload is None:
        return {"ok": False, "message": _("Choose the PDF file to check.")}, 422
    try:
        sha256, head = selectors.digest_upload(upload)
    except selectors.UploadTooLarge:
        return _too_large(), 413
    if not selectors.is_pdf(head):
        return {"ok": False, "message": _("The file is not a PDF.")}, 422
    if selectors.matches(document, sha256):
        return {"ok": True, "sha256": sha256}, 200
    return {"ok": False, "sha256": sha256, "mismatch": True}, 200


def _too_large() -> dict:
    message = _("The file is larger than %(mb)d MB: it is not this document.")
    return {"ok": False, "message": message % {"mb": selectors.MAX_UPLOAD_BYTES >> 20}}
