"""Witness cosignatures (C2SP tlog-cosignature, Ed25519 ``cosignature/v1``).

A cosignature is a signed-note signature line on a checkpoint whose key ID is
``SHA-256(name || "\\n" || 0x04 || public key)[:4]`` and whose signature is a
``timestamped_signature``: an 8-byte big-endian POSIX timestamp, then the Ed25519
signature over::

    cosignature/v1
    time <timestamp>
    <the checkpoint's note body>

Witness verifier keys are vkeys with type 0x04: ``<name>+<hex key id>+base64(0x04 || key)``.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from openenforce.ledger import notes

COSIGNATURE_V1 = b"\x04"  # signed-note signature type: Ed25519 cosignature/v1
DASH = "\u2014"


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + COSIGNATURE_V1 + public).digest()[:4]


def witness_vkey(key: Ed25519PrivateKey, name: str) -> str:
    public = notes.public_bytes(key)
    encoded = base64.b64encode(COSIGNATURE_V1 + public).decode()
    return f"{name}+{key_id(name, public).hex()}+{encoded}"


def signed_message(body: str, timestamp: int) -> bytes:
    """The bytes an Ed25519 cosignature/v1 signs (``body`` ends with its newline)."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + body.encode()


def cosign(body: str, key: Ed25519PrivateKey, name: str, timestamp: int) -> str:
    """One signature line ``— <name> base64(key id || timestamp || signature)\\n``."""
    if not 0 < timestamp < 2**63:
        raise ValueError("the cosignature timestamp must be positive")
    signature = key.sign(signed_message(body, timestamp))
    blob = key_id(name, notes.public_bytes(key)) + struct.pack(">Q", timestamp) + signature
    return f"{DASH} {name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class WitnessKey:
    """A witness's verifier key (vkey type 0x04)."""

    name: str
    id: bytes
    public: Ed25519PublicKey
    text: str

    @classmethod
    def parse(cls, text: str) -> WitnessKey:
        try:
            name, hex_id, encoded = text.strip().split("+", 2)
            blob = base64.b64decode(encoded, validate=True)
            wanted = bytes.fromhex(hex_id)
        except ValueError as exc:
            raise ValueError(f"not a witness verifier key: {text.strip()!r}") from exc
        if blob[:1] != COSIGNATURE_V1 or len(blob) != 33:
            raise ValueError("not an Ed25519 cosignature/v1 verifier key (type 0x04)")
        if key_id(name, blob[1:]) != wanted:
            raise ValueError("the key ID does not match the key")
        public = Ed25519PublicKey.from_public_bytes(blob[1:])
        return cls(name, wanted, public, text.strip())

    def verify(self, body: str, line: str) -> int | None:
        """The timestamp if ``line`` is this key's valid cosignature of ``body``; None if
        the line is another key's; ValueError if it claims to be ours but does not verify."""
        dash, _, rest = line.partition(" ")
        name, _, encoded = rest.partition(" ")
        if dash != DASH or name != self.name:
            return None
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            return None
        if raw[:4] != self.id:
            return None
        if len(raw) != 4 + 8 + 64:
            raise ValueError(f"cosignature by {self.name} is malformed")
        (timestamp,) = struct.unpack(">Q", raw[4:12])
        try:
            self.public.verify(raw[12:], signed_message(body, timestamp))
        except InvalidSignature:
            raise ValueError(f"cosignature by {self.name} does not verify") from None
        return timestamp


def split_note(note: str) -> tuple[str, list[str]]:
    """(body with its final newline, signature lines) of a signed note."""
    body, sep, signatures = note.rpartition("\n\n")
    if not sep:
        raise ValueError("no signature block")
    lines = [line for line in signatures.split("\n") if line]
    if not lines or any(not line.startswith(DASH + " ") for line in lines):
        raise ValueError("malformed signature lines")
    return body + "\n", lines


def add_signatures(note: str, lines: list[str]) -> str:
    """The note with ``lines`` appended (those it already has are not repeated)."""
    _body, present = split_note(note)
    extra = [line.rstrip("\n") for line in lines if line.rstrip("\n") not in present]
    return note + "".join(line + "\n" for line in extra)


@dataclass(frozen=True)
class CheckResult:
    checkpoint: notes.ParsedCheckpoint
    cosigned_by: list[str]  # names of known witnesses with a valid cosignature
    missing: list[str]  # names of known witnesses without one
    timestamps: dict[str, int]


def check_note(note: str, log: notes.Verifier, witnesses: list[WitnessKey]) -> CheckResult:
    """Verify the log's signature and say which known witnesses cosigned ``note``.

    ValueError when the log's signature is missing or bad, or when a line claiming a known
    witness's key does not verify (such a note is malformed per signed-note)."""
    body = notes.open_note(note, log)
    checkpoint = notes.parse_checkpoint(body)
    _body, lines = split_note(note)
    signed: dict[str, int] = {}
    for witness in witnesses:
        for line in lines:
            timestamp = witness.verify(body, line)
            if timestamp is not None:
                signed[witness.text] = timestamp
    return CheckResult(
        checkpoint,
        [w.name for w in witnesses if w.text in signed],
        [w.name for w in witnesses if w.text not in signed],
        {w.name: signed[w.text] for w in witnesses if w.text in signed},
    )
