import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from openenforce.evidence import services
from openenforce.evidence.models import Upload
from openenforce.evidence.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_verify_finds_an_altered_file(settings):
    blob = services.store_stream(io.BytesIO(png_bytes(1, 32)))
    out = io.StringIO()
    call_command("evidence", "verify", stdout=out)
    assert "1" in out.getvalue()
    path = settings.MEDIA_ROOT / blob.name
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(CommandError) as failed:
        call_command("evidence", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    assert failed.value.returncode == 1


def test_purge_removes_expired_uploads_and_their_bytes(officer, settings):
    upload = services.create_upload(actor=officer, length=10, metadata={})
    fresh = services.create_upload(actor=officer, length=10, metadata={})
    Upload.objects.filter(pk=upload.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("evidence", "purge-uploads", stdout=io.StringIO())
    assert list(Upload.objects.values_list("pk", flat=True)) == [fresh.pk]
    names = [p.name for p in settings.OPENENFORCE_UPLOAD_DIR.iterdir()]
    assert names == [f"tus-{fresh.pk}"]


def test_too_many_unfinished_uploads_are_refused(officer, monkeypatch):
    from openenforce.core.errors import WrongState

    monkeypatch.setattr(services, "MAX_OPEN_UPLOADS", 2)
    for _ in range(2):
        services.create_upload(actor=officer, length=10, metadata={})
    with pytest.raises(WrongState) as refused:
        services.create_upload(actor=officer, length=10, metadata={})
    assert refused.value.code == "too_many_uploads"
    assert Upload.objects.count() == 2
