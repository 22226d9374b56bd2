"""The field app (掌上执法): an installable web app for officers on a phone.

Pages are server-rendered and light; ``field.js`` keeps an append-only queue in IndexedDB
(each item hashed with WebCrypto at capture), uploads files through the tus endpoint and
sends each item once to ``items`` with its idempotency key. The service worker keeps the
pages and their files for use without a network.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any, cast

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import User
from openenforce.catalog.models import Matter
from openenforce.core.errors import DomainError, FieldProblem, InvalidInput, NotFound
from openenforce.core.pages import run_service
from openenforce.core.params import parse_id
from openenforce.evidence.models import Upload
from openenforce.field import selectors
from openenforce.onsite import services
from openenforce.onsite.services import Signed

# Photos taken in the app are previewed from blob: URLs before they are sent.
MEDIA_CSP = {"img-src": ["blob:"], "media-src": ["blob:"]}
MAX_BODY = 1024 * 1024  # one item's JSON (a signature image is a few kilobytes)


# What the script shows in words (it has no catalogue of its own).
LABELS = {
    "capture": gettext_lazy("On-site capture"),
    "record": gettext_lazy("On-site inspection record"),
    "decision": gettext_lazy("On-the-spot decision"),
    "photo": gettext_lazy("Photo"),
    "audio": gettext_lazy("Audio"),
    "video": gettext_lazy("Video"),
    "bodycam": gettext_lazy("Body camera file"),
    "pending": gettext_lazy("waiting to be sent"),
    "refused": gettext_lazy("refused by the server"),
    "queued": gettext_lazy("Kept on this phone; it is sent when there is a network."),
    "synced": gettext_lazy("Everything has reached the server."),
    "conflict": gettext_lazy("The case moved on meanwhile: see the conflicts under Sync."),
    "sign_first": gettext_lazy("The party has not signed yet."),
    "witness_first": gettext_lazy("Choose the witnessing officers."),
}


def _user(request: HttpRequest) -> User:
    """The logged-in user (LoginRequiredMiddleware lets no one else through)."""
    return cast(User, request.user)


def render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return django_render(request, template, {**context, "field_labels": LABELS})


@require_GET
@csp_update(MEDIA_CSP)
def home(request: HttpRequest) -> HttpResponse:
    """Today's inspections and the case steps waiting for me."""
    today = timezone.localdate()
    return render(
        request,
        "field/home.html",
        {
            "today": today,
            "tasks": [
                (t, selectors.state_label(t.case))
                for t in selectors.todays_tasks(_user(request), today)
            ],
            "cases": [
                (c, selectors.state_label(c)) for c in selectors.my_case_steps(_user(request))
            ],
            "conflicts": selectors.conflicts(_user(request)).count(),
        },
    )


@require_GET
@csp_update(MEDIA_CSP)  # type: ignore[arg-type]  # django-csp's stub types a view with no arguments
def task(request: HttpRequest, pk: int) -> HttpResponse:
    """One task: place, target, checklist, recording list; capture, record, decision."""
    try:
        found = selectors.get_task_for_user(_user(request), pk)
    except NotFound as exc:
        raise Http404 from exc
    sheet = selectors.task_sheet(found, _user(request))
    officer = selectors.officer_of(_user(request))
    data = {
        "case": found.case_id,
        "target": found.target.name,
        "address": found.target.address,
        "officer": officer.name if officer else _user(request).display_name,
        "checklist": sheet.checklist,
    }
    context = {
        "task": found,
        "sheet": sheet,
        "data": data,
        "state": selectors.state_label(found.case),
    }
    return render(request, "field/task.html", context)


@require_GET
def certificate(request: HttpRequest) -> HttpResponse:
    """亮证: the certificate full screen with the QR of its public page; one that is not
    valid today (suspended, revoked, expired, not yet valid) is shown as not valid."""
    shown = selectors.certificate_to_show(_user(request))
    return render(request, "field/certificate.html", {"shown": shown})


