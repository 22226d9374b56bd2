"""Staff pages: the device register (list, add, checkout, return, status, history),
adding a recording or a reason from the case page, and playing a recording.

Playback goes through the evidence app's ``serve_blob`` (HTTP Range, so browsers seek),
after the view is recorded; one implementation of serving stored files.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.cases.permissions import get_case_for_user, get_for_reader
from openenforce.catalog.models import Officer
from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.core.pages import submit
from openenforce.evidence.models import Upload
from openenforce.evidence.views import serve_blob
from openenforce.recordings import permissions as perms
from openenforce.recordings import selectors, services
from openenforce.recordings.forms import (
    CheckoutForm,
    DeviceForm,
    RecordingForm,
    ReturnForm,
    StatusForm,
    WaiveForm,
)
from openenforce.recordings.models import Device, Recording

# "09:40-09:45 reason" (or 09:40:10–09:45:00, ~, 至), one interruption per line
_GAP = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?)\s*[-–~至]\s*(\d{1,2}:\d{2}(?::\d{2})?)\s+(.+)$")


def _gap_problem(number: int) -> InvalidInput:
    message = _("Line %(n)s: write an interruption as 09:40-09:45 and its reason.") % {"n": number}
    return InvalidInput(message, code="invalid_input", problems=[FieldProblem("gaps", message)])


def _on_day(start: datetime.datetime, text: str) -> datetime.datetime:
    """``HH:MM[:SS]`` on the local day of ``start``; the next day if earlier than it."""
    hour, minute, second = ([int(p) for p in text.split(":")] + [0])[:3]
    local = timezone.localtime(start)
    moment = local.replace(hour=hour, minute=minute, second=second, microsecond=0)
    if moment < local.replace(second=0, microsecond=0):
        moment += datetime.timedelta(days=1)
    return moment


def parse_gaps(text: str, start: datetime.datetime) -> list[services.Gap]:
    """Interruptions typed one per line as ``HH:MM-HH:MM reason`` on the recording's day."""
    gaps = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _GAP.match(line.strip())
        if match is None:
            raise _gap_problem(number)
        try:
            first, last = _on_day(start, match[1]), _on_day(start, match[2])
        except ValueError:
            raise _gap_problem(number) from None
        gaps.append(services.Gap(first, last, match[3]))
    return gaps


def _back(case) -> str:
    return reverse("workbench:case", args=[case.pk]) + "#recordings"


