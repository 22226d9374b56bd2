"""Resumable uploads: the tus 1.0.0 protocol at ``/api/v1/uploads/``.

Extensions: creation, checksum (sha1, sha256, md5), termination, expiration. Plain Django
views (tus is not JSON), authenticated like the API: a bearer token, or the staff session
with the CSRF token (``X-CSRFToken``) on unsafe methods. Each upload belongs to the user
who created it; another user's upload answers 404. Errors carry the API's JSON error body.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja.utils import check_csrf

from openenforce.accounts.services import user_for_token
from openenforce.core.errors import DomainError, InvalidInput
from openenforce.core.params import ascii_int
from openenforce.evidence import services, uploads
from openenforce.evidence.models import Upload

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,checksum,termination,expiration"
# Domain error codes that tus (or HTTP) gives their own status.
STATUS_BY_CODE = {
    "file_too_large": 413,
    "upload_too_long": 413,
    "file_type_not_allowed": 415,
    "file_type_mismatch": 415,
    "file_type_unknown": 415,
    "checksum_mismatch": 460,
    "checksum_algorithm_unsupported": 400,
    "bad_checksum": 400,
    "bad_metadata": 400,
    "upload_locked": 423,
    "upload_expired": 410,
    "upload_quota_exceeded": 413,
}
CORS_EXPOSE = "Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires, Location, Tus-Version, Tus-Resumable, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm"


def _response(status: int, headers: dict | None = None, body: dict | None = None) -> HttpResponse:
    content = json.dumps(body, ensure_ascii=False) if body is not None else ""
    response = HttpResponse(
        content, status=status, content_type="application/json" if body is not None else None
    )
    if body is None:
        del response["Content-Type"]
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    response["Access-Control-Expose-Headers"] = CORS_EXPOSE
    for name, value in (headers or {}).items():
        response[name] = str(value)
    return response


def _error(status: int, code: str, message: str, **extra) -> HttpResponse:
    body = {"code": code, "message": message, "article": "", "problems": [], **extra}
    return _response(status, body=body)


def _domain_error(exc: DomainError) -> HttpResponse:
    problems = [{"field": p.field, "message": p.message} for p in exc.problems]
    status = STATUS_BY_CODE.get(exc.code, exc.status)
    return _error(status, exc.code, str(exc), problems=problems)


def _authenticate(request: HttpRequest):
    """The user of a bearer token, or of the session (CSRF checked on unsafe methods)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return user_for_token(header[7:].strip()), None
    user = request.user
    if not user.is_authenticated:
        return None, None
    if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
        return None, _error(403, "csrf_failed", _("The CSRF check failed: reload the page."))
    return user, None


def _int_header(request: HttpRequest, name: str) -> int | None:
    value = request.META.get("HTTP_" + name.upper().replace("-", "_"), "")
    return ascii_int(value)


def _options() -> HttpResponse:
    return _response(
        204,
        {
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": EXTENSIONS,
            "Tus-Max-Size": settings.OPENENFORCE_EVIDENCE_MAX_BYTES,
            "Tus-Checksum-Algorithm": ",".join(uploads.CHECKSUM_ALGORITHMS),
        },
    )


def _guard(request: HttpRequest):
    """Common checks: protocol version and authentication. A response means refused."""
    if request.method == "OPTIONS":
        return None, _options()
    if request.META.get("HTTP_TUS_RESUMABLE") != TUS_VERSION and request.method != "GET":
        return None, _response(412, {"Tus-Version": TUS_VERSION})
    user, refused = _authenticate(request)
    if refused is not None:
        return None, refused
    if user is None:
        response = _error(401, "not_authenticated", _("Authentication required."))
        response["WWW-Authenticate"] = "Bearer"
        return None, response
    return user, None


@csrf_exempt
@login_not_required
def collection(request: HttpRequest) -> HttpResponse:
    """OPTIONS (capabilities) and POST (creation)."""
    user, refused = _guard(request)
    if refused is not None:
        return refused
    if request.method != "POST":
        response = _error(405, "method_not_allowed", _("Use POST to create an upload."))
        response["Allow"] = "OPTIONS, POST"
        return response
    if request.META.get("HTTP_UPLOAD_DEFER_LENGTH"):
        return _error(400, "defer_length_unsupported", _("The length must be given up front."))
    length = _int_header(request, "Upload-Length")
    if length is None:
        return _error(400, "length_required", _("Upload-Length is required."))
    try:
        metadata = uploads.parse_metadata(request.META.get("HTTP_UPLOAD_METADATA", ""))
        upload = services.create_upload(actor=user, length=length, metadata=metadata)
    except DomainError as exc:
        return _domain_error(exc)
    location = request.build_absolute_uri(reverse("tus-upload", args=[upload.pk]))
    return _response(201, {"Location": location, "Upload-Offset": 0, **_expires(upload)})


def _expires(upload: Upload) -> dict:
    if upload.status != Upload.Status.OPEN:
        return {}
    return {"Upload-Expires": http_date(upload.expires_at.timestamp())}


@csrf_exempt
@login_not_required
def resource(request: HttpRequest, upload_id) -> HttpResponse:
    """HEAD (offset), PATCH (append), DELETE (terminate), GET (status as JSON)."""
    user, refused = _guard(request)
    if refused is not None:
        return refused
    upload = Upload.objects.filter(pk=upload_id, owner=user).select_related("blob").first()
    if upload is None:
        return _error(404, "upload_not_found", _("Upload not found."))
    handler = {"HEAD": _head, "PATCH": _patch, "DELETE": _delete, "GET": _status}.get(
        request.method
    )
    if handler is None:
        response = _error(405, "method_not_allowed", _("The method is not allowed here."))
        response["Allow"] = "OPTIONS, GET, HEAD, PATCH, DELETE"
        return response
    try:
        return handler(request, upload, user)
    except DomainError as exc:
        return _domain_error(exc)


def _head(request: HttpRequest, upload: Upload, user) -> HttpResponse:
    headers = {"Upload-Offset": upload.offset, "Upload-Length": upload.length, **_expires(upload)}
    if upload.metadata:
        headers["Upload-Metadata"] = uploads.encode_metadata(upload.metadata)
    return _response(200, headers)


def _patch(request: HttpRequest, upload: Upload, user) -> HttpResponse:
    if request.content_type != "application/offset+octet-stream":
        return _error(
            415,
            "wrong_content_type",
            _("PATCH needs Content-Type application/offset+octet-stream."),
        )
    offset = _int_header(request, "Upload-Offset")
    raw_length = request.META.get("CONTENT_LENGTH", "")
    content_length = ascii_int(raw_length)
    if offset is None or content_length is None:
        raise InvalidInput(_("Upload-Offset and Content-Length are required."), code="bad_request")
    upload = services.receive_chunk(
        upload,
        actor=user,
        offset=offset,
        stream=request,
        content_length=content_length,
        checksum=request.META.get("HTTP_UPLOAD_CHECKSUM", ""),
    )
    return _response(204, {"Upload-Offset": upload.offset, **_expires(upload)})


def _delete(request: HttpRequest, upload: Upload, user) -> HttpResponse:
    services.terminate_upload(upload, actor=user)
    return _response(204)


def _status(request: HttpRequest, upload: Upload, user) -> HttpResponse:
    body = {
        "id": str(upload.pk),
        "offset": upload.offset,
        "length": upload.length,
        "file_name": upload.file_name,
        "complete": upload.status == Upload.Status.COMPLETE,
        "sha256": upload.blob.sha256 if upload.blob_id else None,
        "content_type": upload.blob.content_type if upload.blob_id else None,
    }
    return _response(200, body=body)
