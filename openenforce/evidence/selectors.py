"""Reading evidence: open a stored file, list a case's evidence and who viewed it."""

from __future__ import annotations

from django.core.files.storage import default_storage

from openenforce.evidence.models import Blob


def open_blob(blob: Blob):
    """The stored content of ``blob`` as a binary file object (close it after use)."""
    return default_storage.open(blob.name, "rb")