def _own_upload(request: HttpRequest, upload_id: str) -> Upload:
    try:
        return Upload.objects.select_related("blob").get(pk=upload_id, owner=request.user)
    except (Upload.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@require_POST
def add_recording(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The case page's form: a file (or a finished resumable upload) and its particulars."""
    case = get_case_for_user(request.user, case_pk)

    def add(data: dict) -> Recording:
        start, file_input = data["started_at"], {}
        if upload_id := data["upload"]:
            file_input["upload"] = _own_upload(request, upload_id)
        elif uploaded := request.FILES.get("file"):
            file_input = {"stream": uploaded.chunks(), "file_name": uploaded.name}
        return services.add_recording(
            case,
            actor=request.user,
            step=data["step"],
            device=data["device"],
            officer=data["officer"],
            started_at=start,
            ended_at=data["ended_at"],
            place=data["place"],
            party_informed=data["party_informed"],
            note=data["note"],
            gaps=parse_gaps(data["gaps"], start),
            **file_input,
        )

    submit(request, RecordingForm(request.POST), add, success=_("Recording registered."))
    return redirect(_back(case))


@require_POST
def waive(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_pk)
    submit(
        request,
        WaiveForm(request.POST),
        lambda data: services.waive_recording(case, actor=request.user, **data),
        success=_("The reason why no recording exists is recorded."),
    )
    return redirect(_back(case))


def _recording_for(request: HttpRequest, pk: int) -> Recording:
    queryset = Recording.objects.select_related("blob", "case", "device")
    # The case's staff and supervisors, and an evaluator assigned the case (reading only).
    return get_for_reader(queryset, request.user, pk=pk)


@require_http_methods(["GET", "HEAD"])
def media(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The recording's file for the page's player, with byte ranges (seeking)."""
    return _serve(request, pk, download=False)


@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _serve(request, pk, download=True)


def _starts_playback(request: HttpRequest) -> bool:
    """A player asks for many ranges while it plays and seeks; one view is recorded per
    playback: the request for the whole file or for its first bytes."""
    wanted = request.headers.get("Range", "").replace(" ", "")
    return request.method == "GET" and (not wanted or wanted.startswith("bytes=0-"))


def _serve(request: HttpRequest, pk: int, *, download: bool) -> HttpResponseBase:
    recording = _recording_for(request, pk)
    if _starts_playback(request):
        services.record_view(recording, actor=request.user, download=download)
    name = recording.file_name or f"{recording.case.number or recording.case_id}-{recording.pk}"
    return serve_blob(request, recording.blob, file_name=name, as_attachment=download)


# --- the device register -------------------------------------------------------------------


def _require_register(request: HttpRequest) -> None:
    if not perms.can_see_register(request.user):
        raise PermissionDenied


@require_GET
def devices(request: HttpRequest) -> HttpResponse:
    _require_register(request)
    user = request.user
    officers = Officer.objects.none()
    if perms.can_handle_devices(user):
        officers = Officer.objects.filter(agency_id=user.agency_id, status="active").order_by(
            "code"
        )
    context = {
        "devices": selectors.devices_for_user(user),
        "kinds": Device.Kind.choices,
        "may_register": perms.can_register_devices(user),
        "may_handle": perms.can_handle_devices(user),
        "officers": officers,
        "own_officer": getattr(user, "officer", None) if perms.can_handle_devices(user) else None,
    }
    return render(request, "recordings/devices.html", context)


@require_GET
def device(request: HttpRequest, pk: int) -> HttpResponse:
    _require_register(request)
    found = selectors.get_device_for_user(request.user, pk)
    may_handle = perms.can_handle_devices(request.user, found.agency_id)
    context = {
        "device": found,
        "history": selectors.custody_history(found),
        "recordings": found.recordings.select_related("case", "officer").order_by("-started_at")[
            :50
        ],
        "open_custody": found.custody.filter(returned_at=None).select_related("officer").first(),
        "statuses": Device.Status.choices,
        "may_register": perms.can_register_devices(request.user, found.agency_id),
        "may_handle": may_handle,
        "officers": Officer.objects.filter(agency_id=found.agency_id, status="active").order_by(
            "code"
        )
        if may_handle
        else [],
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "recordings/device.html", context)


@require_POST
def register(request: HttpRequest) -> HttpResponse:
    _require_register(request)
    submit(
        request,
        DeviceForm(request.POST),
        lambda data: services.register_device(actor=request.user, **data),
        success=lambda found: _("Device %(code)s registered.") % {"code": found.code},
    )
    return redirect("recordings:devices")


def _device_step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., object],
    success: str,
) -> tuple[forms.Form, Device]:
    """Run ``service`` on a device of the register with the posted form's data (but the
    page to go back to); ``success`` may name the device's ``%(code)s``."""
    _require_register(request)
    found = selectors.get_device_for_user(request.user, pk)
    form = form_class(request.POST)
    submit(
        request,
        form,
        lambda data: service(
            found, actor=request.user, **{k: v for k, v in data.items() if k != "next"}
        ),
        success=success % {"code": found.code},
    )
    return form, found


@require_POST
def checkout(request: HttpRequest, pk: int) -> HttpResponse:
    form, found = _device_step(
        request, pk, CheckoutForm, services.checkout_device, _("Device %(code)s checked out.")
    )
    return redirect(_safe_next(form, found))


@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    form, found = _device_step(
        request, pk, ReturnForm, services.return_device, _("Device %(code)s returned.")
    )
    return redirect(_safe_next(form, found))


@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    _form, found = _device_step(
        request, pk, StatusForm, services.set_device_status, _("Status changed.")
    )
    return redirect("recordings:device", pk=found.pk)


def _safe_next(form, found: Device) -> str:
    """Back to the register list or the device page (never elsewhere)."""
    if form.to_list():
        return reverse("recordings:devices")
    return reverse("recordings:device", args=[found.pk])
