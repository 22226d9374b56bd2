"""REST: the device register and custody, a case's recordings and reasons."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from openenforce.evidence.models import Upload
from openenforce.evidence.services import store_bytes
from openenforce.recordings import media
from openenforce.recordings.models import Recording
from openenforce.recordings.tests.conftest import requirement
from openenforce.testing.api import api_as

pytestmark = pytest.mark.django_db
BASE = "/api/v1/recordings/"


def finished_upload(owner) -> Upload:
    """A resumable upload the owner has finished (as the tus endpoint leaves it)."""
    blob = store_bytes(media.wav_clip(seconds=0.5), content_type="audio/x-wav")
    return Upload.objects.create(
        id=uuid.uuid4(),
        owner=owner,
        length=blob.size,
        offset=blob.size,
        file_name="a.wav",
        status=Upload.Status.COMPLETE,
        blob=blob,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )


def _recording(upload: Upload) -> dict:
    """A recording of the on-site inspection that ended five minutes ago."""
    end = timezone.now() - datetime.timedelta(minutes=5)
    return {
        "step": "record_inspection",
        "device": "ZFJLY-001",
        "officer": "O1",
        "place": "现场",
        "started_at": (end - datetime.timedelta(minutes=10)).isoformat(),
        "ended_at": end.isoformat(),
        "upload": str(upload.pk),
    }


def test_register_checkout_and_list_devices(admin_user, officer, team, outsider):
    response = api_as(admin_user).post(BASE + "devices", {"code": "ZFJLY-9", "kind": "body_camera"})
    assert response.status_code == 201
    device_id = response.json()["id"]
    assert api_as(officer).post(BASE + "devices", {"code": "X", "kind": "camera"}).status_code == (
        403
    )
    out = api_as(officer).post(f"{BASE}devices/{device_id}/checkout", {"officer": "O1"})
    assert out.status_code == 201 and out.json()["officer"] == "O1"
    again = api_as(officer).post(f"{BASE}devices/{device_id}/checkout", {"officer": "O2"})
    assert again.status_code == 409 and again.json()["code"] == "custody_overlap"
    listed = api_as(officer).get(BASE + "devices").json()
    assert listed[0]["held_by"]["officer"] == "O1"
    assert api_as(outsider).get(BASE + "devices").json() == []
    assert api_as(outsider).get(f"{BASE}devices/{device_id}/custody").status_code == 404
    assert api_as(officer).post(f"{BASE}devices/{device_id}/return", {}).status_code == 200


def test_case_recordings_steps_and_waivers(
    officer, team, held_camera, agency, system_actor, outsider
):
    requirement(agency, system_actor, "on_site_inspection", kind="audio", code="YX-001")
    case = team.open("inspection", actor=officer)
    url = f"{BASE}cases/{case.pk}"
    body = api_as(officer).get(url).json()
    assert body["steps"][0]["action"] == "record_inspection" and not body["steps"][0]["satisfied"]
    payload = _recording(finished_upload(officer))
    assert api_as(outsider).post(url + "/recordings", payload).status_code == 404
    created = api_as(officer).post(url + "/recordings", payload)
    assert created.status_code == 201, created.json()
    assert created.json()["sha256"] == Recording.objects.get().blob.sha256
    assert api_as(officer).get(url).json()["steps"][0]["satisfied"]
    bad = api_as(officer).post(url + "/waivers", {"step": "record_inspection", "reason": "短"})
    assert bad.status_code == 422 and bad.json()["code"] == "waiver_reason_required"
    ok = api_as(officer).post(
        url + "/waivers", {"step": "record_inspection", "reason": "补充说明情况"}
    )
    assert ok.status_code == 201


def test_someone_elses_upload_is_not_found(officer, team, held_camera, head):
    case = team.open("inspection", actor=officer)
    payload = _recording(finished_upload(head))
    response = api_as(officer).post(f"{BASE}cases/{case.pk}/recordings", payload)
    assert response.status_code == 404 and not Recording.objects.exists()
