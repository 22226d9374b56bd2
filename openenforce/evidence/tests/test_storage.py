import hashlib
import io

import pytest
from django.core.files.storage import default_storage

from openenforce.core.errors import InvalidInput
from openenforce.evidence import services
from openenforce.evidence.models import Blob
from openenforce.evidence.selectors import open_blob
from openenforce.evidence.tests.conftest import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def _leftovers(settings) -> list:
    return list(settings.OPENENFORCE_UPLOAD_DIR.iterdir())


def test_store_stream_hashes_and_stores_content_addressed(settings):
    settings.OPENENFORCE_LEDGER_HASH = "sha256"
    data = png_bytes(1, 64)
    blob = services.store_stream(io.BytesIO(data))
    assert blob.sha256 == hashlib.sha256(data).hexdigest()
    assert blob.size == len(data)
    assert blob.content_type == "image/png"
    assert blob.name == f"blobs/{blob.sha256[:2]}/{blob.sha256[2:4]}/{blob.sha256}"
    with open_blob(blob) as handle:
        assert handle.read() == data
    assert blob.sm3 == ""  # SHA-256 profile
    assert _leftovers(settings) == []


def test_identical_content_is_stored_once(settings):
    data = pdf_bytes("same")
    first = services.store_stream(io.BytesIO(data), content_type="application/pdf")
    second = services.store_stream(iter([data[:5], data[5:]]))
    assert first.pk == second.pk
    assert Blob.objects.count() == 1
    stored = list((settings.MEDIA_ROOT / "blobs").rglob("*"))
    assert len([p for p in stored if p.is_file()]) == 1


def test_sm3_under_the_sm3_profile(settings):
    settings.OPENENFORCE_LEDGER_HASH = "sm3"
    data = b"plain text evidence\n"
    blob = services.store_stream(io.BytesIO(data))
    assert blob.sm3 == hashlib.new("sm3", data).hexdigest()
    assert blob.digests() == [blob.sha256, blob.sm3]
    assert blob.content_type == "text/plain"


def test_oversized_is_refused_and_leaves_nothing(settings):
    with pytest.raises(InvalidInput) as refused:
        services.store_stream(io.BytesIO(b"x" * 5000), max_size=4096)
    assert refused.value.code == "file_too_large"
    assert Blob.objects.count() == 0
    assert _leftovers(settings) == []
    assert not default_storage.exists("blobs")


def test_type_is_sniffed_not_declared(settings):
    # An executable named and declared as a PDF.
    with pytest.raises(InvalidInput) as refused:
        services.store_stream(
            io.BytesIO(b"MZ\x90\x00" + bytes(600)), content_type="application/pdf"
        )
    assert refused.value.code in {"file_type_mismatch", "file_type_unknown"}
    with pytest.raises(InvalidInput) as refused:
        services.store_stream(io.BytesIO(png_bytes()), content_type="application/pdf")
    assert refused.value.code == "file_type_mismatch"
    assert Blob.objects.count() == 0
    assert _leftovers(settings) == []


def test_type_not_in_the_allowed_list(settings):
    with pytest.raises(InvalidInput) as refused:
        services.store_stream(io.BytesIO(png_bytes()), allowed_types=["application/pdf"])
    assert refused.value.code == "file_type_not_allowed"
    assert "image/png" in str(refused.value)
    assert _leftovers(settings) == []


def test_store_bytes_for_generated_files():
    blob = services.store_bytes(b"a,b\n1,2\n", content_type="text/csv")
    assert blob.content_type == "text/csv"
    blob = services.store_bytes(pdf_bytes(), content_type="application/pdf")
    assert blob.content_type == "application/pdf"
    with pytest.raises(InvalidInput):
        services.store_bytes(png_bytes(), content_type="application/pdf")
