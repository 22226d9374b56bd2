"""Signed notes (C2SP signed-note) and checkpoints (C2SP tlog-checkpoint), Ed25519.

The key is created at install time (or first use) in a file outside the database
(``OPENENFORCE_LEDGER_KEY_FILE``, mode 600), so that whoever controls the database alone
cannot forge a checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ED25519 = b"\x01"  # signed-note signature type for Ed25519
_keys: dict[Path, Ed25519PrivateKey] = {}


def key_name() -> str:
    """Keys are named after the log's origin, as tlog-checkpoint recommends."""
    return settings.OPENENFORCE_LEDGER_ORIGIN


def load_or_create_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The signing key from its file, created (mode 600) if it does not exist yet."""
    path = Path(path or settings.OPENENFORCE_LEDGER_KEY_FILE)
    if path in _keys:
        return _keys[path]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # O_EXCL: two processes starting together must not overwrite each other's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    _keys[path] = key
    return key


def forget_keys() -> None:
    """Drop the keys read so far: a restore has put another key file in their place."""
    _keys.clear()


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_hash(name: str, public: bytes) -> bytes:
    """signed-note: the first 4 bytes of SHA-256(name || "\\n" || type || public key)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def vkey(key: Ed25519PrivateKey | None = None, name: str | None = None) -> str:
    """The verifier key: ``<name>+<hex key hash>+<base64(type || public key)>``."""
    name = name or key_name()
    public = public_bytes(key or load_or_create_key())
    encoded = base64.b64encode(ED25519 + public).decode()
    return f"{name}+{key_hash(name, public).hex()}+{encoded}"


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    """tlog-checkpoint: origin line, decimal tree size, base64 root hash."""
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def sign_note(body: str, key: Ed25519PrivateKey | None = None, name: str | None = None) -> str:
    """The body, a blank line, and one signature line ``— <name> <base64(hash||sig)>``."""
    key = key or load_or_create_key()
    name = name or key_name()
    signature = key.sign(body.encode())
    blob = base64.b64encode(key_hash(name, public_bytes(key)) + signature).decode()
    return f"{body}\n\u2014 {name} {blob}\n"


@dataclass(frozen=True)
class Verifier:
    name: str
    hash: bytes
    public: Ed25519PublicKey

    @classmethod
    def parse(cls, text: str) -> Verifier:
        """Read a vkey line; raises ValueError when it is malformed or inconsistent."""
        name, hex_hash, encoded = text.strip().split("+", 2)
        blob = base64.b64decode(encoded, validate=True)
        if blob[:1] != ED25519 or len(blob) != 33:
            raise ValueError("not an Ed25519 verifier key")
        if key_hash(name, blob[1:]) != bytes.fromhex(hex_hash):
            raise ValueError("the key hash does not match the key")
        return cls(name, bytes.fromhex(hex_hash), Ed25519PublicKey.from_public_bytes(blob[1:]))


@dataclass(frozen=True)
class ParsedCheckpoint:
    origin: str
    size: int
    root: bytes


def open_note(note: str, verifier: Verifier) -> str:
    """The note's body if a signature line by ``verifier`` verifies; else ValueError."""
    body, sep, signatures = note.rpartition("\n\n")
    if not sep:
        raise ValueError("no signature block")
    body += "\n"
    for line in signatures.splitlines():
        dash, _, rest = line.partition(" ")
        name, _, blob = rest.partition(" ")
        if dash != "\u2014" or name != verifier.name:
            continue
        raw = base64.b64decode(blob)
        if raw[:4] != verifier.hash:
            continue
        try:
            verifier.public.verify(raw[4:], body.encode())
        except InvalidSignature:
            raise ValueError("the signature does not verify") from None
        return body
    raise ValueError("no signature by the verifier key")


def parse_checkpoint(body: str) -> ParsedCheckpoint:
    lines = body.split("\n")
    if len(lines) < 4 or not lines[1].isdigit():
        raise ValueError("not a checkpoint")
    return ParsedCheckpoint(lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True))
