"""Checking a published item against the public record, independently of the server's
own claim: the same steps as the transparency page's script, plus the checkpoint's
signature and the digest of the public text.

A *bundle* is what ``/portal/decisions/<id>/proof.json`` serves: the record entry
(canonical JSON, base64), its leaf hash, the inclusion path, the tree size and root, the
signed checkpoint and the hash profile. With ``text`` (the item's public text from
``/api/v1/public/decisions/<id>``) the check also proves that this very text was what the
agency published.
"""

from __future__ import annotations

import base64
import json
import urllib.request

from openenforce.ledger import merkle, notes


def verify_bundle(
    bundle: dict, vkey: str, *, item: int | None = None, text: str | None = None
) -> list[str]:
    """Problems found (an empty list means verified)."""
    problems: list[str] = []
    try:
        h = merkle.hash_function(bundle["hash"])
        verifier = notes.Verifier.parse(vkey)
        checkpoint = notes.parse_checkpoint(notes.open_note(bundle["checkpoint"], verifier))
        entry = base64.b64decode(bundle["entry"], validate=True)
        path = [base64.b64decode(p, validate=True) for p in bundle["proof"]]
        index = int(bundle["sequence"])
    except (KeyError, ValueError, TypeError) as exc:
        return [f"malformed bundle or checkpoint: {exc}"]
    leaf = merkle.leaf_hash(entry, h)
    if base64.b64encode(leaf).decode() != bundle.get("leaf_hash"):
        problems.append("the entry does not hash to the stated leaf hash")
    if int(bundle.get("size", -1)) != checkpoint.size:
        problems.append("the proof is not for the signed checkpoint's tree size")
    root = merkle.root_from_inclusion(index, checkpoint.size, leaf, path, h)
    if root != checkpoint.root:
        problems.append("the inclusion proof does not lead to the signed checkpoint's root")
    envelope = json.loads(entry)
    if item is not None and envelope.get("subject", {}).get("id") != str(item):
        problems.append(f"the entry is about another subject, not item {item}")
    if text is not None and h(text.encode()).hex() not in envelope.get("files", []):
        problems.append("the public text's digest is not in the record entry")
    return problems


def _get_json(url: str) -> dict:
    if not url.startswith(("https://", "http://")):
        raise ValueError("the site must be an http(s) address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read().decode())


def fetch(site: str, item: int) -> tuple[dict, str]:
    """The proof bundle and the public text of ``item`` from the portal at ``site``."""
    site = site.rstrip("/")
    bundle = _get_json(f"{site}/portal/decisions/{item}/proof.json")
    text = _get_json(f"{site}/api/v1/public/decisions/{item}")["text"]
    return bundle, text
