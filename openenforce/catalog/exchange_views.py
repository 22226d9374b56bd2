"""Staff pages for the catalogue workbook: download, and upload → preview → confirm.

Any staff member who can read an agency (its own staff, its supervisors) may download its
catalogue; only its administrators and heads may import (``can_edit_catalog``). An upload
is checked (size, then the zip signature, not the file name), imported as a dry run to
show exactly what would change and every problem, and kept under ``VAR_DIR/imports``
with a random token bound to the user's session until it is applied or cancelled.
"""

from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import can_edit_catalog, get_for_user
from openenforce.catalog.exchange import (
    FileRefused,
    ImportReport,
    check_signature,
    export_bytes,
    export_filename,
    import_workbook,
)
from openenforce.core.errors import DomainError

SESSION_KEY = "catalog_import"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
STALE_AFTER_SECONDS = 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _too_large_message() -> str:
    limit = settings.OPENENFORCE_IMPORT_MAX_BYTES
    return _("The file is too large; at most %(max)s MB can be imported.") % {
        "max": round(limit / 1e6, 1)
    }


def _too_large(request: HttpRequest) -> bool:
    """Judge by the declared length before Django reads the body into a temporary file."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.OPENENFORCE_IMPORT_MAX_BYTES + 64 * 1024  # room for the form


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.OPENENFORCE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_too_large_message())
        try:
            check_signature(upload.read(8))
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        upload.seek(0)
        return upload


def _agency(request: HttpRequest) -> Agency:
    """The agency named by ``?agency=`` (or the user's own), if the user may read it."""
    raw = request.GET.get("agency") or request.POST.get("agency") or request.user.agency_id
    if raw is None:
        raise Http404
    return get_for_user(Agency.objects.all(), request.user, field="id", pk=raw)


def _require_import(user: User, agency: Agency) -> None:
    if not can_edit_catalog(user, agency.pk):
        raise PermissionDenied


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    may_import = can_edit_catalog(request.user, agency.pk)
    context = {"agency": agency, "may_import": may_import, "form": UploadForm()}
    return render(request, "catalog/exchange/index.html", context)


@require_GET
def export(request: HttpRequest) -> FileResponse:
    agency = _agency(request)
    return FileResponse(
        io.BytesIO(export_bytes(agency)),
        as_attachment=True,
        filename=export_filename(agency),
        content_type=XLSX_TYPE,
    )


def _imports_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _upload_path(user: User, token: str) -> Path:
    """Uploads are named by user and token, so a token is useless to anyone else."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404
    return _imports_dir() / f"{user.pk}-{token}.xlsx"


def _remove_stale_uploads() -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in _imports_dir().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _store(request: HttpRequest, agency: Agency, upload) -> tuple[str, Path]:
    _remove_stale_uploads()
    token = secrets.token_urlsafe(24)
    path = _upload_path(request.user, token)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "agency": agency.pk, "name": upload.name}
    return token, path


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Check the upload and show the dry run: what would change, or every problem."""
    if _too_large(request):
        messages.error(request, _too_large_message())
        return redirect(f"{reverse('catalog_exchange:index')}?{request.GET.urlencode()}")
    agency = _agency(request)
    _require_import(request.user, agency)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"agency": agency, "may_import": True, "form": form}
        return render(request, "catalog/exchange/index.html", context, status=422)
    token, path = _store(request, agency, form.cleaned_data["file"])
    try:
        report = import_workbook(path, agency=agency, actor=request.user, dry_run=True)
    except DomainError as refused:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        return _preview(request, agency, error=refused, status=422)
    if not report.edits:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        token = ""
    return _preview(request, agency, report=report, token=token)


def _preview(
    request: HttpRequest,
    agency: Agency,
    *,
    report: ImportReport | None = None,
    error: DomainError | None = None,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "agency": agency,
        "report": report,
        "counts": list(report.counts().items()) if report else [],
        "error": error,
        "token": token,
        "file_name": request.FILES["file"].name if "file" in request.FILES else "",
    }
    return render(request, "catalog/exchange/preview.html", context, status=status)


def _pending(request: HttpRequest) -> tuple[Agency, Path]:
    """The upload this user previewed in this session, or 404."""
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or not secrets.compare_digest(token, pending.get("token", "")):
        raise Http404
    agency = get_for_user(Agency.objects.all(), request.user, field="id", pk=pending["agency"])
    _require_import(request.user, agency)
    path = _upload_path(request.user, token)
    if not path.exists():
        raise Http404
    return agency, path


@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    """Apply a previewed upload (or cancel it); the stored file is removed either way."""
    agency, path = _pending(request)
    request.session.pop(SESSION_KEY, None)
    back = f"{reverse('catalog_exchange:index')}?agency={agency.pk}"
    try:
        if "cancel" in request.POST:
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(back)
        report = import_workbook(path, agency=agency, actor=request.user)
    except DomainError as refused:
        return _preview(request, agency, error=refused, status=422)
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request, _("The catalogue was imported.") + " " + "；".join(report.summary_lines())
    )
    return redirect(back)
