"""Recording shortcuts for tests (moved here from the recordings tests, so other tests can
give a case step its recording without importing another app's tests): short media
clips, a device checked out to an officer, and a recording of a case step."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

from openenforce.recordings import media, services


def wav() -> io.BytesIO:
    return io.BytesIO(media.wav_clip(seconds=0.5))


def webm() -> io.BytesIO:
    return io.BytesIO(media.webm_clip(seconds=1, size="64x48"))


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
