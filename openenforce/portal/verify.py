"""Checking a published item against the public record, independently of the server's
own claim: the same steps as the transparency page's script, plus the checkpoint's
signature and the digest of the public text.

A *bundle* is what ``/portal/decisions/<id>/proof.json`` serves: the record entry
(canonical JSON, base64), its leaf hash, the inclusion path, the tree size and root, the
signed checkpoint and the hash profile, whether the item is withdrawn, and every version
(original, corrections, withdrawal) with its entry's proof. With ``text`` (the item's
public text from ``/api/v1/public/decisions/<id>``, or a withdrawn item's notice) the check
also proves that this very text was what the agency recorded.
"""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

from openenforce.disclosure import digest
from openenforce.ledger import cosign, merkle, notes

# The record's subject kind of a published item (``ledger.state.kind_of(Publication)``).
PUBLICATION_KIND = "disclosure.publication"


def _check_entry(
    e: dict, checkpoint, h, *, item: int | None, label: str, problems: list[str]
) -> dict | None:
    """Check one entry of a bundle (leaf and inclusion path); its parsed envelope."""
    try:
        entry = base64.b64decode(e["entry"], validate=True)
        path = [base64.b64decode(p, validate=True) for p in e["proof"]]
        index = int(e["sequence"])
        envelope = json.loads(entry)
    except (KeyError, ValueError, TypeError) as exc:
        problems.append(f"{label}: malformed entry: {exc}")
        return None
    leaf = merkle.leaf_hash(entry, h)
    if base64.b64encode(leaf).decode() != e.get("leaf_hash"):
        problems.append(f"{label}: the entry does not hash to the stated leaf hash")
    root = merkle.root_from_inclusion(index, checkpoint.size, leaf, path, h)
    if root != checkpoint.root:
        problems.append(
            f"{label}: the inclusion proof does not lead to the signed checkpoint's root"
        )
    subject = envelope.get("subject", {}) if isinstance(envelope, dict) else {}
    if item is not None and (
        subject.get("id") != str(item) or subject.get("kind") != PUBLICATION_KIND
    ):
        problems.append(f"{label}: the entry is about another subject, not item {item}")
    return envelope


@dataclass(frozen=True)
class Witnessed:
    """Which of the witnesses the citizen named cosigned the checkpoint, and how many
    must have (the quorum)."""

    cosigned_by: list[str]
    missing: list[str]
    needed: int

    @property
    def ok(self) -> bool:
        return len(self.cosigned_by) >= self.needed

    def describe(self) -> str:
        signed = ", ".join(self.cosigned_by) or "none"
        missing = ", ".join(self.missing) or "none"
        return (
            f"{len(self.cosigned_by)} of the {self.needed} required witness cosignatures "
            f"(cosigned by: {signed}; missing: {missing})"
        )


def parse_witnesses(
    witnesses: Sequence[str], quorum: int | None
) -> tuple[list[cosign.WitnessKey], int]:
    """The witness keys a citizen gave (vkeys of type 0x04) and the quorum (default: all
    of them); ValueError for a malformed key or a quorum the keys cannot meet."""
    keys = [cosign.WitnessKey.parse(w) for w in witnesses]
    needed = len(keys) if quorum is None else quorum
    if needed < 1 and keys:
        raise ValueError("the quorum must be at least 1")
    if needed > len(keys):
        raise ValueError(f"a quorum of {needed} needs at least {needed} witness keys")
    return keys, needed


def check_witnesses(
    note: str, vkey: str, witnesses: Sequence[str], quorum: int | None
) -> Witnessed:
    """Which of ``witnesses`` (vkeys) cosigned ``note`` (C2SP tlog-cosignature/v1).
    ValueError when a key is malformed, the quorum cannot be met by the keys given, the
    log's signature fails, or a line claiming a given witness's key does not verify."""
    keys, needed = parse_witnesses(witnesses, quorum)
    found = cosign.check_note(note, notes.Verifier.parse(vkey), keys)
    return Witnessed(found.cosigned_by, found.missing, needed)


@dataclass
class Result:
    """What a bundle proves: ``problems`` (empty when verified), whether the item is
    withdrawn, the entries checked, whether the shown text's digest is in its entry
    (None when no text was given; False with ``undigested`` for an old withdrawal), and
    which witnesses cosigned the checkpoint (None when no witness key was given)."""

    problems: list[str] = field(default_factory=list)
    withdrawn: bool = False
    checked: list[int] = field(default_factory=list)
    text_covered: bool | None = None
    undigested: bool = False
    witnessed: Witnessed | None = None


