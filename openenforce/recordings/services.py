"""The one write path for recordings: the device register, custody of devices, the
recordings of case steps (with their gaps) and the reasons why a step has none.

Each service runs in one transaction and appends its event to the record in it; a
recording's entry carries the digests of its media file. Rules: 行政处罚法 Art 47 (the
whole-process record) and the State Council's guidance on the three systems
(国办发〔2018〕118号: device register, stated reason for every interruption, the
recording list).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import can_read_agency, writable_agency_ids
from openenforce.cases import lifecycles
from openenforce.cases.articles import cite
from openenforce.cases.engine import effective_date
from openenforce.cases.models import Case
from openenforce.cases.permissions import check_may_work_on, may_read_case
from openenforce.catalog.models import Officer
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.evidence.models import Blob, Upload
from openenforce.evidence.services import store_stream
from openenforce.ledger.models import Entry
from openenforce.ledger.services import record
from openenforce.ledger.state import kind_of
from openenforce.recordings import requirements
from openenforce.recordings.models import (
    Device,
    DeviceCustody,
    Recording,
    RecordingGap,
    RecordingWaiver,
    RequiredRecording,
)

GUIDANCE = "国办发〔2018〕118号"
ART_47 = "行政处罚法 Art 47"
# Clocks of devices and servers differ a little: a recording may end this much "in the future".
CLOCK_SKEW = datetime.timedelta(minutes=5)
MIN_REASON = 5  # characters: a reason must say something


@dataclass(frozen=True)
class Gap:
    """An interruption to register with a recording."""

    started_at: datetime.datetime
    ended_at: datetime.datetime
    reason: str


def _invalid(field: str, message: str, code: str = "invalid_input", article: str = ""):
    return InvalidInput(
        message, code=code, article=cite(article), problems=[FieldProblem(field, message)]
    )


def _require_staff(actor: User, agency_id: int, *roles: str) -> None:
    """The actor writes for this agency (supervisors only read) and holds one of ``roles``."""
    if not actor.is_active or not can_read_agency(actor, agency_id):
        raise NotFound(_("Not found."), code="not_found")
    ids = writable_agency_ids(actor)
    writes = ids is None or agency_id in ids
    if not writes or not (actor.is_superuser or actor.has_role(*roles)):
        raise NotPermitted(
            _("Your role does not allow this change to the recordings."),
            code="recordings_role_required",
        )


def _aware(value: datetime.datetime | None, field: str) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + CLOCK_SKEW:
        raise _invalid(field, _("This time is in the future."))
    return value


def _officer(agency_id: int, officer: Officer | str) -> Officer:
    code = officer.code if isinstance(officer, Officer) else str(officer or "").strip()
    found = Officer.objects.filter(agency_id=agency_id, code=code).first()
    if found is None:
        raise _invalid("officer", _("No officer with the code %(code)s.") % {"code": code})
    return found


# --- the device register ------------------------------------------------------------------


DEVICE_ADMINS = (Role.ADMIN, Role.HEAD)
DEVICE_USERS = (Role.OFFICER, Role.HEAD, Role.ADMIN)


@transaction.atomic
def register_device(
    *,
    actor: User,
    code: str,
    kind: str,
    model: str = "",
    serial: str = "",
    note: str = "",
    agency=None,
) -> Device:
    """Add a device to the actor's agency register. Writes ``recordings.device.registered``."""
    agency_id = agency.pk if agency is not None else actor.agency_id
    if agency_id is None:
        raise _invalid("agency", _("Choose the agency."))
    _require_staff(actor, agency_id, *DEVICE_ADMINS)
    code = (code or "").strip()
    if not code:
        raise _invalid("code", _("This field is required."))
    if kind not in Device.Kind.values:
        raise _invalid("kind", _("Choose a body camera, an audio recorder or a camera."))
    if Device.objects.filter(agency_id=agency_id, code=code).exists():
        raise _invalid(
            "code",
            _("A device with the number %(code)s is registered already.") % {"code": code},
            code="device_exists",
        )
    device = Device.objects.create(
        agency_id=agency_id,
        code=code,
        kind=kind,
        model=model.strip(),
        serial=serial.strip(),
        note=note.strip(),
    )
    record(actor=actor, event_type="recordings.device.registered", subject=device)
    return device


