"""The mechanics of resumable uploads: partial files, their running hash state, file names.

The bytes received so far wait in ``OPENENFORCE_UPLOAD_DIR/tus-<id>``. The running
SHA-256 (and SM3) of those bytes is kept in this process between requests, so a chunk is
hashed once, as it arrives. Another worker process, or this one after a restart, rebuilds
the state by hashing the partial file once (``state_for``).
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from openenforce.core.errors import FieldProblem, InvalidInput, WrongState
from openenforce.evidence.storage import CHUNK, SNIFF_BYTES, Hasher, upload_dir

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "md5": hashlib.md5}
MAX_NAME = 200
_CACHE_SIZE = 256


def partial_path(upload_id) -> Path:
    return upload_dir() / f"tus-{upload_id}"


@dataclass
class State:
    """The running hash of the first ``offset`` bytes and the first bytes (for the type)."""

    offset: int
    hasher: Hasher
    head: bytes

    def copy(self) -> State:
        clone = Hasher(sm3=self.hasher.sm3 is not None)
        clone.sha256 = self.hasher.sha256.copy()
        clone.sm3 = self.hasher.sm3.copy() if self.hasher.sm3 is not None else None
        clone.size = self.hasher.size
        return State(self.offset, clone, self.head)


_states: OrderedDict[str, State] = OrderedDict()
_states_lock = threading.Lock()


def remember(upload_id, state: State) -> None:
    with _states_lock:
        _states[str(upload_id)] = state
        _states.move_to_end(str(upload_id))
        while len(_states) > _CACHE_SIZE:
            _states.popitem(last=False)


def forget(upload_id) -> None:
    with _states_lock:
        _states.pop(str(upload_id), None)


def state_for(upload_id, offset: int) -> State:
    """The hash state at ``offset``: from memory, else rebuilt from the partial file."""
    with _states_lock:
        state = _states.get(str(upload_id))
    if state is not None and state.offset == offset:
        return state
    hasher, head = Hasher(), bytearray()
    with open(partial_path(upload_id), "rb") as handle:
        remaining = offset
        while remaining and (chunk := handle.read(min(CHUNK, remaining))):
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
            hasher.update(chunk)
            remaining -= len(chunk)
    return State(offset, hasher, bytes(head))


@contextmanager
def locked(upload_id) -> Iterator[int]:
    """An exclusive, non-blocking lock on the partial file: one PATCH at a time."""
    fd = os.open(partial_path(upload_id), os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WrongState(
                _("Another request is writing to this upload; try again."), code="upload_locked"
            ) from exc
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _bad_metadata(message: str) -> InvalidInput:
    return InvalidInput(
        message, code="bad_metadata", problems=[FieldProblem("Upload-Metadata", message)]
    )


def parse_metadata(header: str) -> dict[str, str]:
    """tus ``Upload-Metadata``: comma-separated ``key base64value`` pairs (value optional)."""
    metadata: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        if not key or not key.isascii() or " " in key or key in metadata:
            raise _bad_metadata(_("The upload metadata is malformed."))
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise _bad_metadata(_("An upload metadata value is not valid base64 UTF-8.")) from exc
        metadata[key] = decoded
    return metadata


def encode_metadata(metadata: dict[str, str]) -> str:
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in metadata.items()
    )


def check_file_name(name: str) -> str:
    """A file name as given, refused if it is hostile: a path (separators, ``..``), control
    or format characters, a leading dot or dash, or longer than 200 characters. It is kept
    for display only; storage names come from the digest."""
    name = unicodedata.normalize("NFC", name)
    hostile = (
        "/" in name
        or "\\" in name
        or name in {".", ".."}
        or name.startswith((".", "-", " "))
        or name.endswith((" ", "."))
        or any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in name)
        or len(name) > MAX_NAME
    )
    if hostile:
        message = _(
            "The file name is not accepted: use a plain name without folders, control "
            "characters or a leading dot, at most 200 characters."
        )
        raise InvalidInput(
            message, code="bad_file_name", problems=[FieldProblem("filename", message)]
        )
    return name


def parse_checksum(header: str) -> tuple[str, bytes]:
    """tus ``Upload-Checksum: <algorithm> <base64 digest>``."""
    algorithm, _sep, value = header.strip().partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise InvalidInput(
            _("The checksum algorithm is not supported."), code="checksum_algorithm_unsupported"
        )
    try:
        return algorithm, base64.b64decode(value.strip(), validate=True)
    except binascii.Error as exc:
        raise InvalidInput(_("The checksum is not valid base64."), code="bad_checksum") from exc
