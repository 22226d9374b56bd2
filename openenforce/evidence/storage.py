"""Content-addressed file storage: spool a stream to a temporary file while hashing and
checking it, then move it into Django's storage under a name derived from its digest.

Nothing here is a domain event; ``services`` wraps these for callers. A refused file leaves
nothing behind: the temporary file is removed on every failure path.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.evidence.models import Blob

CHUNK = 1024 * 1024  # read and hash 1 MiB at a time: never the whole file in memory
SNIFF_BYTES = 8192  # enough for every magic number filetype knows and for the text check

# Declared types that a plain-text sniff confirms (text has no magic number).
_TEXTUAL = ("text/", "application/json", "application/xml", "application/csv")
# Aliases: the same format under the names browsers and tools use.
_ALIASES = {
    "audio/wav": "audio/x-wav",
    "audio/vnd.wave": "audio/x-wav",
    "audio/x-m4a": "audio/mp4",
    "video/avi": "video/x-msvideo",
    "image/jpg": "image/jpeg",
    "application/x-zip-compressed": "application/zip",
    "audio/x-aac": "audio/aac",
    "video/x-m4v": "video/mp4",
}


def sm3_enabled() -> bool:
    """SM3 is computed beside SHA-256 under the SM3 profile (or when asked for)."""
    return bool(settings.OPENENFORCE_EVIDENCE_SM3) or settings.OPENENFORCE_LEDGER_HASH == "sm3"


def upload_dir() -> Path:
    path = Path(settings.OPENENFORCE_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def storage_name(sha256: str) -> str:
    """``blobs/ab/cd/abcd…``: derived from the digest only, never from a user's file name."""
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class Hasher:
    """SHA-256 (and SM3 under that profile) over a stream, updated chunk by chunk."""

    def __init__(self, *, sm3: bool | None = None) -> None:
        self.sha256 = hashlib.sha256()
        self.sm3 = hashlib.new("sm3") if (sm3_enabled() if sm3 is None else sm3) else None
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        if self.sm3 is not None:
            self.sm3.update(chunk)
        self.size += len(chunk)

    def hexdigests(self) -> tuple[str, str]:
        return self.sha256.hexdigest(), self.sm3.hexdigest() if self.sm3 is not None else ""


@dataclass
class Spooled:
    """A file waiting in the upload directory, hashed and measured."""

    path: Path
    size: int
    sha256: str
    sm3: str = ""
    head: bytes = b""
    extra: dict = field(default_factory=dict)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _refuse(field_name: str, message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code, problems=[FieldProblem(field_name, message)])


def too_large(max_size: int) -> InvalidInput:
    return _refuse(
        "file",
        _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(max_size)},
        "file_too_large",
    )


def max_size_or_default(max_size: int | None) -> int:
    return settings.OPENENFORCE_EVIDENCE_MAX_BYTES if max_size is None else max_size


def spool(stream: BinaryIO | Iterable[bytes], *, max_size: int) -> Spooled:
    """Copy ``stream`` (a file object or an iterable of chunks) to a temporary file in
    chunks, hashing as it goes; refuse as soon as it passes ``max_size``."""
    hasher = Hasher()
    head = bytearray()
    fd, name = tempfile.mkstemp(prefix="spool-", dir=upload_dir())
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(stream):
                if hasher.size + len(chunk) > max_size:
                    raise too_large(max_size)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                hasher.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    sha256, sm3 = hasher.hexdigests()
    return Spooled(path=path, size=hasher.size, sha256=sha256, sm3=sm3, head=bytes(head))


def _chunks(stream: BinaryIO | Iterable[bytes]) -> Iterable[bytes]:
    if hasattr(stream, "read"):
        while chunk := stream.read(CHUNK):
            yield chunk
    else:
        for chunk in stream:
            if chunk:
                yield bytes(chunk)


def sniff(head: bytes) -> str:
    """The content type told by the bytes themselves; '' when unknown."""
    if not head:
        return ""
    kind = filetype.guess(head)
    if kind is not None:
        return _ALIASES.get(kind.mime, kind.mime)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if _is_text(head):
        return "text/plain"
    return ""