@require_GET
def sync(request: HttpRequest) -> HttpResponse:
    """What waits on the device (the script fills it), conflicts and what arrived."""
    return render(
        request,
        "field/sync.html",
        {
            "conflicts": selectors.conflicts(_user(request)),
            "recent": selectors.recent(_user(request)),
        },
    )


@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer resolves a conflict: keep the item as evidence, or withdraw it."""
    try:
        submission = selectors.get_conflict_for_user(_user(request), pk)
    except NotFound as exc:
        raise Http404 from exc
    keep = request.POST.get("choice") == "keep"
    run_service(
        request,
        lambda: services.resolve_conflict(
            submission, actor=_user(request), keep=keep, note=request.POST.get("note", "")
        ),
        success=_("The conflict is resolved."),
    )
    return redirect("field:sync")


@require_GET
def signed(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed version of a record or decision: the text the party read and their
    signature (or the refusal), each checked again against its digest and the record."""
    from openenforce.cases.permissions import may_read_case
    from openenforce.onsite.models import Signature
    from openenforce.onsite.selectors import signed_version

    signature = (
        Signature.objects.select_related("submission__case", "content", "image")
        .filter(pk=pk)
        .first()
    )
    if signature is None or not may_read_case(_user(request), signature.submission.case):
        raise Http404
    return render(request, "field/signed.html", {"version": signed_version(signature)})


# --- the sync API -----------------------------------------------------------------------------


def _error(exc: DomainError) -> JsonResponse:
    status = {"InvalidInput": 422, "WrongState": 409, "NotPermitted": 403, "NotFound": 404}
    return JsonResponse(
        {
            "code": exc.code,
            "message": str(exc),
            "problems": [{"field": p.field, "message": p.message} for p in exc.problems],
        },
        status=status.get(type(exc).__name__, 400),
    )