def _open(bundle: dict, vkey: str, witnesses: Sequence[str], quorum: int | None, result: Result):
    """The bundle's hash function and checkpoint, its witnesses checked; None on failure."""
    try:
        h = merkle.hash_function(bundle["hash"])
        verifier = notes.Verifier.parse(vkey)
        checkpoint = notes.parse_checkpoint(notes.open_note(bundle["checkpoint"], verifier))
    except (KeyError, ValueError, TypeError) as exc:
        result.problems.append(f"malformed bundle or checkpoint: {exc}")
        return None
    if int(bundle.get("size", -1)) != checkpoint.size:
        result.problems.append("the proof is not for the signed checkpoint's tree size")
    if witnesses or quorum:
        try:
            result.witnessed = check_witnesses(bundle["checkpoint"], vkey, witnesses, quorum)
        except ValueError as exc:
            result.problems.append(f"witnesses: {exc}")
            return h, checkpoint
        if not result.witnessed.ok:
            result.problems.append(
                "the checkpoint lacks the witness quorum: " + result.witnessed.describe()
            )
    return h, checkpoint


def check_bundle(
    bundle: dict,
    vkey: str,
    *,
    item: int | None = None,
    text: str | None = None,
    witnesses: Sequence[str] = (),
    quorum: int | None = None,
) -> Result:
    """Check every entry of a proof bundle against its signed checkpoint, that the
    shown text (the item's text, or a withdrawn item's notice) is in the entry covering
    it, and with ``witnesses`` (vkeys) that at least ``quorum`` of them (default: all)
    cosigned the checkpoint."""
    result = Result()
    opened = _open(bundle, vkey, list(witnesses), quorum, result)
    if opened is None:
        return result
    h, checkpoint = opened
    result.withdrawn = bundle.get("status") == "withdrawn"
    shown = _check_entry(
        bundle, checkpoint, h, item=item, label="shown entry", problems=result.problems
    )
    result.checked.append(int(bundle.get("sequence", -1)))
    for version in bundle.get("versions", []):
        seq = version.get("sequence")
        if seq == bundle.get("sequence"):
            continue
        _check_entry(
            version, checkpoint, h, item=item, label=f"entry {seq}", problems=result.problems
        )
        result.checked.append(int(seq))
    if shown is None:
        return result
    if result.withdrawn and not str(shown.get("type", "")).endswith(".withdrawn"):
        result.problems.append("the item is said to be withdrawn but the entry is no withdrawal")
    if text is not None:
        files = shown.get("files", [])
        result.text_covered = digest.text_digest(text, h) in files
        if result.withdrawn and not files:
            result.undigested = True
        elif not result.text_covered:
            what = "withdrawal notice" if result.withdrawn else "public text"
            result.problems.append(f"the {what}'s digest is not in the record entry")
    return result


def check_history(
    bundle: dict,
    vkey: str,
    *,
    witnesses: Sequence[str] = (),
    quorum: int | None = None,
) -> Result:
    """Check a public history (``/portal/history/<kind>/<key>.json``): every entry's
    leaf and inclusion path against the signed checkpoint, and its witnesses as above."""
    result = Result()
    opened = _open(bundle, vkey, list(witnesses), quorum, result)
    if opened is None:
        return result
    h, checkpoint = opened
    entries = bundle.get("entries")
    if not isinstance(entries, list):
        result.problems.append("malformed history: no list of entries")
        return result
    for e in entries:
        seq = e.get("sequence") if isinstance(e, dict) else None
        _check_entry(e, checkpoint, h, item=None, label=f"entry {seq}", problems=result.problems)
        result.checked.append(int(seq) if isinstance(seq, int) else -1)
    return result


def verify_bundle(
    bundle: dict, vkey: str, *, item: int | None = None, text: str | None = None
) -> list[str]:
    """Problems found (an empty list means verified)."""
    return check_bundle(bundle, vkey, item=item, text=text).problems


def _get_json(url: str) -> dict:
    if not url.startswith(("https://", "http://")):
        raise ValueError("the site must be an http(s) address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read().decode())


def fetch_history(site: str, kind: str, key: str) -> dict:
    """A public history's JSON (``key`` is ``<agency>/<code>`` for a plan)."""
    return _get_json(f"{site.rstrip('/')}/portal/history/{kind}/{key}.json")


def fetch(site: str, item: int) -> tuple[dict, str]:
    """The proof bundle and the public text of ``item`` from the portal at ``site``."""
    site = site.rstrip("/")
    bundle = _get_json(f"{site}/portal/decisions/{item}/proof.json")
    public = _get_json(f"{site}/api/v1/public/decisions/{item}")
    # A withdrawn item shows its withdrawal notice instead of the text (docs/portal.md).
    text = public["withdrawal_reason"] if public.get("withdrawn") else public["text"]
    return bundle, text
