"""Reading recordings: a case's recordings and reasons, which of its steps the recording
list requires and whether each has what it needs, and the device register."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from openenforce.accounts.permissions import get_for_user, scope
from openenforce.cases import lifecycles
from openenforce.recordings import requirements
from openenforce.recordings.models import (
    Device,
    DeviceCustody,
    Recording,
    RecordingGap,
    RecordingWaiver,
)

__all__ = [
    "StepStatus",
    "custody_history",
    "devices_for_user",
    "get_device_for_user",
    "recordings_for_case",
    "step_statuses",
    "waivers_for_case",
]


def recordings_for_case(case) -> QuerySet[Recording]:
    """The recordings of ``case`` in time order, with device, officer, file and gaps."""
    gaps = Prefetch("gaps", queryset=RecordingGap.objects.order_by("started_at"))
    return (
        Recording.objects.filter(case=case)
        .select_related("device", "officer", "blob", "created_by")
        .prefetch_related(gaps)
        .order_by("started_at", "id")
    )


def waivers_for_case(case) -> QuerySet[RecordingWaiver]:
    return RecordingWaiver.objects.filter(case=case).select_related("recorded_by")


@dataclass
class StepStatus:
    """One step of the case that the recording list may require a recording of."""

    code: str
    label: str
    requirements: list = field(default_factory=list)
    satisfied: bool = False
    conditional: str = ""  # e.g. "only when served by leaving or announcement"
    recordings: list = field(default_factory=list)
    waiver: RecordingWaiver | None = None


def _entries(case, action, listed: list) -> tuple[list, str]:
    """The recording-list entries for ``action``, and whether they are conditional: a
    service not yet made may need a recording, depending on its method."""
    data = case.details.get(action.code) if isinstance(case.details, dict) else None
    is_service = any(spec.name == "method" for spec in action.inputs)
    if data is None and is_service:
        entries = [
            entry
            for words in requirements.SERVICE_METHODS.values()
            for entry in requirements.requirements_for(
                case, [action.code], {"method": words[0]}, listed
            )
        ]
        return entries, "service"
    return requirements.requirements_for(case, [action.code], data, listed), ""


def step_statuses(case, *, recordings=None, waivers=None) -> list[StepStatus]:
    """Each action of the case's procedure that carries the ``recording_made`` gate and
    that the agency's recording list covers for this matter, with what the case has.
    A service not yet made is listed as conditional on its method. The recording list,
    the recordings and the reasons are read once (or passed in)."""
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None:
        return []
    listed = requirements.list_entries(case)
    if not listed:
        return []
    recordings = list(Recording.objects.filter(case=case)) if recordings is None else recordings
    waivers = list(RecordingWaiver.objects.filter(case=case)) if waivers is None else waivers
    rows = []
    for action in lifecycle.actions:
        if requirements.GATE not in action.gates:
            continue
        entries, conditional = _entries(case, action, listed)
        if not entries:
            continue
        result = requirements.evaluate(
            case, (action.code,), entries, recordings=recordings, waivers=waivers
        )
        rows.append(
            StepStatus(
                code=action.code,
                label=str(action.label),
                requirements=entries,
                satisfied=result.satisfied,
                conditional=conditional,
                recordings=result.recordings,
                waiver=result.waiver,
            )
        )
    return rows


def devices_for_user(user) -> QuerySet[Device]:
    """The devices of the agencies the user may read, with whoever holds each now."""
    open_custody = Prefetch(
        "custody",
        queryset=DeviceCustody.objects.filter(returned_at=None).select_related("officer"),
        to_attr="open_custody",
    )
    return (
        scope(Device.objects.all(), user)
        .select_related("agency")
        .prefetch_related(open_custody)
        .order_by("agency", "code")
    )


def get_device_for_user(user, pk) -> Device:
    return get_for_user(Device.objects.select_related("agency"), user, pk=pk)


def custody_history(device: Device) -> QuerySet[DeviceCustody]:
    return device.custody.select_related("officer", "checked_out_by", "returned_by").order_by(
        "-checked_out_at"
    )
