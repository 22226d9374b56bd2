"""Pages: the case section with players and forms, adding a recording and a reason,
playback with byte ranges (each playback recorded), and the device register."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openenforce.cases import registry
from openenforce.ledger.models import Entry
from openenforce.recordings import media
from openenforce.recordings.models import Device, DeviceCustody, Recording, RecordingWaiver
from openenforce.recordings.tests.conftest import record_step, requirement

pytestmark = pytest.mark.django_db


def case_page(client, case):
    return client.get(reverse("workbench:case", args=[case.pk]))


@pytest.fixture
def inspection(team, officer):
    return team.open("inspection", actor=officer)


def test_case_page_shows_requirements_players_and_forms(
    client_for, officer, inspection, held_camera, agency, system_actor
):
    requirement(agency, system_actor, "on_site_inspection", code="YX-001")
    page = case_page(client_for(officer), inspection).content.decode()
    assert "YX-001" in page and "缺少" in page  # the requirement, not yet met
    record_step(inspection, "record_inspection", officer, held_camera, place="某养老院")
    page = case_page(client_for(officer), inspection).content.decode()
    recording = Recording.objects.get()
    assert reverse("recordings:media", args=[recording.pk]) in page
    assert "<audio controls" in page and recording.blob.sha256 in page
    assert reverse("recordings:add", args=[inspection.pk]) in page


def test_supervisor_reads_without_forms(client_for, supervisor, officer, inspection, held_camera):
    record_step(inspection, "record_inspection", officer, held_camera)
    page = case_page(client_for(supervisor), inspection).content.decode()
    assert "<audio controls" in page
    assert reverse("recordings:add", args=[inspection.pk]) not in page


def _post_recording(client, case, **overrides):
    end = timezone.localtime() - datetime.timedelta(minutes=5)
    data = {
        "step": "record_inspection",
        "device": "ZFJLY-001",
        "officer": "O1",
        "place": "现场",
        "started_at": (end - datetime.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M:%S"),
        "ended_at": end.strftime("%Y-%m-%dT%H:%M:%S"),
        "party_informed": "true",
        "gaps": (end - datetime.timedelta(minutes=10)).strftime("%H:%M:%S")
        + "-"
        + (end - datetime.timedelta(minutes=8)).strftime("%H:%M:%S")
        + " 更换电池后继续",
        "file": SimpleUploadedFile("rec.wav", media.wav_clip(seconds=0.5), "audio/wav"),
    }
    data.update(overrides)
    return client.post(reverse("recordings:add", args=[case.pk]), data)


def test_add_recording_from_the_case_page(client_for, officer, inspection, held_camera):
    response = _post_recording(client_for(officer), inspection)
    assert response.status_code == 302 and response.url.endswith("#recordings")
    recording = Recording.objects.get()
    assert recording.file_name == "rec.wav" and recording.gaps.count() == 1
    assert recording.party_informed


def test_add_recording_refusal_is_shown(client_for, officer, inspection, camera):
    client = client_for(officer)
    response = _post_recording(client, inspection)  # nobody holds the camera
    assert response.status_code == 302 and not Recording.objects.exists()
    page = client.get(response.url).content.decode()
    assert "ZFJLY-001" in page and "保管" in page


def test_another_agencys_case_is_not_found(client_for, outsider, inspection):
    assert _post_recording(client_for(outsider), inspection).status_code == 404
    response = client_for(outsider).post(
        reverse("recordings:waive", args=[inspection.pk]),
        {"step": "record_inspection", "reason": "设备故障无法录像"},
    )
    assert response.status_code == 404 and not RecordingWaiver.objects.exists()


def test_waive_from_the_case_page(client_for, officer, inspection):
    response = client_for(officer).post(
        reverse("recordings:waive", args=[inspection.pk]),
        {"step": "record_inspection", "reason": "执法记录仪故障，已制作现场笔录"},
    )
    assert response.status_code == 302
    assert RecordingWaiver.objects.get().step == "record_inspection"


def test_playback_serves_ranges_and_records_one_view(client_for, officer, inspection, held_camera):
    recording = record_step(inspection, "record_inspection", officer, held_camera)
    client = client_for(officer)
    url = reverse("recordings:media", args=[recording.pk])
    first = client.get(url, HTTP_RANGE="bytes=0-99")
    assert first.status_code == 206 and first["Content-Range"].startswith("bytes 0-99/")
    assert b"".join(first.streaming_content)[:4] == b"RIFF"
    later = client.get(url, HTTP_RANGE="bytes=100-")
    assert later.status_code == 206
    views = Entry.objects.filter(event_type="recordings.recording.viewed")
    assert views.count() == 1 and views.get().actor_id == officer.pk
    download = client.get(reverse("recordings:download", args=[recording.pk]))
    assert "attachment" in download["Content-Disposition"]
    assert Entry.objects.filter(event_type="recordings.recording.downloaded").count() == 1


def test_playback_of_another_agency_is_not_found(
    client_for, outsider, officer, inspection, held_camera
):
    recording = record_step(inspection, "record_inspection", officer, held_camera)
    response = client_for(outsider).get(reverse("recordings:media", args=[recording.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, camera):
    response = client.get(reverse("recordings:devices"))
    assert response.status_code == 302 and "login" in response.url


def test_device_register_pages(client_for, admin_user, officer, camera, team):
    client = client_for(admin_user)
    page = client.get(reverse("recordings:devices")).content.decode()
    assert "ZFJLY-001" in page and reverse("recordings:register") in page
    response = client.post(reverse("recordings:register"), {"code": "LYB-9", "kind": "recorder"})
    assert response.status_code == 302 and Device.objects.filter(code="LYB-9").exists()
    officer_client = client_for(officer)
    response = officer_client.post(
        reverse("recordings:checkout", args=[camera.pk]), {"officer": "O1", "next": "list"}
    )
    assert response.url == reverse("recordings:devices")
    assert DeviceCustody.objects.get().officer.code == "O1"
    page = officer_client.get(reverse("recordings:device", args=[camera.pk])).content.decode()
    assert "O1" in page and reverse("recordings:return", args=[camera.pk]) in page
    officer_client.post(reverse("recordings:return", args=[camera.pk]))
    assert DeviceCustody.objects.get().returned_at is not None


def test_officers_do_not_register_and_outsiders_see_nothing(client_for, officer, outsider, camera):
    client_for(officer).post(reverse("recordings:register"), {"code": "X", "kind": "camera"})
    assert not Device.objects.filter(code="X").exists()
    page = client_for(outsider).get(reverse("recordings:devices")).content.decode()
    assert "ZFJLY-001" not in page
    assert client_for(outsider).get(reverse("recordings:device", args=[camera.pk])).status_code == (
        404
    )
    response = client_for(outsider).post(
        reverse("recordings:checkout", args=[camera.pk]), {"officer": "O1"}
    )
    assert response.status_code == 404


def test_the_case_section_reads_a_fixed_number_of_queries(
    rf, officer, inspection, held_camera, agency, system_actor, django_assert_max_num_queries
):
    from openenforce.recordings.panels import case_panel

    requirement(agency, system_actor, "on_site_inspection")
    for _ in range(3):
        record_step(inspection, "record_inspection", officer, held_camera)
    request = rf.get("/")
    request.user = officer
    officer.role_codes()  # read once per request, as on the page
    with django_assert_max_num_queries(7):
        html = case_panel(request, inspection)
    assert html.count("<audio controls") == 3


@pytest.mark.parametrize("moment", ["", "2026-13-45T10:00", "²", "9" * 100])
def test_a_garbled_recording_post_is_refused_with_the_field_message(
    client_for, officer, inspection, held_camera, moment
):
    client = client_for(officer)
    response = _post_recording(client, inspection, started_at=moment)
    assert response.status_code == 302 and not Recording.objects.exists()
    assert "请输入日期和时间。" in client.get(response.url).content.decode()


@pytest.mark.parametrize("moment", ["2026-13-45T10:00", "²", "9" * 100])
def test_a_garbled_checkout_time_is_refused(client_for, officer, camera, team, moment):
    client = client_for(officer)
    url = reverse("recordings:checkout", args=[camera.pk])
    response = client.post(url, {"officer": "O1", "at": moment, "until": "x"})
    assert response.status_code == 302 and not DeviceCustody.objects.exists()
    assert "请输入日期和时间。" in client.get(response.url).content.decode()
    response = client.post(reverse("recordings:return", args=[camera.pk]), {"at": moment})
    assert response.status_code == 302


def test_a_nul_character_is_refused_not_a_500(client_for, officer, inspection, admin_user):
    response = client_for(officer).post(
        reverse("recordings:waive", args=[inspection.pk]),
        {"step": "record_inspection", "reason": "故障\x00"},
    )
    assert response.status_code == 302 and not RecordingWaiver.objects.exists()
    response = client_for(admin_user).post(
        reverse("recordings:register"), {"code": "\x00", "kind": "camera"}
    )
    assert response.status_code == 302 and not Device.objects.filter(kind="camera").exists()


def test_a_recording_is_offered_as_evidence_of_its_case(officer, held_camera, inspection):
    recording = record_step(inspection, "record_inspection", officer, held_camera, place="某养老院")
    [item] = registry.evidence_items(inspection)
    assert item["ref"] == f"recording:{recording.pk}"
    assert "某养老院" in item["label"]
    assert item["url"] == reverse("recordings:media", args=[recording.pk])
