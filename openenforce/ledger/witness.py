"""A witness (C2SP tlog-witness): cosigns a log's checkpoints after checking that each
one extends the last it cosigned.

It runs apart from the log, on another machine with its own key, and keeps its state in
a directory::

    witness.key   the Ed25519 private key (PEM, mode 600)
    state.json    {"name": ..., "logs": {origin: {"vkey", "hash", "size", "root"}}}

``add_checkpoint`` is the protocol's ``add-checkpoint`` call; ``serve`` answers it over
HTTP (``POST /add-checkpoint``). The check of the old size and the update of the state
happen under an exclusive lock on the state directory, and the new state is on disk
(temp file, fsync, rename) before the cosignature is returned.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from openenforce.ledger import cosign, merkle, notes

logger = logging.getLogger(__name__)

KEY_FILE = "witness.key"
STATE_FILE = "state.json"
LOCK_FILE = "lock"
MAX_REQUEST = 64 * 1024
MAX_PROOF = 63
SIZE_TYPE = "text/x.tlog.size"


class WitnessError(Exception):
    """A request the witness refuses: HTTP ``status`` and a short text ``body``."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(body)
        self.status = status
        self.body = body


class Witness:
    def __init__(self, directory: Path | str, clock: Callable[[], float] | None = None) -> None:
        self.directory = Path(directory)
        self.clock = clock or time.time

    # --- set-up ------------------------------------------------------------------------

    @classmethod
    def init(cls, directory: Path | str, name: str) -> Witness:
        """Make the key and an empty state; refuses a directory that already has a state."""
        witness = cls(directory)
        if (witness.directory / STATE_FILE).exists():
            raise FileExistsError(f"{witness.directory} already holds a witness")
        if not name or any(c.isspace() or c == "+" for c in name):
            raise ValueError("a witness name has no spaces and no '+'")
        witness.directory.mkdir(parents=True, exist_ok=True)
        notes.load_or_create_key(witness.directory / KEY_FILE)
        witness._write({"name": name, "logs": {}})
        return witness

    @property
    def key(self) -> Any:
        return notes.load_or_create_key(self.directory / KEY_FILE)

    def state(self) -> dict[str, Any]:
        return json.loads((self.directory / STATE_FILE).read_text())

    @property
    def name(self) -> str:
        return str(self.state()["name"])

    def vkey(self) -> str:
        return cosign.witness_vkey(self.key, self.name)

    def add_log(self, origin: str, vkey: str, hash_name: str = "sha256") -> None:
        """Witness the log ``origin`` signed by ``vkey`` (starting from size 0)."""
        notes.Verifier.parse(vkey)  # ValueError when malformed
        if hash_name not in merkle.PROFILES:
            raise ValueError(f"the hash must be one of {merkle.PROFILES}")
        if not origin or "\n" in origin:
            raise ValueError("bad origin")
        with self._locked():
            state = self.state()
            known = state["logs"].get(origin)
            if known and known["vkey"] != vkey.strip():
                raise ValueError(f"{origin} is already witnessed with another key")
            state["logs"].setdefault(
                origin, {"vkey": vkey.strip(), "hash": hash_name, "size": 0, "root": ""}
            )
            self._write(state)

    # --- the protocol ------------------------------------------------------------------

    def add_checkpoint(self, request_body: bytes) -> tuple[int, str]:
        """tlog-witness add-checkpoint: (HTTP status, response body)."""
        try:
            return 200, self._add_checkpoint(request_body)
        except WitnessError as exc:
            return exc.status, exc.body

    def _add_checkpoint(self, request_body: bytes) -> str:
        old, proof, note = _parse_request(request_body)
        origin = note.split("\n", 1)[0]
        log = self.state()["logs"].get(origin)
        if log is None:
            raise WitnessError(404, "unknown log origin\n")
        try:
            body = notes.open_note(note, notes.Verifier.parse(log["vkey"]))
            checkpoint = notes.parse_checkpoint(body)
        except (ValueError, binascii.Error):
            raise WitnessError(403, "no valid signature by the log's key\n") from None
        if old > checkpoint.size:
            raise WitnessError(400, "old size is larger than the checkpoint size\n")
        h = merkle.hash_function(log.get("hash", "sha256"))
        with self._locked():
            state = self.state()
            log = state["logs"][origin]
            if old != log["size"]:
                raise WitnessError(409, f"{log['size']}\n")
            _check_consistency(log, old, proof, checkpoint, h)
            timestamp = max(int(self.clock()), int(log.get("time", 0)), 1)
            log.update(
                size=checkpoint.size,
                root=base64.b64encode(checkpoint.root).decode(),
                time=timestamp,
            )
            self._write(state)  # persisted before the cosignature leaves
        return cosign.cosign(body, self.key, state["name"], timestamp)

    # --- storage -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.directory / LOCK_FILE, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write(self, state: dict[str, Any]) -> None:
        path = self.directory / STATE_FILE
        temp = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
        with open(temp, "w") as handle:
            json.dump(state, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        with contextlib.suppress(OSError):  # the rename itself is durable
            fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _check_consistency(
    log: dict[str, Any],
    old: int,
    proof: list[bytes],
    checkpoint: notes.ParsedCheckpoint,
    h: merkle.HashFn,
) -> None:
    """tlog-witness: 422 unless the checkpoint extends the last one cosigned (size ``old``)."""
    if checkpoint.size == 0 and checkpoint.root != h(b""):
        raise WitnessError(422, "a tree of size zero must have the empty root\n")
    if old == 0:
        if proof:
            raise WitnessError(422, "the proof from size zero must be empty\n")
    elif old == checkpoint.size:
        if proof or base64.b64decode(log["root"]) != checkpoint.root:
            logger.warning("witness: fork at size %s: %s", old, checkpoint)
            raise WitnessError(422, "same size, another root hash\n")
    elif not merkle.verify_consistency(
        old, checkpoint.size, base64.b64decode(log["root"]), checkpoint.root, proof, h
    ):
        logger.warning("witness: inconsistent checkpoint %s", checkpoint)
        raise WitnessError(422, "the consistency proof does not verify\n")


def _parse_request(raw: bytes) -> tuple[int, list[bytes], str]:
    """(old size, proof hashes, checkpoint note) or WitnessError 400."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WitnessError(400, "the request is not UTF-8\n") from None
    head, sep, note = text.partition("\n\n")
    lines = head.split("\n")
    first = lines[0]
    if not sep or not first.startswith("old "):
        raise WitnessError(400, "the request must start with an old size line\n")
    digits = first[4:]
    if not digits.isdigit() or (digits != "0" and digits.startswith("0")):
        raise WitnessError(400, "bad old size\n")
    if len(lines) - 1 > MAX_PROOF:
        raise WitnessError(400, "too many proof lines\n")
    try:
        proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
    except (ValueError, binascii.Error):
        raise WitnessError(400, "bad proof line\n") from None
    if not note.endswith("\n") or "\n\n" not in note:
        raise WitnessError(400, "the checkpoint is not a signed note\n")
    return int(digits), proof, note


def make_server(witness: Witness, host: str, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        server_version = "openenforce-witness"

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.rstrip("/").rsplit("/", 1)[-1] != "add-checkpoint":
                self._answer(404, "not found\n")
                return
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                self._answer(411, "length required\n")
                return
            if not 0 <= length <= MAX_REQUEST:
                self._answer(413, "too large\n")
                return
            status, body = witness.add_checkpoint(self.rfile.read(length))
            self._answer(status, body)

        def _answer(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", SIZE_TYPE if status == 409 else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            logger.info("witness %s: " + format, self.address_string(), *args)

    return ThreadingHTTPServer((host, port), Handler)
