"""Writing the verifiable package of a case (the format is in ``package``).

A checkpoint is signed first (the ledger's own signer), so every entry written before the
export is covered; the package carries each entry as stored, its inclusion proof in that
checkpoint, the checkpoint note and the log's verifier key. Files are copied in chunks
from storage into the zip and hashed on the way, so the manifest states what was written.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import zipfile
from typing import IO

from django.utils import timezone

from openenforce.casefiles import collect, package
from openenforce.cases.models import Case
from openenforce.evidence.selectors import open_blob as evidence_open
from openenforce.ledger import merkle, notes
from openenforce.ledger.services import publish_checkpoint
from openenforce.ledger.tiles import TileStore


def open_blob(blob) -> IO[bytes]:
    """The stored file of a blob, through the evidence app's one reader."""
    return evidence_open(blob)


def _extension(content_type: str) -> str:
    return {"application/pdf": ".pdf"}.get(content_type) or (
        mimetypes.guess_extension(content_type or "") or ".bin"
    )


def _copy(archive: zipfile.ZipFile, name: str, source: IO[bytes]) -> tuple[str, str, int]:
    digests = package.Digests()
    with archive.open(name, "w", force_zip64=True) as target:
        while chunk := source.read(package.CHUNK):
            digests.update(chunk)
            target.write(chunk)
    return digests.result()


def _file_entry(archive: zipfile.ZipFile, position: int, item: collect.Item) -> dict:
    section = collect.SECTION_CODES.index(item.section) + 1
    name = (
        f"files/{section}-{item.section}/{position:03d}-{item.kind}-{item.blob.sha256[:12]}"
        f"{_extension(item.blob.content_type)}"
    )
    with open_blob(item.blob) as source:
        sha256, sm3, size = _copy(archive, name, source)
    return {
        "path": name,
        "sha256": sha256,
        "sm3": sm3,
        "size": size,
        "content_type": item.blob.content_type,
        "kind": item.kind,
        "section": item.section,
        "title": item.title,
        "number": item.number,
        "subject": {"kind": item.obj._meta.label_lower, "id": str(item.obj.pk)},
    }


def _case_summary(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "agency": case.agency.name,
        "procedure": case.procedure,
        "state": case.state,
        "filed_on": case.filed_on.isoformat() if case.filed_on else None,
        "decided_on": case.decided_on.isoformat() if case.decided_on else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }


def write_package(case: Case, out: IO[bytes]) -> dict:
    """Write the package of ``case`` to ``out`` (a binary file object); return its manifest."""
    head = publish_checkpoint()
    size, h = head.size, merkle.hash_function()
    rows = list(collect.entries(case).filter(sequence__lt=size))
    store = TileStore(h)
    files, proofs = [], []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for position, item in enumerate(collect.items(case), start=1):
            if item.blob is not None:
                files.append(_file_entry(archive, position, item))
        for row in rows:
            body = bytes(row.body)
            archive.writestr(package.entry_path(row.sequence), body)
            proofs.append(
                {
                    "sequence": row.sequence,
                    "size": size,
                    "leaf_hash": merkle.leaf_hash(body, h).hex(),
                    "path": [
                        base64.b64encode(p).decode()
                        for p in store.inclusion_proof(row.sequence, size)
                    ],
                }
            )
        manifest = {
            "format": package.FORMAT,
            "version": package.VERSION,
            "hash": merkle.profile(),
            "created_at": timezone.now().isoformat(),
            "case": _case_summary(case),
            "checkpoint": {"size": size, "root": base64.b64encode(bytes(head.root)).decode()},
            "files": files,
            "entries": [row.sequence for row in rows],
        }
        archive.writestr(package.PROOFS, _json({"size": size, "proofs": proofs}))
        archive.writestr(package.CHECKPOINT, head.note)
        archive.writestr(package.VKEY, notes.vkey() + "\n")
        archive.writestr(package.MANIFEST, _json(manifest))
    return manifest


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode()
