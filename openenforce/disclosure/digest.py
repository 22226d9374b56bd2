"""The digest of a published item's public text, as the record holds it (docs/portal.md,
"Which bytes make a text digest"). One definition, used when publishing, correcting,
withdrawing and verifying.

The bytes are the UTF-8 encoding of the text exactly as the portal shows it and the public
API returns it (the masked text, or a withdrawn item's notice), with no normalisation: no
byte-order mark, no trimming, line ends as stored. The digest is the record's hash profile
(SHA-256, or SM3 under ``OPENENFORCE_LEDGER_HASH=sm3``) of those bytes, in lower-case hex,
and it is one of the strings in the entry's ``files``.
"""

from __future__ import annotations

from openenforce.ledger import merkle


def text_bytes(text: str) -> bytes:
    """The exact bytes whose digest the record holds for a public text."""
    return text.encode("utf-8")


def text_digest(text: str, h: merkle.HashFn | None = None) -> str:
    """The lower-case hex digest of ``text_bytes(text)`` under the record's hash profile."""
    return (h or merkle.hash_function())(text_bytes(text)).hex()
