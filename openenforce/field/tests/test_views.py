"""The field app's pages and its sync API, as an officer and as people who may not."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from openenforce.catalog.models import Certificate
from openenforce.catalog.services import add_certificate_event
from openenforce.evidence.models import EvidenceItem, Upload
from openenforce.onsite.models import Submission
from openenforce.testing.cases import WRITTEN
from openenforce.testing.field import png, sha256, tus_create, tus_offset, tus_send, tus_upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]


def _post(client, body):
    return client.post(reverse("field:items"), json.dumps(body), content_type="application/json")


def _capture(world, upload_id, data, key="k-capture-0001", seq=1):
    return {
        "key": key,
        "seq": seq,
        "kind": "capture",
        "case": world.task.case_id,
        "media": "photo",
        "sha256": sha256(data),
        "captured_at": (timezone.now() - datetime.timedelta(minutes=3)).isoformat(),
        "position": "43.88,125.35",
        "upload": upload_id,
    }


def test_the_officer_sees_todays_tasks_with_place_and_checklist(world, officer, client):
    client.force_login(officer)
    home = client.get(reverse("field:home")).content.decode()
    assert world.task.target.name in home and world.task.target.address in home
    page = client.get(reverse("field:task", args=[world.task.pk])).content.decode()
    assert "养老机构监督检查" in page  # the checklist, from the plan's inspection item
    assert "《老年人权益保障法》第四十四条" in page
    assert 'id="task-data"' in page


def test_another_agencys_officer_gets_no_task(world, outsider, client):
    client.force_login(outsider)
    assert client.get(reverse("field:task", args=[world.task.pk])).status_code == 404
    assert world.task.target.name not in client.get(reverse("field:home")).content.decode()


def test_the_certificate_is_shown_with_its_qr_while_valid(world, officer, client):
    client.force_login(officer)
    page = client.get(reverse("field:certificate")).content.decode()
    assert "FO1" in page and "/portal/certificates/FO1/qr.svg" in page
    assert "今日有效" in page


@pytest.mark.parametrize("suspended", [True, False])
def test_a_suspended_or_expired_certificate_is_not_shown_as_valid(
    world, officer, head, client, system_actor, suspended
):
    certificate = Certificate.objects.get(number="FO1")
    if suspended:
        add_certificate_event(
            certificate,
            actor=system_actor,
            kind="suspended",
            date=timezone.localdate(),
            reason="停职审查",
        )
    else:
        from openenforce.catalog.services import save_entry

        certificate.valid_to = timezone.localdate() - datetime.timedelta(days=1)
        save_entry(certificate, actor=system_actor)
    client.force_login(officer)
    page = client.get(reverse("field:certificate")).content.decode()
    assert "qr.svg" not in page
    status = Certificate.Status.SUSPENDED if suspended else Certificate.Status.EXPIRED
    assert f"证件无效（{status.label}）" in page
    assert "今日有效" not in page


def test_a_capture_is_accepted_once_and_a_repeat_answers_the_same_item(world, officer, client):
    client.force_login(officer)
    data = png(5)
    upload = tus_upload(client, data)
    first = _post(client, _capture(world, upload, data))
    again = _post(client, _capture(world, upload, data))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["duplicate"] and again.json()["id"] == first.json()["id"]
    assert EvidenceItem.objects.count() == 1


def test_the_server_refuses_a_file_whose_hash_differs_from_the_devices(world, officer, client):
    client.force_login(officer)
    taken, sent = png(5), png(6)
    upload = tus_upload(client, sent)
    response = _post(client, _capture(world, upload, taken))
    assert response.status_code == 422
    assert response.json()["code"] == "hash_mismatch"
    assert not Submission.objects.exists()


def test_an_interrupted_sync_resumes_without_duplicates(world, officer, client):
    """The connection drops half way through the file, then again after the item was
    accepted but before the phone heard so: the phone resumes and repeats; one item."""
    client.force_login(officer)
    data = png(7, size=64)
    location = tus_create(client, len(data))
    half = len(data) // 2
    tus_send(client, location, data[:half], 0)  # the cut: only half arrived
    assert tus_offset(client, location) == half
    assert tus_send(client, location, data, half) == len(data)
    upload = location.rstrip("/").split("/")[-1]
    body = _capture(world, upload, data)
    assert _post(client, body).status_code == 201
    assert _post(client, body).status_code == 200  # the answer was lost: sent again
    assert Submission.objects.count() == 1 and EvidenceItem.objects.count() == 1
    assert Upload.objects.get().status == Upload.Status.COMPLETE


def test_an_officer_not_on_the_case_cannot_send_to_it(world, client, team_bystander):
    client.force_login(team_bystander)
    data = png(5)
    upload = tus_upload(client, data)
    response = _post(client, _capture(world, upload, data))
    assert response.status_code in (403, 404)
    assert not Submission.objects.exists()


def test_anonymous_requests_go_to_the_log_in_page(client):
    assert client.get(reverse("field:home")).status_code == 302
    assert (
        client.post(reverse("field:items"), "{}", content_type="application/json").status_code
        == 302
    )


def test_the_manifest_and_service_worker(world, officer, client):
    manifest = client.get(reverse("field:manifest")).json()
    assert manifest["start_url"] == "/field/" and manifest["display"] == "standalone"
    client.force_login(officer)
    worker = client.get(reverse("field:sw"))
    assert worker["Service-Worker-Allowed"] == "/field/"
    assert b'"/field/"' in worker.content


def test_a_conflict_is_listed_and_resolved_by_the_officer(world, officer, client):
    from openenforce.testing.cases import act

    case = world.task.case
    act(case, "record_inspection", officer, record="另行制作的笔录")
    text = "现场检查笔录\n检查情况：符合"
    image = png(9)
    client.force_login(officer)
    body = {
        "key": "k-record-0001",
        "seq": 2,
        "kind": "record",
        "case": case.pk,
        "captured_at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        "text": text,
        "sha256": sha256(text.encode()),
        "signature": {
            "image": "data:image/png;base64," + __import__("base64").b64encode(image).decode(),
            "sha256": sha256(image),
            "signer": "赵福寿",
        },
    }
    assert _post(client, body).status_code == 409
    page = client.get(reverse("field:sync")).content.decode()
    submission = Submission.objects.get()
    assert reverse("field:resolve", args=[submission.pk]) in page
    client.post(
        reverse("field:resolve", args=[submission.pk]), {"choice": "withdraw", "note": "重复"}
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN


def _signed_record(world, officer, client, text="现场检查笔录\n检查情况：符合"):
    import base64

    image = png(9)
    client.force_login(officer)
    body = {
        "key": "k-record-0002",
        "seq": 1,
        "kind": "record",
        "case": world.task.case_id,
        "captured_at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        "text": text,
        "sha256": sha256(text.encode()),
        "signature": {
            "image": base64.b64encode(image).decode(),
            "sha256": sha256(image),
            "signer": "赵福寿",
        },
    }
    assert _post(client, body).status_code == 201
    return Submission.objects.get().signature


def test_the_signed_version_is_shown_and_checked_again(world, officer, client, outsider):
    signature = _signed_record(world, officer, client)
    page = client.get(reverse("field:signed", args=[signature.pk])).content.decode()
    assert "现场检查笔录\n检查情况：符合" in page and signature.image_sha256 in page
    assert page.count("签名后未被改动") == 2 and "同一条记录" in page
    assert (
        reverse("field:signed", args=[signature.pk])
        in client.get(reverse("field:sync")).content.decode()
    )
    client.force_login(outsider)
    assert client.get(reverse("field:signed", args=[signature.pk])).status_code == 404


@pytest.mark.tampers
def test_a_signed_text_changed_in_storage_is_detected(world, officer, client):
    from openenforce.evidence.storage import open_stored

    signature = _signed_record(world, officer, client)
    with open_stored(signature.content.name) as handle:
        path = handle.name
    with open(path, "ab") as handle:  # someone edits the stored text behind the record
        handle.write("（补记）".encode())
    page = client.get(reverse("field:signed", args=[signature.pk])).content.decode()
    assert "签名后已被改动" in page


def test_the_app_speaks_english_when_chosen(world, officer, client):
    client.force_login(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": reverse("field:home")})
    home = client.get(reverse("field:home")).content.decode()
    assert "Today's inspections" in home and "今日检查任务" not in home
    page = client.get(reverse("field:task", args=[world.task.pk])).content.decode()
    assert "Show the record to the party" in page and "On-site capture" in page


def test_the_case_page_lists_the_on_site_items(world, officer, client):
    signature = _signed_record(world, officer, client)
    page = client.get(reverse("workbench:case", args=[world.task.case_id])).content.decode()
    assert "现场执法（掌上执法）" in page
    assert reverse("field:signed", args=[signature.pk]) in page
