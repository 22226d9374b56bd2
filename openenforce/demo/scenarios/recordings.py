"""Demo recordings of the demo bureau: its device register with custody history, and the
recordings (or recorded reasons) that its recording list requires of the demo cases.

The demo cases are driven through the lifecycle before ``load_demo`` runs, and a step the
recording list covers cannot be taken without a recording; so the demo cases' loader calls
``prepare_step`` before each step, which registers the devices, the officer's custody on
that day and the recording (a short clip generated locally, ``media``), or for a few
steps the reason why none exists. Everything goes through ``services``; a second run
creates nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from openenforce.accounts.models import Agency, User
from openenforce.catalog.models import Officer
from openenforce.core.errors import DomainError
from openenforce.evidence.services import store_bytes
from openenforce.recordings import media, requirements, services
from openenforce.recordings.models import Device, DeviceCustody

BUREAU = "cnna-sa"
NOTE = "演示数据：媒体文件为本地生成的示例片段，代替实际录制内容。"

# code, kind, model, serial, status
DEVICES = [
    ("ZFJLY-001", "body_camera", "DSJ-T9 执法记录仪", "T9A2026031501", "in_service"),
    ("ZFJLY-002", "body_camera", "DSJ-T9 执法记录仪", "T9A2026031502", "in_service"),
    ("ZFJLY-003", "body_camera", "DSJ-T9 执法记录仪", "T9A2026031503", "in_service"),
    ("ZFJLY-004", "body_camera", "DSJ-V7 执法记录仪", "V7B2024110807", "repair"),
    ("LYB-001", "recorder", "SR-502 录音笔", "SR502-0001", "in_service"),
    ("LYB-002", "recorder", "SR-502 录音笔", "SR502-0002", "in_service"),
    ("SXJ-001", "camera", "HC-400 听证室固定摄像机", "HC400-23-0091", "in_service"),
]
# Whose body camera and recorder: the lead handlers of the demo cases.
OWN_DEVICES = {"ZF-001": ("ZFJLY-001", "LYB-001"), "ZF-002": ("ZFJLY-002", "LYB-002")}
HEARING_RECORDER, HEARING_CAMERA = "ZF-012", "SXJ-001"

# Steps the demo records a reason for instead of a recording.
WAIVERS = {
    ("悦来宾馆公共场所卫生不合格（执行中）", "conclude_investigation"): (
        "询问当事人时录音笔（LYB-002）电池故障未能录音，已制作询问笔录并经当事人逐页签字确认；"
        "抽样过程由现场笔录和照片记录。"
    ),
    ("启明培训学校未备案招生（不予处罚）", "conclude_investigation"): (
        "当事人主动到局提交全部招生材料，未进行现场抽样或登记保存，询问在办公室进行，"
        "当日录音设备均已借出，已制作询问笔录。"
    ),
}

PLACES = {
    "record_inspection": "当事人经营场所（现场检查）",
    "conclude_investigation": "当事人经营场所及局询问室",
    "hold_hearing": "听证室（新区社会事业发展局三楼）",
    "approve_measure": "当事人经营场所（查封现场）",
    "take_emergency_measure": "当事人经营场所（紧急封存现场）",
}
DATE_INPUTS = ("inspected_on", "held_on", "started_on", "taken_at", "served_on")


@dataclass(frozen=True)
class Take:
    """One recording to make for a step."""

    media: str
    device: str
    officer: str
    start: datetime.datetime
    minutes: int
    gap: tuple[int, int, str] | None = None  # minutes from start, length, reason


def _users() -> dict[str, User]:
    names = ("officer1", "officer2", "head", "admin")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _ensure_devices(agency: Agency, actor: User) -> list[str]:
    made = []
    existing = set(Device.objects.filter(agency=agency).values_list("code", flat=True))
    for code, kind, model, serial, status in DEVICES:
        if code in existing:
            continue
        device = services.register_device(
            actor=actor, agency=agency, code=code, kind=kind, model=model, serial=serial
        )
        if status != Device.Status.IN_SERVICE:
            services.set_device_status(device, actor=actor, status=status, note="屏幕损坏，送修")
        made.append(f"recordings.device {code}")
    return made


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _hold(device: Device, officer: Officer, start, end, actor: User) -> None:
    """The officer's custody of the device on that working day, unless already held."""
    held = device.custody.filter(officer=officer, checked_out_at__lte=start)
    if held.filter(returned_at__gte=end).exists() or held.filter(returned_at=None).exists():
        return
    day = timezone.localdate(start)
    services.checkout_device(
        device,
        actor=actor,
        officer=officer,
        at=min(_local(day, 8, 30), start),
        until=max(_local(day, 17, 30), end),
        purpose="外出执法",
    )


