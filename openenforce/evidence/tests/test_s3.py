"""Evidence on an S3-compatible object store: a real S3 server (moto's server mode) on a
loopback port, the storage configured exactly as ``OPENENFORCE_STORAGE=s3`` configures it,
a file uploaded through the tus endpoint in chunks, served in ranges, checked by
``evidence verify`` (also once it is altered or gone in the bucket) and carried into a case
file package that verifies."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tusclient import client as tus_client

from openenforce.accounts.services import issue_api_token
from openenforce.evidence.models import Blob, EvidenceItem
from openenforce.testing.cases import WRITTEN, D, act, decide_penalty
from openenforce.testing.deliveries import issue

pytestmark = [
    pytest.mark.slow,
    pytest.mark.once,
    pytest.mark.clock(WRITTEN),
    pytest.mark.django_db(transaction=True),
]


def video(size: int) -> bytes:
    """An MP4 header (ftyp box) followed by varied filler: sniffed as video/mp4."""
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    filler = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(size // 32 + 1))
    return (header + filler)[:size]


@pytest.fixture
def token(officer, system_actor):
    return issue_api_token(officer, actor=system_actor)


def upload_and_attach(server_url: str, token: str, case, data: bytes) -> EvidenceItem:
    """Upload through tus in 1 MiB chunks with checksums, then attach through the API."""
    auth = {"Authorization": f"Bearer {token}"}
    tus = tus_client.TusClient(server_url + "/api/v1/uploads/", headers=auth)
    uploader = tus.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=1024 * 1024,
        metadata={"filename": "执法记录仪 0901.mp4", "filetype": "video/mp4"},
        upload_checksum=True,
    )
    uploader.upload()
    collected = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = requests.post(
        f"{server_url}/api/v1/evidence/cases/{case.pk}/items",
        json={
            "kind": "audiovisual",
            "title": "现场执法记录仪录像",
            "collected_at": collected,
            "place": "长春市某路1号",
            "method": "执法记录仪全程录像",
            "upload": uploader.url.rstrip("/").rsplit("/", 1)[1],
        },
        headers=auth,
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert response.json()["file"]["sha256"] == hashlib.sha256(data).hexdigest()
    return EvidenceItem.objects.select_related("blob", "case").get(pk=response.json()["id"])


def close(case, officer, head):
    """Run an open penalty case (with its evidence in) to closed, as the case files do,
    issuing its decision document (a PDF stored like any file)."""
    case = act(case, "approve_filing", head, filed_on=D(2026, 9, 1))
    case = act(
        case, "conclude_investigation", officer, facts="事实", proposed_penalty_kinds=["warning"]
    )
    case = act(case, "serve_prior_notice", officer, served_on=D(2026, 9, 10), method="直接送达")
    case = decide_penalty(case, officer, head, "警告", D(2026, 9, 20))
    issue(case, officer, "penalty_decision")
    case = act(case, "serve_decision", officer, served_on=D(2026, 9, 21), method="直接送达")
    return act(case, "close_case", officer, closed_on=D(2026, 9, 22))


def verify_evidence() -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("evidence", "verify", stdout=out, stderr=err)
    except CommandError as failed:
        return out.getvalue(), err.getvalue(), failed.returncode
    return out.getvalue(), err.getvalue(), 0


def test_evidence_lives_in_the_bucket_from_upload_to_case_file_package(
    s3_bucket, quiet_live_server, token, team, officer, head, settings, tmp_path, client_for
):
    # Over boto3's multipart threshold (8 MiB): the object store receives it in parts.
    data = video(9 * 1024 * 1024 + 12345)
    item = upload_and_attach(quiet_live_server.url, token, team.open(actor=officer), data)

    blob = item.blob
    assert blob.name in s3_bucket.stored()
    stored = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=blob.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == blob.sha256
    assert not (settings.MEDIA_ROOT / "blobs").exists()  # nothing went to the filesystem
    assert list(settings.OPENENFORCE_UPLOAD_DIR.glob("*")) == []  # nor stayed behind

    case = close(item.case, officer, head)
    assert Blob.objects.count() == 2  # the decision's PDF is in the bucket too
    document = case.documents.get()
    response = client_for(officer).get(f"/documents/{document.pk}/pdf")
    assert response.status_code == 200
    assert int(response["Content-Length"]) == document.blob.size
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
        document.blob.sha256
    )
    assert set(Blob.objects.values_list("name", flat=True)) <= set(s3_bucket.stored())

    out, err, code = verify_evidence()
    assert code == 0, err
    assert "已检查2个文件，0个异常" in out  # 2 files checked, 0 bad

    package_path = tmp_path / "case.zip"
    call_command(
        "casefiles",
        "export",
        case.number,
        "--user",
        officer.username,
        "-o",
        str(package_path),
        stdout=io.StringIO(),
    )
    verified = io.StringIO()
    call_command("ledger", "verify", "--package", str(package_path), stdout=verified)
    assert "package verified" in verified.getvalue() or "已验证" in verified.getvalue()
    with zipfile.ZipFile(package_path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        video_file = next(f for f in manifest["files"] if f["sha256"] == blob.sha256)
        assert archive.read(video_file["path"]) == data


def test_a_range_is_read_from_its_start_not_downloaded_whole(
    s3_bucket, quiet_live_server, token, team, officer, client_for
):
    """A player seeking in a video asks for a range: the object store is asked for the
    bytes from there on (one ranged GET), never for the object from its first byte."""
    data = video(3 * 1024 * 1024)
    item = upload_and_attach(quiet_live_server.url, token, team.open(actor=officer), data)
    from django.core.files.storage import default_storage

    asked: list[str] = []

    def note(params, **kwargs):
        asked.append(params.get("Range", "whole"))

    events = default_storage.bucket.meta.client.meta.events  # the client reads go through
    events.register("provide-client-params.s3.GetObject", note)
    try:
        response = client_for(officer).get(
            f"/evidence/{item.pk}/content", HTTP_RANGE="bytes=2000000-2000999"
        )
        body = b"".join(response.streaming_content)
    finally:
        events.unregister("provide-client-params.s3.GetObject", note)
    assert response.status_code == 206
    assert body == data[2000000:2001000]
    assert asked == ["bytes=2000000-"]


def test_verify_names_the_item_whose_file_was_altered_or_removed_in_the_bucket(
    s3_bucket, quiet_live_server, token, team, officer
):
    client, name = s3_bucket.client, s3_bucket.name
    case = team.open(actor=officer)
    item = upload_and_attach(quiet_live_server.url, token, case, video(200_000))
    assert verify_evidence()[2] == 0

    client.put_object(Bucket=name, Key=item.blob.name, Body=b"other bytes, same name")
    out, err, code = verify_evidence()
    assert code == 1
    line = next(line for line in err.splitlines() if item.blob.sha256 in line)
    assert "已被篡改" in line  # altered
    assert f"«{item}»" in line and f" {case.number or case.pk}" in line  # item and case named

    client.delete_object(Bucket=name, Key=item.blob.name)
    out, err, code = verify_evidence()
    assert code == 1
    assert "缺失" in err and f"«{item}»" in err  # missing
