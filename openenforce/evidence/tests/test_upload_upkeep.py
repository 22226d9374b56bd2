"""Uploads' upkeep (issue 22, finding 8): only the people who add files upload; one
user's unattached uploads have a quota; unused uploads, finished or not, are purged."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotPermitted
from openenforce.evidence import services
from openenforce.evidence.models import Blob, Upload
from openenforce.evidence.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def _complete(user, seed: int) -> Upload:
    data = png_bytes(seed, 16)
    upload = services.create_upload(actor=user, length=len(data), metadata={"filename": "a.png"})
    return services.receive_chunk(
        upload, actor=user, offset=0, stream=io.BytesIO(data), content_length=len(data)
    )


def _attach(case, officer, upload: Upload):
    return services.add_evidence(
        case,
        actor=officer,
        kind="documentary",
        title="现场照片",
        collected_at=timezone.now() - datetime.timedelta(hours=1),
        place="现场",
        method="拍照",
        upload=upload,
    )


@pytest.mark.parametrize("role", ["supervisor", "reviewer", "publisher", "admin_user"])
def test_only_officers_and_heads_may_upload(client, request, role, officer, head):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post("/api/v1/uploads/", HTTP_UPLOAD_LENGTH="10", **TUS)
    assert response.status_code == 403
    assert response.json()["code"] == "upload_not_permitted"
    assert not Upload.objects.exists()
    for allowed in (officer, head):
        client.force_login(allowed)
        assert client.post("/api/v1/uploads/", HTTP_UPLOAD_LENGTH="10", **TUS).status_code == 201


def test_a_superuser_without_an_agency_role_may_not_upload(system_actor):
    from openenforce.accounts.services import create_user

    root = create_user("root", actor=system_actor, agency=None, password="x", is_superuser=True)
    with pytest.raises(NotPermitted):
        services.create_upload(actor=root, length=10, metadata={})


def test_unattached_uploads_are_held_to_a_quota(client, settings, officer, case):
    first = _complete(officer, 1)
    settings.OPENENFORCE_UPLOAD_QUOTA_BYTES = first.length + 100
    services.create_upload(actor=officer, length=60, metadata={})  # within the quota
    client.force_login(officer)
    response = client.post("/api/v1/uploads/", HTTP_UPLOAD_LENGTH="60", **TUS)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "upload_quota_exceeded"
    assert "尚未关联到案件" in body["message"]
    assert body["problems"][0]["field"] == "Upload-Length"
    # Attached to a case, the first upload no longer counts.
    _attach(case, officer, first)
    assert services.pending_upload_bytes(officer) == 60
    assert client.post("/api/v1/uploads/", HTTP_UPLOAD_LENGTH="40", **TUS).status_code == 201


def test_another_users_uploads_do_not_count(settings, officer, head):
    settings.OPENENFORCE_UPLOAD_QUOTA_BYTES = 100
    services.create_upload(actor=head, length=100, metadata={})
    services.create_upload(actor=officer, length=100, metadata={})
    with pytest.raises(InvalidInput) as refused:
        services.create_upload(actor=officer, length=1, metadata={})
    assert refused.value.code == "upload_quota_exceeded"


def test_purge_removes_unused_uploads_and_keeps_attached_files(settings, clock, officer, case):
    settings.OPENENFORCE_UPLOAD_EXPIRE_HOURS = 24
    unused, attached = _complete(officer, 1), _complete(officer, 2)
    unfinished = services.create_upload(actor=officer, length=999, metadata={})
    item = _attach(case, officer, attached)
    unused_file = settings.MEDIA_ROOT / unused.blob.name
    assert unused_file.exists()

    clock.shift(datetime.timedelta(hours=23))
    call_command("evidence", "purge-uploads", stdout=io.StringIO())
    assert Upload.objects.count() == 3  # not old enough yet

    clock.shift(datetime.timedelta(hours=2))
    fresh = _complete(officer, 3)
    call_command("evidence", "purge-uploads", stdout=io.StringIO())
    assert list(Upload.objects.all()) == [fresh]
    assert not Blob.objects.filter(pk=unused.blob_id).exists()
    assert not unused_file.exists()
    # The evidence keeps its file; the unfinished upload's bytes are gone.
    assert Blob.objects.filter(pk=item.blob_id).exists()
    assert (settings.MEDIA_ROOT / item.blob.name).exists()
    assert not any(settings.OPENENFORCE_UPLOAD_DIR.glob(f"*{unfinished.pk}*"))


def test_the_daily_run_purges_uploads(settings, clock, officer):
    settings.OPENENFORCE_UPLOAD_EXPIRE_HOURS = 24
    _complete(officer, 1)
    clock.shift(datetime.timedelta(hours=25))
    call_command("workbench", "notify", stdout=io.StringIO())
    assert not Upload.objects.exists() and not Blob.objects.exists()


def test_purge_keeps_a_file_another_upload_still_holds(settings, clock, officer, head):
    settings.OPENENFORCE_UPLOAD_EXPIRE_HOURS = 24
    old = _complete(officer, 7)
    clock.shift(datetime.timedelta(hours=25))
    same = _complete(head, 7)  # the same content: one stored file
    assert same.blob_id == old.blob_id
    services.purge_uploads()
    assert list(Upload.objects.all()) == [same]
    assert Blob.objects.filter(pk=same.blob_id).exists()