def _bad(name: str, message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_input", problems=[FieldProblem(name, message)])


def _when(value: object, name: str) -> datetime.datetime:
    parsed = parse_datetime(str(value or ""))
    if parsed is None or parsed.tzinfo is None:
        raise _bad(name, _("Give the time as ISO 8601 with its offset."))
    return parsed


def _text(body: dict, name: str, limit: int = 2000) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise _bad(name, _("Enter text."))
    return value[:limit]


def _signed(body: dict) -> Signed:
    sign = body.get("signature") or {}
    refusal = body.get("refusal") or {}
    if not isinstance(sign, dict) or not isinstance(refusal, dict):
        raise _bad("signature", _("The signature is malformed."))
    witnesses = [parse_id(w) for w in refusal.get("witnesses", []) if isinstance(w, int | str)]
    return Signed(
        text=_text(body, "text", services.MAX_TEXT),
        text_sha256=_text(body, "sha256", 64),
        image=services.decode_image(sign["image"]) if sign.get("image") else b"",
        image_sha256=str(sign.get("sha256", ""))[:64],
        signer=str(sign.get("signer", ""))[:100],
        refused=bool(refusal),
        refusal_note=str(refusal.get("note", ""))[:2000],
        witnesses=[w for w in witnesses if w is not None],
    )


def _checklist(body: dict) -> list[dict[str, str]]:
    rows = body.get("checklist", [])
    if not isinstance(rows, list):
        raise _bad("checklist", _("The checklist is malformed."))
    return [
        {k: str(row.get(k, ""))[:500] for k in ("item", "result", "note")}
        for row in rows[:200]
        if isinstance(row, dict)
    ]


def _upload(body: dict, user) -> Upload | None:
    value = str(body.get("upload", ""))
    if not value:
        return None
    try:
        return Upload.objects.filter(pk=value, owner=user).first()
    except Exception:  # noqa: BLE001 -- a malformed UUID is simply not found
        return None


def _matter(body: dict, case) -> Matter:
    matter = (
        services.penalty_matters(case.agency_id).filter(pk=parse_id(body.get("matter"))).first()
    )
    if matter is None:
        raise _bad("matter", _("Choose a penalty matter of the agency."))
    return matter


def _dispatch(request: HttpRequest, body: dict):
    from openenforce.cases.permissions import get_case_for_user

    case_id = parse_id(body.get("case"))
    if case_id is None:
        raise _bad("case", _("Name the case."))
    case = get_case_for_user(_user(request), case_id)
    common: dict[str, Any] = {
        "actor": _user(request),
        "key": _text(body, "key", 64),
        "seq": parse_id(body.get("seq")) or 0,
        "captured_at": _when(body.get("captured_at"), "captured_at"),
        "position": _text(body, "position", 100),
    }
    kind = body.get("kind")
    if kind == "capture":
        end = body.get("window_end")
        return services.submit_capture(
            case,
            media=_text(body, "media", 20),
            sha256=_text(body, "sha256", 64),
            upload=_upload(body, _user(request)),
            device=_text(body, "device", 100),
            window_end=_when(end, "window_end") if end else None,
            title=_text(body, "title", 200),
            **common,
        )
    if kind == "record":
        return services.submit_record(
            case,
            signed=_signed(body),
            place=_text(body, "place", 200),
            present=_text(body, "present", 200),
            checklist=_checklist(body),
            **common,
        )
    if kind == "decision":
        return services.submit_decision(
            case,
            signed=_signed(body),
            matter=_matter(body, case),
            facts=_text(body, "facts"),
            penalty_kind=_text(body, "penalty_kind", 20),
            fine=_text(body, "fine", 20),
            violated=_text(body, "violated"),
            basis=_text(body, "basis"),
            place=_text(body, "place", 200),
            **common,
        )
    raise _bad("kind", _("Unknown kind of item."))


@require_POST
def items(request: HttpRequest) -> JsonResponse:
    """Receive one queued item (JSON). 201 when accepted, 200 when the key was seen
    before (nothing new is made), 409 for a conflict kept for the officer, 422 refused."""
    if len(request.body) > MAX_BODY:
        return JsonResponse(
            {"code": "too_large", "message": _("The item is too large.")}, status=413
        )
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"code": "bad_json", "message": _("The item is not JSON.")}, status=400)
    try:
        outcome = _dispatch(request, body)
    except Http404:
        return JsonResponse({"code": "not_found", "message": _("Not found.")}, status=404)
    except DomainError as exc:
        return _error(exc)
    submission = outcome.submission
    answer = {
        "id": submission.pk,
        "key": submission.key,
        "status": submission.status,
        "duplicate": outcome.duplicate,
        "note": submission.note,
    }
    if submission.document_id:
        answer["document"] = reverse("documents:view", args=[submission.document_id])
        answer["pdf"] = reverse("documents:pdf", args=[submission.document_id])
        answer["number"] = submission.document.number
    conflict = submission.status == submission.Status.CONFLICT
    return JsonResponse(answer, status=409 if conflict else 200 if outcome.duplicate else 201)


# --- the installable app ----------------------------------------------------------------------


@require_GET
@login_not_required  # browsers fetch manifests without cookies; it holds nothing private
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest (installable, starts at today's tasks)."""
    icon = settings.STATIC_URL + "field/icon.svg"
    data = {
        "name": _("Field enforcement"),
        "short_name": _("Field"),
        "start_url": reverse("field:home"),
        "scope": reverse("field:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a61b1b",
        "lang": request.LANGUAGE_CODE,
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /field/ so that its scope is the app."""
    path = finders.find("field/sw.js")
    text = Path(str(path)).read_text(encoding="utf-8")
    shell = [
        reverse("field:home"),
        reverse("field:certificate"),
        reverse("field:sync"),
        settings.STATIC_URL + "field/field.js",
        settings.STATIC_URL + "field/field.css",
    ]
    version = hashlib.sha256(text.encode())
    for name in ("field/field.js", "field/field.css"):
        version.update(Path(str(finders.find(name))).read_bytes())
    text = (
        text.replace("__SHELL__", json.dumps(shell))
        .replace("__STATIC__", settings.STATIC_URL)
        .replace("__VERSION__", version.hexdigest()[:12])
    )
    response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("field:home")
    response["Cache-Control"] = "no-cache"
    return response
