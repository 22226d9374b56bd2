"""The recordings part of the REST API (mounted at /api/v1/recordings/ by openenforce.api).

The device register and custody; a case's recordings, reasons and the steps its
recording list requires. A recording's file is uploaded first through the resumable
upload endpoint (/api/v1/uploads/, tus 1.0) and then registered with its upload id.
Refusals answer 403/404/409/422 with a stable code and the rule's article.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from openenforce.cases.permissions import get_case_for_user
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound
from openenforce.evidence.models import Upload
from openenforce.recordings import selectors, services
from openenforce.recordings.models import Device, DeviceCustody, Recording, RecordingWaiver

router = Router(tags=["recordings"])


class DeviceIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    kind: Literal[tuple(Device.Kind.values)]  # type: ignore[valid-type]
    model: str = Field("", max_length=100)
    serial: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)


class CustodyOut(Schema):
    id: int
    officer: str = Field(..., description="Officer code.")
    officer_name: str
    checked_out_at: datetime.datetime
    returned_at: datetime.datetime | None
    purpose: str


class DeviceOut(Schema):
    id: int
    agency: str
    code: str
    kind: str
    model: str
    serial: str
    status: str
    held_by: CustodyOut | None


class CheckoutIn(Schema):
    officer: str = Field(..., description="Officer code in the device's agency.")
    at: datetime.datetime | None = Field(None, description="Now when omitted.")
    until: datetime.datetime | None = Field(None, description="A past period already over.")
    purpose: str = Field("", max_length=200)


class ReturnIn(Schema):
    at: datetime.datetime | None = Field(None, description="Now when omitted.")


class StatusIn(Schema):
    status: Literal[tuple(Device.Status.values)]  # type: ignore[valid-type]
    note: str = Field("", max_length=2000)


class GapIO(Schema):
    started_at: datetime.datetime
    ended_at: datetime.datetime
    reason: str = Field(..., max_length=2000)


class RecordingIn(Schema):
    step: str = Field(..., description="Action code of the case's procedure.")
    device: str = Field(..., description="Device number in the case's agency.")
    officer: str = Field(..., description="Recording officer's code.")
    started_at: datetime.datetime
    ended_at: datetime.datetime
    place: str = Field(..., min_length=1, max_length=200)
    upload: uuid.UUID = Field(..., description="Id of the caller's finished upload.")
    party_informed: bool = False
    note: str = Field("", max_length=5000)
    gaps: list[GapIO] = []


class RecordingOut(Schema):
    id: int
    step: str
    device: str
    officer: str
    started_at: datetime.datetime
    ended_at: datetime.datetime
    place: str
    media: str
    content_type: str
    size: int
    sha256: str
    sm3: str
    party_informed: bool
    note: str
    gaps: list[GapIO]
    url: str = Field(..., description="The file, with HTTP Range support.")


class WaiverIn(Schema):
    step: str
    reason: str = Field(..., max_length=5000)


class WaiverOut(Schema):
    id: int
    step: str
    reason: str
    recorded_by: str
    recorded_at: datetime.datetime


class RequirementOut(Schema):
    code: str
    step: str
    kind: str


class StepOut(Schema):
    action: str
    label: str
    requirements: list[RequirementOut]
    satisfied: bool
    conditional: str = Field("", description="'service': only for leaving or announcement.")


class CaseRecordingsOut(Schema):
    steps: list[StepOut]
    recordings: list[RecordingOut]
    waivers: list[WaiverOut]


def _custody(row: DeviceCustody | None) -> dict | None:
    if row is None:
        return None
    return {
        "id": row.pk,
        "officer": row.officer.code,
        "officer_name": row.officer.name,
        "checked_out_at": row.checked_out_at,
        "returned_at": row.returned_at,
        "purpose": row.purpose,
    }


def _device(device: Device) -> dict:
    out = getattr(device, "open_custody", None)
    if out is None:
        out = list(device.custody.filter(returned_at=None).select_related("officer"))
    return {
        "id": device.pk,
        "agency": device.agency.code,
        "code": device.code,
        "kind": device.kind,
        "model": device.model,
        "serial": device.serial,
        "status": device.status,
        "held_by": _custody(out[0] if out else None),
    }


def _recording(r: Recording) -> dict:
    return {
        "id": r.pk,
        "step": r.step,
        "device": r.device.code,
        "officer": r.officer.code,
        "started_at": r.started_at,
        "ended_at": r.ended_at,
        "place": r.place,
        "media": r.media,
        "content_type": r.blob.content_type,
        "size": r.blob.size,
        "sha256": r.blob.sha256,
        "sm3": r.blob.sm3,
        "party_informed": r.party_informed,
        "note": r.note,
        "gaps": [
            {"started_at": g.started_at, "ended_at": g.ended_at, "reason": g.reason}
            for g in r.gaps.all()
        ],
        "url": reverse("recordings:media", args=[r.pk]),
    }


def _waiver(w: RecordingWaiver) -> dict:
    return {
        "id": w.pk,
        "step": w.step,
        "reason": w.reason,
        "recorded_by": w.recorded_by.username,
        "recorded_at": w.created_at,
    }


@router.get("devices", response={200: list[DeviceOut], **ERRORS}, operation_id="list_devices")
def list_devices(request: HttpRequest):
    """The device register of the agencies the caller may read, with who holds each now."""
    return [_device(d) for d in selectors.devices_for_user(request.auth)]


@router.post("devices", response={201: DeviceOut, **ERRORS}, operation_id="register_device")
def register_device(request: HttpRequest, payload: DeviceIn):
    """Add a device to the caller's agency register (administrators and heads)."""
    device = services.register_device(actor=request.auth, **payload.model_dump())
    return Status(201, _device(device))


