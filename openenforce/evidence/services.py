"""The one write path for evidence: storing files, adding evidence items, recording views.

``store_stream`` and ``store_bytes`` store content-addressed files (blobs). They do not
write the record: a blob is not a domain event; the caller puts ``blob.sha256`` (or
``blob.digests()``) into its own ``record(..., files=[...])``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from django.conf import settings

from openenforce.evidence import storage
from openenforce.evidence.models import Blob


def store_stream(
    stream: BinaryIO | Iterable[bytes],
    *,
    content_type: str | None = None,
    max_size: int | None = None,
    allowed_types=None,
) -> Blob:
    """Store a file read from ``stream`` in chunks, hashed while streaming.

    The type is sniffed from the content (``content_type``, if given, must agree); it must
    be one of ``allowed_types`` (default: ``OPENENFORCE_EVIDENCE_TYPES``) and the size at
    most ``max_size`` (default: ``OPENENFORCE_EVIDENCE_MAX_BYTES``). Refuses with
    InvalidInput and leaves nothing behind. Identical content returns the existing blob.
    """
    limit = storage.max_size_or_default(max_size)
    allowed = settings.OPENENFORCE_EVIDENCE_TYPES if allowed_types is None else allowed_types
    spooled = storage.spool(stream, max_size=limit)
    try:
        checked = storage.check_type(spooled.head, declared=content_type, allowed_types=allowed)
    except BaseException:
        spooled.discard()
        raise
    return storage.commit(spooled, content_type=checked)


def store_bytes(data: bytes, *, content_type: str, max_size: int | None = None) -> Blob:
    """Store a file the system generated (a PDF, a zip). The declared type must agree with
    the content where the content tells; any type is accepted."""
    spooled = storage.spool(io.BytesIO(data), max_size=storage.max_size_or_default(max_size))
    try:
        checked = storage.check_type(
            spooled.head, declared=content_type, allowed_types=None, trust_declared=True
        )
    except BaseException:
        spooled.discard()
        raise
    return storage.commit(spooled, content_type=checked)
