"""The device register, custody, recordings and reasons: each success with its record
entry, and each refusal (leaving nothing behind)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.evidence.models import Blob
from openenforce.ledger.models import Entry
from openenforce.recordings import services
from openenforce.recordings.models import Device, DeviceCustody, Recording, RecordingWaiver
from openenforce.recordings.tests.conftest import hold, record_step, wav

pytestmark = pytest.mark.django_db
NOW = timezone.now


def entries(event_type: str):
    return Entry.objects.filter(event_type=event_type)


# --- devices ------------------------------------------------------------------------------


def test_register_device_is_recorded(admin_user):
    device = services.register_device(
        actor=admin_user, code="LYB-001", kind="recorder", model="SR-502", serial="S1"
    )
    assert device.agency_id == admin_user.agency_id and device.status == "in_service"
    entry = entries("recordings.device.registered").get()
    assert entry.subject_id == str(device.pk) and entry.actor_id == admin_user.pk


def test_register_device_refusals(admin_user, officer, outsider, camera):
    with pytest.raises(InvalidInput) as info:
        services.register_device(actor=admin_user, code="ZFJLY-001", kind="body_camera")
    assert info.value.code == "device_exists"
    with pytest.raises(InvalidInput) as info:
        services.register_device(actor=admin_user, code="X", kind="drone")
    assert info.value.problems[0].field == "kind"
    with pytest.raises(NotPermitted):
        services.register_device(actor=officer, code="X", kind="camera")
    with pytest.raises(NotFound):
        services.register_device(actor=outsider, code="X", kind="camera", agency=admin_user.agency)
    assert Device.objects.count() == 1


def test_checkout_and_return_are_recorded(camera, team, officer):
    custody = services.checkout_device(camera, actor=officer, officer="O1", purpose="检查")
    assert custody.returned_at is None and custody.officer.code == "O1"
    returned = services.return_device(camera, actor=officer)
    assert returned.pk == custody.pk and returned.returned_at > returned.checked_out_at
    assert entries("recordings.devicecustody.checked_out").count() == 1
    assert entries("recordings.devicecustody.returned").count() == 1


def test_one_device_one_holder_at_a_time(camera, team, officer):
    hold(camera, "O1", officer, hours_ago=5)
    with pytest.raises(WrongState) as info:
        services.checkout_device(camera, actor=officer, officer="O2")
    assert info.value.code == "custody_overlap" and "O1" in info.value.message
    services.return_device(camera, actor=officer, at=NOW() - datetime.timedelta(hours=4))
    # A past period entered afterwards may not overlap the one just closed.
    with pytest.raises(WrongState):
        services.checkout_device(
            camera,
            actor=officer,
            officer="O2",
            at=NOW() - datetime.timedelta(hours=6),
            until=NOW() - datetime.timedelta(hours=4, minutes=30),
        )
    services.checkout_device(
        camera,
        actor=officer,
        officer="O2",
        at=NOW() - datetime.timedelta(hours=9),
        until=NOW() - datetime.timedelta(hours=6),
    )
    assert DeviceCustody.objects.filter(device=camera).count() == 2


def test_checkout_refusals(camera, admin_user, team, officer, outsider):
    with pytest.raises(InvalidInput) as info:
        services.checkout_device(camera, actor=officer, officer="NOBODY")
    assert info.value.problems[0].field == "officer"
    with pytest.raises(InvalidInput):
        services.checkout_device(
            camera, actor=officer, officer="O1", at=NOW() + datetime.timedelta(days=1)
        )
    with pytest.raises(NotFound):
        services.checkout_device(camera, actor=outsider, officer="O1")
    with pytest.raises(WrongState) as info:
        services.return_device(camera, actor=officer)
    assert info.value.code == "device_not_checked_out"
    services.set_device_status(camera, actor=admin_user, status="repair")
    with pytest.raises(WrongState) as info:
        services.checkout_device(camera, actor=officer, officer="O1")
    assert info.value.code == "device_not_in_service"
    assert not DeviceCustody.objects.exists()


def test_a_device_out_cannot_be_retired(camera, admin_user, team, officer):
    hold(camera, "O1", officer)
    with pytest.raises(WrongState) as info:
        services.set_device_status(camera, actor=admin_user, status="retired")
    assert info.value.code == "device_checked_out"
    services.return_device(camera, actor=officer)
    assert services.set_device_status(camera, actor=admin_user, status="retired").status == (
        "retired"
    )
    assert entries("recordings.device.status_changed").count() == 1


# --- recordings ---------------------------------------------------------------------------


def test_add_recording_records_the_file_digest(team, officer, held_camera):
    case = team.open("inspection", actor=officer)
    gap_at = NOW() - datetime.timedelta(minutes=20)
    gap = services.Gap(gap_at, gap_at + datetime.timedelta(minutes=2), "更换电池后继续录制")
    recording = record_step(
        case, "record_inspection", officer, held_camera, gaps=[gap], party_informed=True
    )
    assert recording.media == "audio" and recording.blob.content_type == "audio/x-wav"
    assert recording.officer.code == "O1" and recording.party_informed
    entry = entries("recordings.recording.added").get()
    assert recording.blob.sha256 in entry.body.decode()
    assert recording.gaps.get().reason == "更换电池后继续录制"
    assert entries("recordings.recordinggap.added").count() == 1


def test_the_device_must_be_in_the_officers_custody(team, officer, camera):
    case = team.open("inspection", actor=officer)
    with pytest.raises(InvalidInput) as info:
        record_step(case, "record_inspection", officer, camera)
    assert info.value.code == "device_not_in_custody"
    assert "ZFJLY-001" in info.value.message and info.value.article
    hold(camera, "O2", officer)  # held, but by someone else
    with pytest.raises(InvalidInput):
        record_step(case, "record_inspection", officer, camera, officer="O1")
    assert not Recording.objects.exists() and not Blob.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"step": "no_such_step"}, "step"),
        ({"place": " "}, "place"),
        ({"device": "NOPE"}, "device"),
        ({"gaps": "no reason"}, "gaps"),
    ],
)
def test_add_recording_refusals_leave_nothing(team, officer, held_camera, change, field):
    case = team.open("inspection", actor=officer)
    if "gaps" in change:
        at = NOW() - datetime.timedelta(minutes=20)
        change = {"gaps": [services.Gap(at, at + datetime.timedelta(minutes=1), " ")]}
    kwargs = {"step": "record_inspection", "device": held_camera, **change}
    with pytest.raises(InvalidInput) as info:
        record_step(case, kwargs.pop("step"), officer, kwargs.pop("device"), **kwargs)
    assert info.value.problems[0].field == field
    assert not Recording.objects.exists() and not Blob.objects.exists()


def test_gap_outside_the_recording_and_bad_times(team, officer, held_camera):
    case = team.open("inspection", actor=officer)
    late = NOW() - datetime.timedelta(minutes=1)
    outside = services.Gap(late - datetime.timedelta(seconds=30), late, "信号中断后恢复")
    with pytest.raises(InvalidInput):
        record_step(case, "record_inspection", officer, held_camera, gaps=[outside])
    with pytest.raises(InvalidInput) as info:
        services.add_recording(
            case,
            actor=officer,
            step="record_inspection",
            device=held_camera,
            officer="O1",
            started_at=NOW() - datetime.timedelta(minutes=5),
            ended_at=NOW() - datetime.timedelta(minutes=10),
            place="现场",
            stream=wav(),
        )
    assert info.value.problems[0].field == "ended_at"


def test_a_recording_must_be_audio_or_video(team, officer, held_camera):
    import io

    case = team.open("inspection", actor=officer)
    with pytest.raises(InvalidInput):
        record_step(
            case, "record_inspection", officer, held_camera, stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n")
        )
    assert not Recording.objects.exists()


def test_only_the_agencys_staff_add_recordings(team, officer, held_camera, outsider, supervisor):
    case = team.open("inspection", actor=officer)
    with pytest.raises(NotFound):
        record_step(case, "record_inspection", outsider, held_camera)
    with pytest.raises(NotPermitted):  # supervisors read, never write
        record_step(case, "record_inspection", supervisor, held_camera)


# --- reasons for no recording ----------------------------------------------------------------


def test_waive_recording_is_recorded(team, officer):
    case = team.open("inspection", actor=officer)
    waiver = services.waive_recording(
        case, actor=officer, step="record_inspection", reason="执法记录仪故障，已制作现场笔录"
    )
    assert waiver.recorded_by == officer
    assert entries("recordings.recordingwaiver.recorded").get().subject_id == str(waiver.pk)


def test_waive_recording_refusals(team, officer, outsider):
    case = team.open("inspection", actor=officer)
    with pytest.raises(InvalidInput) as info:
        services.waive_recording(case, actor=officer, step="record_inspection", reason="无")
    assert info.value.code == "waiver_reason_required"
    with pytest.raises(InvalidInput) as info:
        services.waive_recording(
            case, actor=officer, step="conclude_inspection", reason="该环节无需录像说明"
        )
    assert info.value.problems[0].field == "step"
    with pytest.raises(NotFound):
        services.waive_recording(
            case, actor=outsider, step="record_inspection", reason="设备故障无法录像"
        )
    services.waive_recording(
        case, actor=officer, step="record_inspection", reason="设备故障无法录像"
    )
    with pytest.raises(WrongState):
        services.waive_recording(
            case, actor=officer, step="record_inspection", reason="再次说明设备故障"
        )
    assert RecordingWaiver.objects.count() == 1