def _step_day(case, data: dict) -> datetime.date:
    for name in DATE_INPUTS:
        value = data.get(name)
        if isinstance(value, str) and value:
            value = datetime.datetime.fromisoformat(value).date()
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value
    base = case.filed_on or case.opened_on
    return min(base + datetime.timedelta(days=1), timezone.localdate())


def _takes(case, action: str, entries, data: dict) -> list[Take]:
    handlers = case.handlers.active().select_related("officer")
    lead = handlers.filter(role="lead").first() or handlers.first()
    lead_code = lead.officer.code if lead else "ZF-001"
    camera, recorder = OWN_DEVICES.get(lead_code, OWN_DEVICES["ZF-001"])
    start = _local(_step_day(case, data), 9, 30)
    if action == "hold_hearing":
        gap = (42, 6, "听证中途执法记录仪电量不足，更换电池后继续录制；中断期间听证暂停。")
        return [Take("video", HEARING_CAMERA, HEARING_RECORDER, start, 95, gap)]
    takes = [Take("video", camera, lead_code, start, 25)]
    if any(e.kind == "audio" for e in entries):  # the inquiry, on the recorder
        takes.append(Take("audio", recorder, lead_code, start + datetime.timedelta(hours=1), 35))
    return takes


def _blob(kind: str):
    if kind == "video":
        return store_bytes(media.webm_clip(), content_type="video/webm")
    return store_bytes(media.wav_clip(), content_type="audio/x-wav")


def _record(case, action: str, take: Take, actor: User) -> None:
    device = Device.objects.get(agency_id=case.agency_id, code=take.device)
    officer = Officer.objects.get(agency_id=case.agency_id, code=take.officer)
    end = take.start + datetime.timedelta(minutes=take.minutes)
    _hold(device, officer, take.start, end, actor)
    gaps = []
    if take.gap:
        at, length, reason = take.gap
        g_start = take.start + datetime.timedelta(minutes=at)
        gaps.append(services.Gap(g_start, g_start + datetime.timedelta(minutes=length), reason))
    services.add_recording(
        case,
        actor=actor,
        step=action,
        device=device,
        officer=officer,
        started_at=take.start,
        ended_at=end,
        place=PLACES.get(action, "执法现场"),
        blob=_blob(take.media),
        file_name=f"{take.device}_{timezone.localtime(take.start):%Y%m%d_%H%M}."
        + ("webm" if take.media == "video" else "wav"),
        party_informed=True,
        note=NOTE,
        gaps=gaps,
    )


def prepare_step(case, action: str, *, actor: User, data: dict) -> None:
    """Before a demo case takes ``action``: what the recording list requires of it (a
    recording, or the reason why none exists), made as the officers would have."""
    entries = requirements.requirements_for(case, (action,), data)
    if not entries or requirements.evaluate(case, (action,), entries).satisfied:
        return
    users = _users()
    _ensure_devices(case.agency, users.get("admin") or users["head"])
    reason = WAIVERS.get((case.title, action))
    if reason:
        services.waive_recording(case, actor=actor, step=action, reason=reason)
        return
    for take in _takes(case, action, entries, data):
        _record(case, action, take, actor)


def _current_custody(agency: Agency, actor: User) -> list[str]:
    """One device out now, as on any working day: ZFJLY-003 with ZF-012 since 08:00."""
    device = Device.objects.filter(agency=agency, code="ZFJLY-003").first()
    if device is None or DeviceCustody.objects.filter(device=device).exists():
        return []
    officer = Officer.objects.get(agency=agency, code=HEARING_RECORDER)
    now = timezone.now()
    start = min(_local(timezone.localdate(), 8), now - datetime.timedelta(minutes=30))
    services.checkout_device(device, actor=actor, officer=officer, at=start, purpose="日常巡查")
    return ["recordings.devicecustody ZFJLY-003"]


def load_demo(*, actor: User) -> list[str]:
    """The bureau's devices and one device out now; the demo cases' recordings were made
    by ``prepare_step`` as the cases were driven. Returns what was created."""
    agency = Agency.objects.filter(code=BUREAU).first()
    users = _users()
    if agency is None or not users:
        return []
    admin = users.get("admin") or users["head"]
    try:
        made = _ensure_devices(agency, admin)
        made += _current_custody(agency, users.get("head", admin))
    except DomainError:  # a demo bureau without the officers (trimmed data): nothing to show
        return []
    return made
