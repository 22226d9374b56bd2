"""Evidence pages: adding an item (file upload or a finished resumable upload), the item
page with its player and view log, and the file itself with HTTP Range support.

``serve_blob`` is the one implementation of serving a stored file (ranges, ETag,
disposition); other apps that show their own files to staff call it after recording
the view of their own object.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.cases.permissions import get_case_for_user, get_for_reader
from openenforce.core.pages import invalid_form, report, run_service
from openenforce.evidence import selectors, services
from openenforce.evidence.forms import EvidenceForm
from openenforce.evidence.models import Blob, EvidenceItem, EvidenceView, Upload

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a single ``bytes=`` range; None to serve it all (absent, several
    ranges, or malformed: RFC 9110 lets a server ignore those); False if unsatisfiable."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length and size else False
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return False
    return start, end


def _read(blob: Blob, start: int, length: int) -> Iterator[bytes]:
    with selectors.open_blob(blob) as handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


def serve_blob(
    request: HttpRequest, blob: Blob, *, file_name: str = "", as_attachment: bool = False
) -> HttpResponseBase:
    """The stored file, whole (200) or one byte range (206), so browsers can seek in
    audio and video; 416 for a range outside the file. The caller checks permission and
    records the view first."""
    etag = f'"{blob.sha256}"'
    wanted = _byte_range(request.headers.get("Range", ""), blob.size)
    if_range = request.headers.get("If-Range")
    if if_range and if_range != etag:
        wanted = None  # the client's copy is another file: send the whole
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{blob.size}"
        return response
    start, end = wanted if wanted else (0, blob.size - 1)
    length = max(end - start + 1, 0)
    response = StreamingHttpResponse(
        _read(blob, start, length), status=206 if wanted else 200, content_type=blob.content_type
    )
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{blob.size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, file_name or blob.sha256[:16]
    )
    if blob.content_type.startswith("text/"):
        response["Content-Security-Policy"] = "sandbox"  # never run what a text file holds
    return response


def _item_for(request: HttpRequest, pk: int) -> EvidenceItem:
    queryset = EvidenceItem.objects.select_related("case", "blob", "collected_by", "added_by")
    # The case's staff and supervisors, and an evaluator assigned the case (reading only).
    return get_for_reader(queryset, request.user, pk=pk)


@require_http_methods(["GET", "HEAD"])
@xframe_options_sameorigin  # a PDF may be framed by our own item page
def content(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The item's file, shown in the browser (images, PDF, audio/video with seeking)."""
    return _serve(request, pk, mode=EvidenceView.Mode.VIEW)


@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _serve(request, pk, mode=EvidenceView.Mode.DOWNLOAD)


def _serve(request: HttpRequest, pk: int, *, mode: str) -> HttpResponseBase:
    item = _item_for(request, pk)
    if item.blob is None:
        raise Http404
    if request.method == "GET":
        services.record_view(item, actor=request.user, mode=mode)
    return serve_blob(
        request,
        item.blob,
        file_name=item.file_name or f"{item.case.number or item.case_id}-{item.seq}",
        as_attachment=mode == EvidenceView.Mode.DOWNLOAD,
    )


@require_GET
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    views = item.views.select_related("viewer")[:50]
    context = {"item": item, "views": views, "step": selectors.step_label(item.case, item.step)}
    return render(request, "evidence/item.html", context)


@require_POST
def add(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Add an item from the case page's form: a finished resumable upload (``upload``),
    a plain file upload (``file``), or no file."""
    case = get_case_for_user(request.user, case_pk)
    back = reverse("workbench:case", args=[case.pk]) + "#evidence"
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        report(request, invalid_form(form))
        return redirect(back)

    def add_it():
        fields = _fields(request, case, form.cleaned_data)
        uploaded = request.FILES.get("file")
        if uploaded is not None:
            return services.add_evidence_with_file(
                case,
                actor=request.user,
                stream=uploaded.chunks(),
                file_name=uploaded.name,
                **fields,
            )
        return services.add_evidence(case, actor=request.user, **fields)

    run_service(request, add_it, success=_("Evidence added."))
    return redirect(back)


def _fields(request: HttpRequest, case, data: dict) -> dict:
    fields = {
        name: data[name] for name in ("kind", "step", "title", "description", "place", "method")
    }
    fields["collected_at"] = data["collected_at"] or timezone.now()
    if collector := data["collected_by"]:
        fields["collected_by"] = services.collector_for(case, collector)
    if upload_id := data["upload"]:
        fields["upload"] = _own_upload(request, upload_id)
    return fields


def _own_upload(request: HttpRequest, upload_id: str) -> Upload:
    try:
        return Upload.objects.select_related("blob").get(pk=upload_id, owner=request.user)
    except (Upload.DoesNotExist, ValueError, ValidationError) as exc:
        raise services.upload_not_found() from exc
