"""A team with certified officers, a device register and the recording list, built
through the services; and helpers that give a case step its recording."""

from __future__ import annotations

import datetime

import pytest

from openenforce.catalog.models import RecordingRequirement
from openenforce.catalog.services import save_entry
from openenforce.recordings import services
from openenforce.testing.recordings import hold, record_step, wav, webm

# The recording shortcuts live in the test kit (openenforce/testing/recordings.py); these
# tests import them from here as before.
__all__ = ["hold", "record_step", "requirement", "wav", "webm"]

ONE_HOUR = datetime.timedelta(hours=1)


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


@pytest.fixture
def camera(admin_user):
    return services.register_device(actor=admin_user, code="ZFJLY-001", kind="body_camera")


@pytest.fixture
def held_camera(camera, team, officer):
    hold(camera, "O1", officer)
    return camera