def _is_text(head: bytes) -> bool:
    """UTF-8 (or GB 18030) text without control characters other than tab/CR/LF/FF."""
    for encoding in ("utf-8", "gb18030"):
        try:
            # A multi-byte character may be cut at the end of the sniffed head.
            text = head.decode(encoding) if len(head) < SNIFF_BYTES else _decode_cut(head, encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
    return False


def _decode_cut(head: bytes, encoding: str) -> str:
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError(encoding, head, 0, len(head), "not text")


def normalise(content_type: str | None) -> str:
    if not content_type:
        return ""
    base = content_type.split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def check_type(
    head: bytes, *, declared: str | None, allowed_types, trust_declared: bool = False
) -> str:
    """The sniffed type, checked against the declared one and the allowed list.

    ``trust_declared``: for files the system generated, a type the content cannot tell
    (CSV, JSON, an empty file) is taken as declared.
    """
    declared = normalise(declared)
    sniffed = sniff(head) or (declared if trust_declared else "")
    if not sniffed:
        raise _refuse("file", _("The file's type could not be recognised."), "file_type_unknown")
    if declared and declared != sniffed:
        textual = sniffed == "text/plain" and declared.startswith(_TEXTUAL)
        if not textual:
            raise _refuse(
                "file",
                _("The file's content is %(sniffed)s, not %(declared)s as declared.")
                % {"sniffed": sniffed, "declared": declared},
                "file_type_mismatch",
            )
        sniffed = declared
    if allowed_types is not None and sniffed not in {normalise(t) for t in allowed_types}:
        raise _refuse(
            "file",
            _("Files of type %(type)s are not accepted.") % {"type": sniffed},
            "file_type_not_allowed",
        )
    return sniffed


class _SpooledFile(File):
    """Lets FileSystemStorage move the spooled file into place instead of copying it."""

    def temporary_file_path(self) -> str:
        return self.name


def commit(spooled: Spooled, *, content_type: str) -> Blob:
    """Move a checked spooled file into storage; the existing blob if the content is known.

    The temporary file is always gone afterwards.
    """
    try:
        existing = Blob.objects.filter(sha256=spooled.sha256).first()
        if existing is not None:
            return _with_sm3(existing, spooled.sm3)
        name = storage_name(spooled.sha256)
        if not default_storage.exists(name):
            with open(spooled.path, "rb") as handle:
                saved = default_storage.save(name, _SpooledFile(handle, name=str(spooled.path)))
            if saved != name:  # another process stored the same content a moment ago
                default_storage.delete(saved)
        return _create_blob(spooled, name=name, content_type=content_type)
    finally:
        spooled.discard()


def _create_blob(spooled: Spooled, *, name: str, content_type: str) -> Blob:
    try:
        with transaction.atomic():
            blob = Blob.objects.create(
                sha256=spooled.sha256,
                sm3=spooled.sm3,
                size=spooled.size,
                content_type=content_type,
                name=name,
            )
            blob.created_now = True  # type: ignore[attr-defined]
            return blob
    except IntegrityError:  # the same content committed concurrently: one row, one file
        return Blob.objects.get(sha256=spooled.sha256)


def _with_sm3(blob: Blob, sm3: str) -> Blob:
    """A blob stored before the SM3 profile gains its SM3 digest on its next upload."""
    if sm3 and not blob.sm3:
        Blob.objects.filter(pk=blob.pk, sm3="").update(sm3=sm3)
        blob.sm3 = sm3
    return blob


def open_stored(name: str) -> BinaryIO:
    """The stored file ``name`` opened for reading; FileNotFoundError if it is not there.

    On the filesystem, the file itself. On an S3-compatible store, a reader that streams
    the object with one ranged GET from wherever ``seek`` put it: django-storages' own
    ``S3File`` downloads the whole object (into memory, by default) before the first byte
    is read, which a 2 GiB video, a range request of a player seeking in it, or
    ``evidence verify`` over the whole store cannot afford.
    """
    backend = storages["default"]
    handle = backend.open(name, "rb")  # on S3: a HEAD request; a missing object raises here
    if type(handle).__module__ != "storages.backends.s3":
        return handle
    obj = handle.obj  # type: ignore[attr-defined]  # the boto3 Object, loaded: size, ETag
    handle.close()  # nothing was downloaded
    return io.BufferedReader(_ObjectReader(obj), buffer_size=CHUNK)


class _ObjectReader(io.RawIOBase):
    """An object in an S3-compatible store read in order, one ranged GET per seek."""

    def __init__(self, obj) -> None:
        super().__init__()
        self.name = obj.key
        self._obj, self._size, self._etag = obj, obj.content_length, obj.e_tag
        self._position = 0
        self._body: Any = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        position = max(base + offset, 0)
        if position != self._position:
            self._drop()
        self._position = position
        return position

    def readinto(self, buffer) -> int:
        if self._position >= self._size or not len(buffer):
            return 0
        if self._body is None:
            # If-Match: every range of one reading comes from the same version of the object.
            answer = self._obj.get(Range=f"bytes={self._position}-", IfMatch=self._etag)
            self._body = answer["Body"]
        data = self._body.read(len(buffer))
        if not data:
            raise OSError(f"{self.name}: the object store ended the stream early")
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def _drop(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop()
        super().close()


def delete_if_unused(blob: Blob) -> bool:
    """Remove a blob nothing refers to (a file stored for an item that was then refused)."""
    try:
        with transaction.atomic():
            blob.delete()
    except (ProtectedError, IntegrityError):
        return False
    default_storage.delete(blob.name)
    return True
