"""The verifiable case-file package (a zip) and its offline verification.

Layout of a package (see docs/casefiles.md)::

    manifest.json            what the package holds, with the digests of every file
    files/<section>/<name>   the case's documents, evidence and recordings, as stored
    record/entries/<seq>.json  each record entry about the case, canonical JSON as stored
    record/proofs.json       an RFC 9162 inclusion proof of each entry in the checkpoint
    record/checkpoint        the signed checkpoint (C2SP tlog-checkpoint signed note)
    record/vkey              the verifier key of the log (C2SP signed-note vkey)

``verify_package(path)`` checks a package with no database: every file against the
manifest, every entry's leaf hash and inclusion proof against the checkpoint's root, the
checkpoint's signature against the included (or a given, trusted) verifier key, and that
each file's digest appears among the file digests of an entry. This module reads no
table; the building side is ``openenforce.casefiles.builder``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from openenforce.ledger import merkle, notes

FORMAT = "openenforce-casefile-package"
VERSION = 1
MANIFEST = "manifest.json"
ENTRIES_DIR = "record/entries/"
PROOFS = "record/proofs.json"
CHECKPOINT = "record/checkpoint"
VKEY = "record/vkey"
CHUNK = 1 << 20
RECORD_FILES = (MANIFEST, PROOFS, CHECKPOINT, VKEY)


def entry_path(sequence: int) -> str:
    return f"{ENTRIES_DIR}{sequence:012d}.json"


@dataclass(frozen=True)
class Problem:
    """One failed check: ``kind`` is file, entry, checkpoint or package; ``name`` the
    member or entry it concerns."""

    kind: str
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.message}"


@dataclass
class Report:
    """What ``verify_package`` found: counts of what it checked, and every problem."""

    files: int = 0
    entries: int = 0
    checkpoint_size: int = 0
    origin: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, kind: str, name: str, message: str) -> None:
        self.problems.append(Problem(kind, name, message))


class Digests:
    """SHA-256 and SM3 (hex) and the size of what passes through, chunk by chunk. Kept
    here rather than using evidence's hasher so offline verification needs no models."""

    def __init__(self) -> None:
        self.sha256, self.sm3, self.size = hashlib.sha256(), hashlib.new("sm3"), 0

    def update(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        self.sm3.update(chunk)
        self.size += len(chunk)

    def result(self) -> tuple[str, str, int]:
        return self.sha256.hexdigest(), self.sm3.hexdigest(), self.size


def digests_of(stream: IO[bytes]) -> tuple[str, str, int]:
    """SHA-256 and SM3 (hex) and the size of a stream, read in chunks."""
    digests = Digests()
    while chunk := stream.read(CHUNK):
        digests.update(chunk)
    return digests.result()


def verify_package(path: str | Path, vkey_text: str | None = None) -> Report:
    """Check the package at ``path`` offline; ``vkey_text`` is a trusted verifier key
    (default: the package's own ``record/vkey``, which proves integrity but not origin
    unless it matches the agency's published key)."""
    report = Report()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.fail("package", str(path), f"not a readable zip file ({exc})")
        return report
    with archive:
        manifest = _manifest(archive, report)
        if manifest is None:
            return report
        checkpoint = _checkpoint(archive, vkey_text, report)
        _check_files(archive, manifest, report)
        recorded = _check_entries(archive, manifest, checkpoint, report)
        _check_files_recorded(manifest, recorded, report)
    return report


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None


def _manifest(archive: zipfile.ZipFile, report: Report) -> dict | None:
    raw = _read(archive, MANIFEST)
    if raw is None:
        report.fail("package", MANIFEST, "missing")
        return None
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        report.fail("package", MANIFEST, f"not valid JSON ({exc})")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        report.fail("package", MANIFEST, f"not a {FORMAT} manifest")
        return None
    if manifest.get("version") != VERSION:
        report.fail("package", MANIFEST, f"unsupported version {manifest.get('version')!r}")
        return None
    if manifest.get("hash") not in merkle.PROFILES:
        report.fail("package", MANIFEST, f"unknown hash profile {manifest.get('hash')!r}")
        return None
    return manifest


def _checkpoint(
    archive: zipfile.ZipFile, vkey_text: str | None, report: Report
) -> notes.ParsedCheckpoint | None:
    note, included = _read(archive, CHECKPOINT), _read(archive, VKEY)
    if note is None:
        report.fail("checkpoint", CHECKPOINT, "missing")
        return None
    if vkey_text is None and included is None:
        report.fail("checkpoint", VKEY, "missing (and no trusted key given)")
        return None
    try:
        verifier = notes.Verifier.parse(vkey_text or included.decode())
        parsed = notes.parse_checkpoint(notes.open_note(note.decode(), verifier))
    except (ValueError, UnicodeDecodeError) as exc:
        report.fail("checkpoint", CHECKPOINT, f"signature does not verify ({exc})")
        return None
    report.checkpoint_size, report.origin = parsed.size, parsed.origin
    return parsed


def _check_files(archive: zipfile.ZipFile, manifest: dict, report: Report) -> None:
    listed = set()
    for item in manifest.get("files", []):
        name = str(item.get("path", ""))
        listed.add(name)
        report.files += 1
        try:
            with archive.open(name) as stream:
                sha256, sm3, size = digests_of(stream)
        except KeyError:
            report.fail("file", name, "listed in the manifest but missing")
            continue
        if sha256 != item.get("sha256") or (item.get("sm3") and sm3 != item["sm3"]):
            report.fail("file", name, "content differs from the manifest's digest")
        elif size != item.get("size"):
            report.fail("file", name, "size differs from the manifest")
    for name in archive.namelist():
        if name.endswith("/") or name in listed or name in RECORD_FILES:
            continue
        if not name.startswith(ENTRIES_DIR):
            report.fail("file", name, "not listed in the manifest")


def _proofs(archive: zipfile.ZipFile, report: Report) -> dict:
    raw = _read(archive, PROOFS)
    if raw is None:
        report.fail("package", PROOFS, "missing")
        return {}
    try:
        proofs = json.loads(raw)
        return {int(p["sequence"]): p for p in proofs["proofs"]}
    except (ValueError, KeyError, TypeError) as exc:
        report.fail("package", PROOFS, f"malformed ({exc})")
        return {}


def _check_entries(
    archive: zipfile.ZipFile,
    manifest: dict,
    checkpoint: notes.ParsedCheckpoint | None,
    report: Report,
) -> set[str]:
    """Check every entry; return the file digests named by the entries that verify."""
    h = merkle.hash_function(manifest["hash"])
    proofs, recorded = _proofs(archive, report), set()
    names = sorted(n for n in archive.namelist() if n.startswith(ENTRIES_DIR) and n[-1] != "/")
    expected = {entry_path(int(s)) for s in manifest.get("entries", [])}
    for missing in sorted(expected - set(names)):
        report.fail("entry", missing, "listed in the manifest but missing")
    for name in names:
        report.entries += 1
        body = archive.read(name)
        problem = _check_entry(name, body, proofs, checkpoint, h, manifest["hash"])
        if problem:
            report.fail("entry", name, problem)
        else:
            recorded.update(json.loads(body).get("files", []))
    return recorded


def _check_entry(name, body, proofs, checkpoint, h, alg) -> str:
    try:
        envelope = json.loads(body)
        sequence = int(envelope["seq"])
    except (ValueError, KeyError, TypeError):
        return "not a record entry"
    if name != entry_path(sequence):
        return f"names sequence {sequence}, not the one of its file name"
    if envelope.get("alg") != alg:
        return f"hashed with {envelope.get('alg')!r}, the package says {alg!r}"
    proof = proofs.get(sequence)
    if proof is None:
        return "no inclusion proof"
    leaf = merkle.leaf_hash(body, h)
    if proof.get("leaf_hash") != leaf.hex():
        return "its leaf hash differs from the proof's: the entry was altered"
    if checkpoint is None:
        return "no verified checkpoint to prove against"
    try:
        path = [base64.b64decode(p, validate=True) for p in proof["path"]]
    except (ValueError, KeyError, TypeError):
        return "malformed inclusion proof"
    size = int(proof.get("size", -1))
    if size != checkpoint.size:
        return f"proof is for tree size {size}, the checkpoint's is {checkpoint.size}"
    if merkle.root_from_inclusion(sequence, size, leaf, path, h) != checkpoint.root:
        return "inclusion proof does not lead to the checkpoint's root"
    return ""


def _check_files_recorded(manifest: dict, recorded: set[str], report: Report) -> None:
    for item in manifest.get("files", []):
        digests = {item.get("sha256"), item.get("sm3")} - {None, ""}
        if not digests & recorded:
            report.fail("file", str(item.get("path")), "its digest is in no verified entry")
