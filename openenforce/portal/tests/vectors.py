"""Builds ``docs/vectors/withdrawal.json`` from a constructed case: an item published, then
withdrawn, among other entries of a small record. Run ``python -m
openenforce.portal.tests.vectors`` to write the file again; a test checks it is current."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openenforce.disclosure import digest
from openenforce.ledger import merkle, notes

PATH = Path(__file__).resolve().parents[3] / "docs" / "vectors" / "withdrawal.json"
ORIGIN = "vectors.example/record"
# A fixed, published key: Ed25519 signatures are deterministic, so the note is too.
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"openenforce test vector").digest())

TEXT = "给予警告。张某应于十五日内整改。"
NOTICE = "复议机关撤销原处罚决定"
ITEM = "7"


def _entry(seq: int, time: str, event: str, kind: str, subject: str, files: list[str]) -> bytes:
    envelope = {
        "v": 1,
        "alg": "sha256",
        "seq": seq,
        "time": time,
        "agency": 1,
        "actor": 5,
        "type": event,
        "subject": {"kind": kind, "id": subject},
        "state": hashlib.sha256(f"state {seq}".encode()).hexdigest(),
        "files": files,
    }
    return json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def build() -> dict:
    h = merkle.hash_function("sha256")
    pub = "disclosure.publication"
    entries = [
        _entry(0, "2026-09-21T01:00:00Z", "catalog.matter.created", "catalog.matter", "1", []),
        _entry(1, "2026-09-21T02:00:00Z", "disclosure.publication.drafted", pub, ITEM, []),
        _entry(
            2,
            "2026-09-22T01:00:00Z",
            "disclosure.publication.published",
            pub,
            ITEM,
            [digest.text_digest(TEXT, h)],
        ),
        _entry(3, "2026-09-22T02:00:00Z", "cases.case.filed", "cases.case", "3", []),
        _entry(
            4,
            "2026-09-23T01:00:00Z",
            "disclosure.publication.withdrawn",
            pub,
            ITEM,
            [digest.text_digest(NOTICE, h)],
        ),
        _entry(5, "2026-09-23T02:00:00Z", "cases.case.closed", "cases.case", "3", []),
    ]
    leaves = merkle.leaf_hashes(entries, h)
    size = len(leaves)
    root = merkle.root_of(leaves, h)

    def range_hash(lo: int, hi: int) -> bytes:
        return merkle.root_of(leaves[lo:hi], h)

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode()

    def proof(seq: int, role: str, event: str) -> dict:
        return {
            "role": role,
            "sequence": seq,
            "event_type": event,
            "entry": b64(entries[seq]),
            "leaf_hash": b64(leaves[seq]),
            "proof": [b64(p) for p in merkle.inclusion_proof(seq, size, range_hash)],
        }

    original = proof(2, "original", "disclosure.publication.published")
    withdrawal = proof(4, "withdrawal", "disclosure.publication.withdrawn")
    checkpoint = notes.sign_note(notes.checkpoint_body(ORIGIN, size, root), KEY, ORIGIN)
    return {
        "description": (
            "An item published, then withdrawn (docs/portal.md). The text digest is "
            "SHA-256 of the UTF-8 bytes of the text as shown, lower-case hex, in the entry's "
            "files; leaf = SHA-256(0x00 || entry); inclusion proofs per RFC 9162 2.1.3."
        ),
        "hash": "sha256",
        "item": int(ITEM),
        "texts": {
            "original": TEXT,
            "original_utf8_b64": b64(digest.text_bytes(TEXT)),
            "original_digest": digest.text_digest(TEXT, h),
            "withdrawal_notice": NOTICE,
            "withdrawal_notice_utf8_b64": b64(digest.text_bytes(NOTICE)),
            "withdrawal_notice_digest": digest.text_digest(NOTICE, h),
        },
        "entries": [b64(e) for e in entries],
        "leaf_hashes": [b64(leaf) for leaf in leaves],
        "size": size,
        "root": b64(root),
        "vkey": notes.vkey(KEY, ORIGIN),
        # The bundle as proof.json serves it for the withdrawn item.
        "bundle": {
            "item": int(ITEM),
            "status": "withdrawn",
            "shown": "withdrawal_notice",
            **{k: v for k, v in withdrawal.items() if k != "role"},
            "size": size,
            "root": b64(root),
            "checkpoint": checkpoint,
            "hash": "sha256",
            "versions": [original, withdrawal],
        },
    }


def dumps(vector: dict) -> str:
    return json.dumps(vector, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    PATH.write_text(dumps(build()), encoding="utf-8")