@transaction.atomic
def set_device_status(device: Device, *, actor: User, status: str, note: str = "") -> Device:
    """Put a device under repair, back in service, or retire it (only when returned).
    Writes ``recordings.device.status_changed``."""
    _require_staff(actor, device.agency_id, *DEVICE_ADMINS)
    device = Device.objects.select_for_update().get(pk=device.pk)
    if status not in Device.Status.values:
        raise _invalid("status", _("Choose a valid status."))
    if status != Device.Status.IN_SERVICE and device.custody.filter(returned_at=None).exists():
        raise WrongState(
            _("Device %(code)s is checked out; it must be returned first.") % {"code": device.code},
            code="device_checked_out",
        )
    device.status = status
    if note.strip():
        device.note = note.strip()
    device.save(update_fields=["status", "note", "updated_at"])
    record(actor=actor, event_type="recordings.device.status_changed", subject=device)
    return device


def _overlapping(device: Device, start, end) -> DeviceCustody | None:
    """A custody period of ``device`` that overlaps [start, end) (``end`` None: open)."""
    rows = device.custody.filter(Q(returned_at__isnull=True) | Q(returned_at__gt=start))
    if end is not None:
        rows = rows.filter(checked_out_at__lt=end)
    return rows.select_related("officer").order_by("checked_out_at").first()