@router.get(
    "devices/{int:device_id}/custody",
    response={200: list[CustodyOut], **ERRORS},
    operation_id="device_custody",
)
def device_custody(request: HttpRequest, device_id: int):
    """Who held the device when, newest first."""
    device = selectors.get_device_for_user(request.auth, device_id)
    return [_custody(row) for row in selectors.custody_history(device)]


@router.post(
    "devices/{int:device_id}/checkout",
    response={201: CustodyOut, **ERRORS},
    operation_id="checkout_device",
)
def checkout_device(request: HttpRequest, device_id: int, payload: CheckoutIn):
    """Hand the device to an officer; periods of one device never overlap."""
    device = selectors.get_device_for_user(request.auth, device_id)
    row = services.checkout_device(device, actor=request.auth, **payload.model_dump())
    return Status(201, _custody(row))


@router.post(
    "devices/{int:device_id}/return",
    response={200: CustodyOut, **ERRORS},
    operation_id="return_device",
)
def return_device(request: HttpRequest, device_id: int, payload: ReturnIn):
    device = selectors.get_device_for_user(request.auth, device_id)
    return _custody(services.return_device(device, actor=request.auth, at=payload.at))


@router.post(
    "devices/{int:device_id}/status",
    response={200: DeviceOut, **ERRORS},
    operation_id="set_device_status",
)
def set_device_status(request: HttpRequest, device_id: int, payload: StatusIn):
    device = selectors.get_device_for_user(request.auth, device_id)
    changed = services.set_device_status(device, actor=request.auth, **payload.model_dump())
    return _device(changed)


def _case_out(case) -> dict:
    recordings = list(selectors.recordings_for_case(case))
    waivers = list(selectors.waivers_for_case(case))
    steps = selectors.step_statuses(case, recordings=recordings, waivers=waivers)
    return {
        "steps": [
            {
                "action": s.code,
                "label": s.label,
                "satisfied": s.satisfied,
                "conditional": s.conditional,
                "requirements": [
                    {"code": e.code, "step": e.step, "kind": e.kind} for e in s.requirements
                ],
            }
            for s in steps
        ],
        "recordings": [_recording(r) for r in recordings],
        "waivers": [_waiver(w) for w in waivers],
    }


@router.get(
    "cases/{int:case_id}",
    response={200: CaseRecordingsOut, **ERRORS},
    operation_id="case_recordings",
)
def case_recordings(request: HttpRequest, case_id: int):
    """The steps the recording list requires of the case and whether each is met, its
    recordings (with file digests and gaps) and the recorded reasons."""
    return _case_out(get_case_for_user(request.auth, case_id))


@router.post(
    "cases/{int:case_id}/recordings",
    response={201: RecordingOut, **ERRORS},
    operation_id="add_recording",
)
def add_recording(request: HttpRequest, case_id: int, payload: RecordingIn):
    """Register a recording whose file the caller uploaded through /api/v1/uploads/."""
    case = get_case_for_user(request.auth, case_id)
    upload = (
        Upload.objects.select_related("blob").filter(pk=payload.upload, owner=request.auth).first()
    )
    if upload is None:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    data = payload.model_dump(exclude={"upload", "gaps"})
    gaps = [services.Gap(g.started_at, g.ended_at, g.reason) for g in payload.gaps]
    recording = services.add_recording(case, actor=request.auth, upload=upload, gaps=gaps, **data)
    return Status(201, _recording(selectors.recordings_for_case(case).get(pk=recording.pk)))


@router.post(
    "cases/{int:case_id}/waivers",
    response={201: WaiverOut, **ERRORS},
    operation_id="waive_recording",
)
def waive_recording(request: HttpRequest, case_id: int, payload: WaiverIn):
    """Record why a step the recording list covers has no recording."""
    case = get_case_for_user(request.auth, case_id)
    waiver = services.waive_recording(case, actor=request.auth, **payload.model_dump())
    return Status(201, _waiver(waiver))
