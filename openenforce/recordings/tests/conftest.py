"""A team with certified officers, a device register and the recording list, built
through the services; and helpers that give a case step its recording."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from openenforce.catalog.models import RecordingRequirement
from openenforce.catalog.services import save_entry
from openenforce.recordings import media, services

ONE_HOUR = datetime.timedelta(hours=1)


def wav() -> io.BytesIO:
    return io.BytesIO(media.wav_clip(seconds=0.5))


def webm() -> io.BytesIO:
    return io.BytesIO(media.webm_clip(seconds=1, size="64x48"))


def requirement(agency, actor, step, *, code=None, kind="video", matter=None, status="active"):
    """An entry of ``agency``'s recording list."""
    return save_entry(
        RecordingRequirement(
            agency=agency,
            code=code or f"YX-{step}",
            step=step,
            content="全过程",
            kind=kind,
            matter=matter,
            status=status,
        ),
        actor=actor,
    )


def hold(device, officer_code, actor, *, hours_ago=3):
    """``officer_code`` holds ``device`` from ``hours_ago`` hours ago, still out."""
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    return services.checkout_device(device, actor=actor, officer=officer_code, at=at)


def record_step(case, step, actor, device, *, officer="O1", stream=None, **kwargs):
    """A recording of ``step`` of ``case`` made within the last hour."""
    end = timezone.now() - datetime.timedelta(minutes=5)
    kwargs.setdefault("place", "当事人经营场所")
    return services.add_recording(
        case,
        actor=actor,
        step=step,
        device=device,
        officer=officer,
        started_at=end - datetime.timedelta(minutes=30),
        ended_at=end,
        stream=stream or wav(),
        **kwargs,
    )


@pytest.fixture
def camera(admin_user):
    return services.register_device(actor=admin_user, code="ZFJLY-001", kind="body_camera")


@pytest.fixture
def held_camera(camera, team, officer):
    hold(camera, "O1", officer)
    return camera