@transaction.atomic
def checkout_device(
    device: Device,
    *,
    actor: User,
    officer: Officer | str,
    at: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    purpose: str = "",
) -> DeviceCustody:
    """Hand ``device`` to ``officer`` from ``at`` (default now). ``until`` enters a period
    already over (a paper register entered afterwards). Periods of one device never
    overlap. Writes ``recordings.devicecustody.checked_out``."""
    _require_staff(actor, device.agency_id, *DEVICE_USERS)
    device = Device.objects.select_for_update().get(pk=device.pk)  # one writer per device
    holder = _officer(device.agency_id, officer)
    start = _aware(at, "at")
    end = _aware(until, "until") if until is not None else None
    if end is not None and end <= start:
        raise _invalid("until", _("The return must come after the checkout."))
    if device.status != Device.Status.IN_SERVICE:
        raise WrongState(
            _("Device %(code)s is not in service (%(status)s).")
            % {"code": device.code, "status": device.get_status_display()},
            code="device_not_in_service",
        )
    clash = _overlapping(device, start, end)
    if clash is not None:
        raise WrongState(
            _(
                "Device %(code)s was held by %(officer)s from %(start)s; one device is held by "
                "one officer at a time."
            )
            % {
                "code": device.code,
                "officer": clash.officer,
                "start": timezone.localtime(clash.checked_out_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="custody_overlap",
            article=cite(GUIDANCE),
        )
    custody = DeviceCustody.objects.create(
        agency_id=device.agency_id,
        device=device,
        officer=holder,
        checked_out_at=start,
        returned_at=end,
        purpose=purpose.strip(),
        checked_out_by=actor,
        returned_by=actor if end is not None else None,
    )
    record(actor=actor, event_type="recordings.devicecustody.checked_out", subject=custody)
    return custody


@transaction.atomic
def return_device(
    device: Device, *, actor: User, at: datetime.datetime | None = None
) -> DeviceCustody:
    """End the open custody of ``device`` at ``at`` (default now).
    Writes ``recordings.devicecustody.returned``."""
    _require_staff(actor, device.agency_id, *DEVICE_USERS)
    device = Device.objects.select_for_update().get(pk=device.pk)
    custody = device.custody.filter(returned_at=None).first()
    if custody is None:
        raise WrongState(
            _("Device %(code)s is not checked out.") % {"code": device.code},
            code="device_not_checked_out",
        )
    end = _aware(at, "at")
    if end <= custody.checked_out_at:
        raise _invalid("at", _("The return must come after the checkout."))
    custody.returned_at, custody.returned_by = end, actor
    custody.save(update_fields=["returned_at", "returned_by"])
    record(actor=actor, event_type="recordings.devicecustody.returned", subject=custody)
    return custody


# --- recordings -----------------------------------------------------------------------------


CASE_ROLES = (Role.OFFICER, Role.HEAD)


def _check_case(case: Case, actor: User) -> None:
    _require_staff(actor, case.agency_id, *CASE_ROLES)
    check_may_work_on(actor, case)  # its handlers and the head, not any officer
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None or (
        lifecycle.has_state(case.state) and lifecycle.state(case.state).terminal
    ):
        raise WrongState(
            _("The case file is archived; nothing more is added to it."), code="case_archived"
        )


def _check_step(case: Case, step: str, *, recorded_steps_only: bool = False) -> str:
    lifecycle = lifecycles.get(case.procedure)
    step = (step or "").strip()
    if lifecycle is None or lifecycle.action(step) is None:
        raise _invalid("step", _("Choose a step of this case's procedure."))
    if recorded_steps_only and step not in requirements.gated_action_codes():
        raise _invalid("step", _("The recording list names no recording for this step."))
    return step


def media_types() -> list[str]:
    """The audio and video types accepted for recordings (of the evidence types)."""
    return [t for t in settings.OPENENFORCE_EVIDENCE_TYPES if t.startswith(("audio/", "video/"))]


def _media(blob: Blob) -> str:
    if blob.content_type.startswith("video/"):
        return Recording.Media.VIDEO
    if blob.content_type.startswith("audio/"):
        return Recording.Media.AUDIO
    raise _invalid("file", _("The file is not an audio or video recording."), "file_not_media")


def _check_custody(device: Device, officer: Officer, start, end) -> None:
    held = device.custody.filter(officer=officer, checked_out_at__lte=start).filter(
        Q(returned_at__isnull=True) | Q(returned_at__gte=end)
    )
    if not held.exists():
        raise _invalid(
            "device",
            _(
                "Device %(code)s was not in the custody of %(officer)s from %(start)s to "
                "%(end)s: register the checkout in the device register first."
            )
            % {
                "code": device.code,
                "officer": officer,
                "start": timezone.localtime(start).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M"),
            },
            code="device_not_in_custody",
            article=GUIDANCE,
        )


def _check_gaps(gaps: Iterable[Gap], start, end) -> list[Gap]:
    checked, previous_end = [], None
    for gap in sorted(gaps, key=lambda g: g.started_at):
        g_start, g_end = _aware(gap.started_at, "gaps"), _aware(gap.ended_at, "gaps")
        if not (start <= g_start < g_end <= end):
            raise _invalid("gaps", _("An interruption must lie within the recording."))
        if previous_end is not None and g_start < previous_end:
            raise _invalid("gaps", _("Interruptions may not overlap."))
        if len((gap.reason or "").strip()) < MIN_REASON:
            raise _invalid(
                "gaps",
                _("Every interruption needs the reason stated when recording resumed."),
                code="gap_reason_required",
                article=GUIDANCE,
            )
        checked.append(Gap(g_start, g_end, gap.reason.strip()))
        previous_end = g_end
    return checked


@transaction.atomic
def add_recording(
    case: Case,
    *,
    actor: User,
    step: str,
    device: Device | str,
    officer: Officer | str,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    place: str,
    stream: BinaryIO | None = None,
    blob: Blob | None = None,
    upload: Upload | None = None,
    content_type: str | None = None,
    file_name: str = "",
    party_informed: bool = False,
    note: str = "",
    gaps: Iterable[Gap] = (),
) -> Recording:
    """Register the recording of ``step`` (an action code of the case's procedure) made on
    ``device`` by ``officer``, with its media file (``stream`` is stored in chunks through
    the evidence storage; or an already stored ``blob``; or the actor's finished resumable
    ``upload``) and its interruptions, each with
    its reason. The device must have been in the officer's custody for the whole time.
    Everything is checked before the file is stored. Writes ``recordings.recording.added``
    with the file's digests, and ``recordings.recordinggap.added`` per gap."""
    _check_case(case, actor)
    step = _check_step(case, step)
    device = _device(case.agency_id, device)
    holder = _officer(case.agency_id, officer)
    start, end = _aware(started_at, "started_at"), _aware(ended_at, "ended_at")
    if end <= start:
        raise _invalid("ended_at", _("The recording must end after it started."))
    if not (place or "").strip():
        raise _invalid("place", _("This field is required."))
    if upload is not None:
        blob, file_name = _uploaded(upload, actor), file_name or upload.file_name
    if (stream is None) == (blob is None):
        raise _invalid("file", _("Attach the recording's file."))
    _check_custody(device, holder, start, end)
    checked_gaps = _check_gaps(gaps, start, end)
    if blob is None:
        blob = store_stream(stream, content_type=content_type, allowed_types=media_types())
    recording = Recording.objects.create(
        agency_id=case.agency_id,
        case=case,
        step=step,
        device=device,
        officer=holder,
        started_at=start,
        ended_at=end,
        place=place.strip(),
        media=_media(blob),
        blob=blob,
        file_name=(file_name or "").strip()[:200],
        party_informed=bool(party_informed),
        note=(note or "").strip(),
        created_by=actor,
    )
    record(
        actor=actor,
        event_type="recordings.recording.added",
        subject=recording,
        files=blob.digests(),
    )
    for gap in checked_gaps:
        row = RecordingGap.objects.create(
            recording=recording,
            started_at=gap.started_at,
            ended_at=gap.ended_at,
            reason=gap.reason,
        )
        record(
            actor=actor,
            event_type="recordings.recordinggap.added",
            subject=row,
            agency=case.agency,
        )
    settle_required(case, actor=actor)
    return recording


def _uploaded(upload: Upload, actor: User) -> Blob:
    """The file of the actor's own finished resumable upload (evidence app, tus)."""
    if upload.owner_id != actor.pk:
        raise NotFound(_("Upload not found."), code="upload_not_found")
    if upload.status != Upload.Status.COMPLETE or upload.blob_id is None:
        raise _invalid("file", _("The upload is not complete yet."), code="upload_incomplete")
    return upload.blob


def _device(agency_id: int, device: Device | str) -> Device:
    if isinstance(device, Device) and device.agency_id == agency_id:
        return device
    code = device.code if isinstance(device, Device) else str(device or "").strip()
    found = Device.objects.filter(agency_id=agency_id, code=code).first()
    if found is None:
        raise _invalid("device", _("No device with the number %(code)s.") % {"code": code})
    return found


@transaction.atomic
def record_view(recording: Recording, *, actor: User, download: bool = False) -> None:
    """Who played or downloaded a recording, and when: ``recordings.recording.viewed``
    (or ``.downloaded``) with the file's digest. Any reader of the case may (an
    evaluator assigned the case too: ``cases.permissions.may_read_case``)."""
    if not may_read_case(actor, recording.case):
        raise NotFound(_("Not found."), code="not_found")
    verb = "downloaded" if download else "viewed"
    record(
        actor=actor,
        event_type=f"recordings.recording.{verb}",
        subject=recording,
        files=[recording.blob.sha256],
    )


@transaction.atomic
def waive_recording(case: Case, *, actor: User, step: str, reason: str) -> RecordingWaiver:
    """Record why ``step`` of ``case`` has no audio/video recording (the device failed,
    the party objected and left, …); the step may then be completed (行政处罚法 Art 47).
    Writes ``recordings.recordingwaiver.recorded``."""
    _check_case(case, actor)
    step = _check_step(case, step, recorded_steps_only=True)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise _invalid(
            "reason",
            _("State why no recording exists (at least %(n)s characters).") % {"n": MIN_REASON},
            code="waiver_reason_required",
            article=ART_47,
        )
    if RecordingWaiver.objects.filter(case=case, step=step).exists():
        raise WrongState(_("A reason for this step is recorded already."), code="waiver_exists")
    waiver = RecordingWaiver.objects.create(
        agency_id=case.agency_id, case=case, step=step, reason=reason, recorded_by=actor
    )
    record(actor=actor, event_type="recordings.recordingwaiver.recorded", subject=waiver)
    settle_required(case, actor=actor)
    return waiver


# --- the steps the recording list required --------------------------------------------------


def _satisfying(case: Case, step: str, video: bool):
    """What the case has for ``step`` as the gate counts it: a recording of the step or of
    a sibling step (a video one when video is required), else a recorded reason."""
    codes = requirements.sibling_codes(case, step)
    recordings = Recording.objects.filter(case=case, step__in=codes)
    if video:
        recordings = recordings.filter(media=Recording.Media.VIDEO)
    recording = recordings.order_by("started_at", "pk").first()
    if recording is not None:
        return recording, None
    waiver = RecordingWaiver.objects.filter(case=case, step__in=codes).order_by("pk").first()
    return None, waiver


def _note(case: Case, step: str, entries: list, taken_on: datetime.date, actor, event: str):
    video = requirements.needs_video(entries)
    recording, waiver = _satisfying(case, step, video)
    row = RequiredRecording.objects.create(
        agency_id=case.agency_id,
        case=case,
        step=step,
        taken_on=taken_on,
        entries=", ".join(e.code for e in entries)[:300],
        video=video,
        recording=recording,
        waiver=waiver,
    )
    record(actor=actor, event_type=f"recordings.requiredrecording.{event}", subject=row)
    return row


def note_required(case: Case, step: str, *, actor, data: dict) -> None:
    """The effect ``recordings.note_required:<action>`` of every action carrying the
    ``recording_made`` gate, run in the action's transaction: when the agency's recording
    list requires a recording of the step (``requirements.requirements_for`` with the
    action's input, as the gate asks), keep that as a ``RequiredRecording`` with what
    satisfies it (the gate has just let it through). Writes
    ``recordings.requiredrecording.noted``. A step taken again keeps its first row."""
    entries = requirements.requirements_for(case, [step], data)
    if not entries or RequiredRecording.objects.filter(case=case, step=step).exists():
        return None
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(step) if lifecycle else None
    today = timezone.localdate()
    taken_on = effective_date(action, data, today) if action else today
    _note(case, step, entries, taken_on, actor, "noted")
    return None


def settle_required(case: Case, *, actor) -> list[RequiredRecording]:
    """Required steps of ``case`` without a recording that now have one (or, still
    missing, a reason): the row names it. In the caller's transaction; writes
    ``recordings.requiredrecording.settled`` per row changed."""
    changed = []
    rows = RequiredRecording.objects.select_for_update().filter(case=case, recording__isnull=True)
    for row in rows.order_by("pk"):
        recording, waiver = _satisfying(case, row.step, row.video)
        if recording is None and (waiver is None or row.waiver_id is not None):
            continue
        row.recording = recording
        row.waiver = row.waiver or waiver
        row.save()
        record(actor=actor, event_type="recordings.requiredrecording.settled", subject=row)
        changed.append(row)
    return changed


def _steps_taken(case_ids: list[int]) -> dict[int, dict[str, datetime.date]]:
    """Per case, each gated action it took and the local day it was first recorded."""
    gated = [f"cases.case.{code}" for code in requirements.gated_action_codes()]
    taken: dict[int, dict[str, datetime.date]] = {}
    entries = Entry.objects.filter(
        subject_kind=kind_of(Case),
        subject_id__in=[str(pk) for pk in case_ids],
        event_type__in=gated,
    ).order_by("sequence")
    for subject_id, event_type, at in entries.values_list(
        "subject_id", "event_type", "recorded_at"
    ):
        steps = taken.setdefault(int(subject_id), {})
        steps.setdefault(event_type.rsplit(".", 1)[1], timezone.localdate(at))
    return taken


def _taken_on(case: Case, step: str, recorded_on: datetime.date) -> datetime.date:
    lifecycle = lifecycles.get(case.procedure)
    action = lifecycle.action(step) if lifecycle else None
    data = case.details.get(step) if isinstance(case.details, dict) else None
    if action is None or not isinstance(data, dict):
        return recorded_on
    values = {}
    for spec in action.inputs:
        if spec.type == "date" and data.get(spec.name):
            try:
                values[spec.name] = datetime.date.fromisoformat(str(data[spec.name])[:10])
            except ValueError:
                continue
    return effective_date(action, values, recorded_on) if values else recorded_on


@transaction.atomic
def note_past_requirements(cases, *, actor) -> int:
    """For steps taken before the requirement was kept (or imported): each gated action
    the record shows a case took, without its ``RequiredRecording``, that the agency's
    recording list requires as it stands now (a service step only when its method is
    kept in the case's details). Each row is written with what satisfies it now, missing
    if nothing (``recordings.requiredrecording.backfilled``). Returns the rows written;
    running it again writes nothing new."""
    cases = list(cases)
    taken = _steps_taken([case.pk for case in cases])
    have = set(RequiredRecording.objects.filter(case__in=cases).values_list("case_id", "step"))
    written = 0
    for case in cases:
        steps = taken.get(case.pk, {})
        listed = requirements.list_entries(case) if steps else []
        for step, recorded_on in steps.items():
            if (case.pk, step) in have or not listed:
                continue
            data = case.details.get(step) if isinstance(case.details, dict) else None
            entries = requirements.requirements_for(case, [step], data, listed)
            if entries:
                taken_on = _taken_on(case, step, recorded_on)
                _note(case, step, entries, taken_on, actor, "backfilled")
                written += 1
    return written
