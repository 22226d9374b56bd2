"""Reading documents: a case's documents, one for a user, one by its verification code,
and checking an uploaded PDF against the digest the record holds."""

from __future__ import annotations

import hashlib
import json
from typing import BinaryIO

from django.db.models import QuerySet
from django.http import Http404

from openenforce.accounts.models import User
from openenforce.accounts.permissions import get_for_user
from openenforce.cases.permissions import get_for_reader
from openenforce.documents.models import Document
from openenforce.ledger.models import Entry

# A genuine document PDF is a few hundred kilobytes; anything far larger is not one.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CHUNK = 1024 * 1024
ISSUE_EVENTS = ("documents.document.issued", "documents.document.corrected")


def documents_for_case(case) -> QuerySet[Document]:
    """The case's documents, oldest first, with what corrects them (superseded ones
    have ``corrections``)."""
    return (
        Document.objects.filter(case=case)
        .defer("html", "context")
        .select_related("issued_by", "corrects")
        .prefetch_related("corrections")
        .order_by("issued_at", "id")
    )


def get_document_for_user(user: User, pk) -> Document:
    """One document the user may read, else 404 (missing or another agency's)."""
    queryset = Document.objects.select_related("agency", "case", "blob", "corrects")
    return get_for_user(queryset, user, pk=pk)


def get_case_document_for_reader(user: User, pk) -> Document:
    """A document of a case that a registered reader lets ``user`` read (an evaluator's
    assigned file), else 404; a document without a case is never theirs."""
    queryset = Document.objects.select_related("agency", "case", "blob", "corrects")
    return get_for_reader(queryset.filter(case__isnull=False), user, pk=pk)


def get_by_code(code: str) -> Document:
    """The document with verification ``code`` (public), else 404."""
    document = (
        Document.objects.select_related("agency", "corrects")
        .prefetch_related("corrections")
        .filter(verification_code=code)
        .first()
    )
    if document is None:
        raise Http404
    return document


def find_by_typed_code(code: str) -> Document | None:
    """The document whose verification code is ``code`` as typed: exactly, else the one
    document whose code differs only in letter case (codes mix cases; a reader copying
    one off paper may not)."""
    if not code:
        return None
    exact = Document.objects.filter(verification_code=code).only("verification_code").first()
    if exact is not None:
        return exact
    folded = list(
        Document.objects.filter(verification_code__iexact=code).only("verification_code")[:2]
    )
    return folded[0] if len(folded) == 1 else None


def issue_entry(document: Document) -> Entry | None:
    """The record entry that issued ``document`` (holding its PDF's digest)."""
    return (
        Entry.objects.filter(
            subject_kind="documents.document",
            subject_id=str(document.pk),
            event_type__in=ISSUE_EVENTS,
        )
        .order_by("sequence")
        .first()
    )


def superseded_by(document: Document) -> Document | None:
    """The correction that replaced ``document``, if any."""
    return next(iter(document.corrections.all()), None)


class UploadTooLarge(ValueError):
    pass


def digest_upload(stream: BinaryIO, *, max_size: int = MAX_UPLOAD_BYTES) -> tuple[str, bytes]:
    """SHA-256 of an uploaded file read in chunks, and its first bytes (to check it is a
    PDF); refuses past ``max_size`` without reading on."""
    h, size, head = hashlib.sha256(), 0, b""
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_size:
            raise UploadTooLarge
        if len(head) < 8:
            head += chunk[:8]
        h.update(chunk)
    return h.hexdigest(), head


def is_pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def matches(document: Document, sha256: str) -> bool:
    """Whether a file with digest ``sha256`` is the PDF issued as ``document``: the same
    digest as stored and as written into the record when it was issued."""
    return sha256 == document.sha256 and sha256 in recorded_digests(document)


def recorded_digests(document: Document) -> list[str]:
    """The file digests the issuing record entry holds."""
    entry = issue_entry(document)
    return json.loads(bytes(entry.body))["files"] if entry is not None else []
