"""Reading what was signed: the exact text and the signature image, each checked again
against its digest and against the record entry that holds both (电子签名法 Art 13:
a later change to either is detectable)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from openenforce.evidence.models import Blob
from openenforce.evidence.storage import open_stored
from openenforce.ledger.models import Entry
from openenforce.onsite.models import Signature


@dataclass
class SignedVersion:
    signature: Signature
    text: str
    image_b64: str
    text_ok: bool  # the stored text still has the digest taken when it was signed
    image_ok: bool
    recorded: bool  # the record's entry holds both digests


def _read(blob: Blob) -> bytes:
    with open_stored(blob.name) as handle:
        return handle.read()


def signed_version(signature: Signature) -> SignedVersion:
    text = _read(signature.content)
    image = _read(signature.image) if signature.image is not None else b""
    event = "onsite.signature.refused" if signature.refused else "onsite.signature.signed"
    entry = Entry.objects.filter(
        event_type=event, subject_kind="onsite.signature", subject_id=str(signature.pk)
    ).first()
    body = bytes(entry.body).decode() if entry is not None else ""
    digests = [signature.content_sha256] + ([signature.image_sha256] if image else [])
    return SignedVersion(
        signature=signature,
        text=text.decode("utf-8", errors="replace"),
        image_b64=base64.b64encode(image).decode() if image else "",
        text_ok=hashlib.sha256(text).hexdigest() == signature.content_sha256,
        image_ok=not image or hashlib.sha256(image).hexdigest() == signature.image_sha256,
        recorded=entry is not None and all(d in body for d in digests),
    )
