"""The tus endpoint driven by a standard tus client (tuspy) against a live server."""

import base64
import hashlib
import io
import os
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

from openenforce.accounts.services import issue_api_token
from openenforce.evidence.models import Blob, Upload
from openenforce.evidence.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def http(method: str, url: str, **kwargs) -> requests.Response:
    return requests.request(method.upper(), url, timeout=30, **kwargs)


@pytest.fixture
def token(officer, system_actor):
    return issue_api_token(officer, actor=system_actor)


@pytest.fixture
def tus(quiet_live_server, token):
    return tus_client.TusClient(
        quiet_live_server.url + "/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"}
    )


def video(size: int, seed: bytes = b"a") -> bytes:
    """An MP4 header (ftyp box) followed by filler: sniffed as video/mp4."""
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    filler = hashlib.sha256(seed).digest() * (size // 32 + 1)
    return (header + filler)[:size]


def _nothing_left(settings) -> bool:
    partials = list(settings.OPENENFORCE_UPLOAD_DIR.glob("*"))
    return not partials and not Upload.objects.exists() and not Blob.objects.exists()


def _upload_of(uploader) -> Upload:
    return Upload.objects.get(pk=uploader.url.rstrip("/").rsplit("/", 1)[1])


def test_options_advertise_the_protocol(quiet_live_server):
    response = http("options", quiet_live_server.url + "/api/v1/uploads/")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    extensions = response.headers["Tus-Extension"].split(",")
    assert {"creation", "checksum", "termination"} <= set(extensions)
    assert "sha1" in response.headers["Tus-Checksum-Algorithm"].split(",")
    assert int(response.headers["Tus-Max-Size"]) > 0


def test_upload_with_checksums_becomes_a_blob(tus, settings):
    data = video(300_000)
    uploader = tus.uploader(
        file_stream=io.BytesIO(data),
        chunk_size=64 * 1024,
        metadata={"filename": "执法记录仪 2026-09-01.mp4", "filetype": "video/mp4"},
        upload_checksum=True,
    )
    uploader.upload()
    upload = _upload_of(uploader)
    assert upload.status == Upload.Status.COMPLETE
    assert upload.file_name == "执法记录仪 2026-09-01.mp4"
    assert upload.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.blob.content_type == "video/mp4"
    assert list(settings.OPENENFORCE_UPLOAD_DIR.glob("*")) == []  # moved into storage


def test_interrupted_upload_resumes(tus, quiet_live_server, token):
    data = video(500_000, b"resume")
    first = tus.uploader(file_stream=io.BytesIO(data), chunk_size=100_000)
    first.upload(stop_at=200_000)
    assert _upload_of(first).offset == 200_000
    # The connection drops in the middle of the next chunk: what arrived is kept.
    _patch_and_hang_up(
        first.url, token, offset=200_000, body=data[200_000:250_000], claimed=100_000
    )
    offset = _wait_for_offset(first.url, token, 250_000)
    assert offset == 250_000
    # A new client resumes from the server's offset (HEAD) and finishes.
    second = tus.uploader(file_stream=io.BytesIO(data), chunk_size=100_000, url=first.url)
    assert second.offset == 250_000
    second.upload()
    upload = _upload_of(second)
    assert upload.status == Upload.Status.COMPLETE
    assert upload.blob.sha256 == hashlib.sha256(data).hexdigest()


def _patch_and_hang_up(url, token, *, offset, body, claimed, checksum=""):
    """Send a PATCH claiming ``claimed`` bytes, send only ``body``, then hang up; the
    first line of the answer (if the server still sends one)."""
    parts = urlsplit(url)
    extra = f"Upload-Checksum: {checksum}\r\n" if checksum else ""
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        head = (
            f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Authorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n{extra}"
            f"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {claimed}\r\n\r\n"
        )
        sock.sendall(head.encode() + body)
        sock.shutdown(socket.SHUT_WR)
        return sock.recv(1024).split(b"\r\n", 1)[0]


def _wait_for_offset(url, token, expected, timeout=10.0):
    headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    deadline = time.monotonic() + timeout
    while True:
        offset = int(http("head", url, headers=headers).headers["Upload-Offset"])
        if offset == expected or time.monotonic() > deadline:
            return offset
        time.sleep(0.05)


def test_truncated_chunk_with_a_checksum_is_dropped(tus, token):
    data = video(100_000, b"cut")
    uploader = tus.uploader(file_stream=io.BytesIO(data), chunk_size=40_000)
    uploader.upload(stop_at=40_000)
    digest = base64.b64encode(hashlib.sha256(data[40_000:]).digest()).decode()
    status = _patch_and_hang_up(
        uploader.url,
        token,
        offset=40_000,
        body=data[40_000:70_000],
        claimed=60_000,
        checksum=f"sha256 {digest}",
    )
    assert b"460" in status
    assert _upload_of(uploader).offset == 40_000
    # Resuming sends the whole rest again.
    tus.uploader(file_stream=io.BytesIO(data), chunk_size=40_000, url=uploader.url).upload()
    assert _upload_of(uploader).blob.sha256 == hashlib.sha256(data).hexdigest()


def _patch(url: str, token: str, offset: int, body: bytes, checksum: str = ""):
    """A PATCH of ``body`` at ``offset``, with the ``Upload-Checksum`` when given."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    if checksum:
        headers["Upload-Checksum"] = checksum
    return http("patch", url, data=body, headers=headers)


def test_bad_checksum_is_refused_and_the_chunk_dropped(tus, token):
    data = video(100_000)
    uploader = tus.uploader(file_stream=io.BytesIO(data), chunk_size=50_000)
    uploader.upload(stop_at=50_000)
    wrong = base64.b64encode(
        hashlib.sha1(b"something else", usedforsecurity=False).digest()
    ).decode()
    response = _patch(uploader.url, token, 50_000, data[50_000:], f"sha1 {wrong}")
    assert response.status_code == 460
    assert response.json()["code"] == "checksum_mismatch"
    assert _upload_of(uploader).offset == 50_000
    # The correct chunk (sha256 this time) then completes it.
    good = base64.b64encode(hashlib.sha256(data[50_000:]).digest()).decode()
    response = _patch(uploader.url, token, 50_000, data[50_000:], f"sha256 {good}")
    assert response.status_code == 204
    assert _upload_of(uploader).blob.sha256 == hashlib.sha256(data).hexdigest()


def test_truncated_upload_never_becomes_a_file_and_termination_leaves_nothing(tus, settings):
    data = video(120_000)
    uploader = tus.uploader(file_stream=io.BytesIO(data), chunk_size=40_000)
    uploader.upload(stop_at=80_000)  # the client stops; the declared length is never reached
    upload = _upload_of(uploader)
    assert upload.status == Upload.Status.OPEN and upload.blob is None
    assert not Blob.objects.exists()
    headers = {**uploader.get_headers()}
    assert http("delete", uploader.url, headers=headers).status_code == 204
    assert _nothing_left(settings)
    assert http("head", uploader.url, headers=headers).status_code == 404


def test_data_past_the_declared_length_is_refused(tus, token):
    uploader = tus.uploader(file_stream=io.BytesIO(video(1000)), chunk_size=1000)
    uploader.set_url(uploader.create_url())
    response = _patch(uploader.url, token, 0, video(2000))
    assert response.status_code == 413
    assert _upload_of(uploader).offset == 0


def test_oversized_upload_is_refused_with_413(tus, settings):
    settings.OPENENFORCE_EVIDENCE_MAX_BYTES = 50_000
    uploader = tus.uploader(file_stream=io.BytesIO(video(60_000)), chunk_size=10_000)
    with pytest.raises(TusCommunicationError) as refused:
        uploader.upload()
    assert refused.value.status_code == 413
    assert _nothing_left(settings)


def test_wrong_type_is_refused_and_leaves_nothing(tus, settings):
    executable = b"MZ\x90\x00\x03" + os.urandom(20_000)
    uploader = tus.uploader(
        file_stream=io.BytesIO(executable), chunk_size=10_000, metadata={"filename": "a.mp4"}
    )
    with pytest.raises(TusUploadFailed) as refused:
        uploader.upload()
    assert refused.value.status_code == 415
    assert _nothing_left(settings)


def test_declared_type_must_match_the_content(tus, settings):
    uploader = tus.uploader(
        file_stream=io.BytesIO(png_bytes(3, 64)), metadata={"filetype": "application/pdf"}
    )
    with pytest.raises(TusUploadFailed) as refused:
        uploader.upload()
    assert refused.value.status_code == 415
    assert _nothing_left(settings)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..",
        "a/b.jpg",
        "C:\\Windows\\x.jpg",
        ".htaccess",
        "a\x00.jpg",
        "x\u202egpj.exe",
    ],
)
def test_hostile_file_names_are_refused(tus, settings, name):
    uploader = tus.uploader(file_stream=io.BytesIO(png_bytes()), metadata={"filename": name})
    with pytest.raises(TusCommunicationError) as refused:
        uploader.upload()
    assert refused.value.status_code == 422
    assert b"bad_file_name" in refused.value.response_content
    assert _nothing_left(settings)


def test_duplicate_file_is_stored_once(tus, settings):
    data = png_bytes(9, 128)
    for _ in range(2):
        tus.uploader(file_stream=io.BytesIO(data), chunk_size=4096).upload()
    assert Upload.objects.filter(status="complete").count() == 2
    assert Blob.objects.count() == 1
    stored = [p for p in (settings.MEDIA_ROOT / "blobs").rglob("*") if p.is_file()]
    assert len(stored) == 1


def test_uploads_are_scoped_to_their_owner(tus, quiet_live_server, head, system_actor):
    uploader = tus.uploader(file_stream=io.BytesIO(png_bytes(1, 64)), chunk_size=100)
    uploader.upload(stop_at=100)
    other = issue_api_token(head, actor=system_actor)
    headers = {"Authorization": f"Bearer {other}", "Tus-Resumable": "1.0.0"}
    assert http("head", uploader.url, headers=headers).status_code == 404
    assert http("delete", uploader.url, headers=headers).status_code == 404
    anonymous = http(
        "post",
        quiet_live_server.url + "/api/v1/uploads/",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": "10"},
    )
    assert anonymous.status_code == 401
    assert _upload_of(uploader).offset == 100
