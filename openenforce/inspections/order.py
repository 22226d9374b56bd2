"""Checking that a draw came after its witnessed announcement, from the export alone
(docs/draws.md §7.3): pure functions over the export's ``order`` section, no database.

The section carries the record entries of the announcement, of each party's reveal and
of the draw, the checkpoint that the witnesses cosigned while it held the announcement
(but not yet the reveals or the draw), the latest checkpoint, the inclusion proofs and the
consistency proof between the two. Given the log's key and the witnesses' keys — obtained
from their operators, not from the export — it proves:

* the announcement (the parameters digest and every commitment) was in the log when the
  witnesses' quorum cosigned it, at the witnesses' own time;
* the reveals and the draw were appended after that checkpoint (their positions are past
  its size, and the log only grows: the consistency proof);
* the draw's entry names the published result and came at least the announced delay
  after the quorum cosigned (by the entry's own time).
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from openenforce.ledger import cosign, merkle, notes

ANNOUNCED, REVEALED, DRAWN = (
    "inspections.plan.announced",
    "inspections.plan.seed_revealed",
    "inspections.plan.drawn",
)


@dataclass
class OrderCheck:
    """What ``check_order`` found: ``problems`` (empty: the order is proven), who
    cosigned, when the quorum was reached and when the draw was recorded."""

    problems: list[str] = field(default_factory=list)
    witnesses: list[str] = field(default_factory=list)
    witnessed_at: datetime.datetime | None = None
    drawn_at: datetime.datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    return base64.b64decode(value, validate=True)


def _open(note: object, verifier: notes.Verifier) -> notes.ParsedCheckpoint:
    if not isinstance(note, str):
        raise ValueError("no checkpoint")
    return notes.parse_checkpoint(notes.open_note(note, verifier))


def _entries(section: Mapping, h, problems: list[str]) -> list[tuple[int, dict, str, list]]:
    out = []
    for item in section.get("entries") or []:
        try:
            body = _b64(item["entry"])
            sequence = int(item["sequence"])
            proof = [_b64(p) for p in item["proof"]]
            envelope = json.loads(body)
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"order: a malformed entry ({exc})")
            continue
        if not isinstance(envelope, dict) or envelope.get("seq") != sequence:
            problems.append(f"order: entry {sequence} does not carry its own position")
            continue
        out.append((sequence, envelope, item.get("in", "checkpoint"), [body, proof]))
    return out


def check_order(  # noqa: C901 - one check per line of the spec (docs/draws.md §7.3)
    doc: Mapping,
    *,
    log_vkey: str,
    witness_vkeys: list[str],
    quorum: int,
) -> OrderCheck:
    """Check the export's ``order`` section against the log's key and the witnesses'
    keys (at least ``quorum`` of them must have cosigned the announcement's checkpoint)."""
    report = OrderCheck()
    problem = report.problems.append
    section = doc.get("order") if isinstance(doc, Mapping) else None
    params = doc.get("parameters") if isinstance(doc, Mapping) else None
    if not isinstance(section, Mapping) or not isinstance(params, Mapping):
        problem("order: the export carries no proof of order")
        return report
    try:
        verifier = notes.Verifier.parse(log_vkey)
        keys = [cosign.WitnessKey.parse(k) for k in witness_vkeys]
        h = merkle.hash_function(str(section.get("hash", "sha256")))
        witnessed_note = section["witnessed"]["note"]
        witnessed = _open(witnessed_note, verifier)
        latest = _open(section["checkpoint"]["note"], verifier)
        consistency = [_b64(p) for p in section.get("consistency") or []]
    except (KeyError, TypeError, ValueError) as exc:
        problem(f"order: the checkpoints do not verify with the log's key ({exc})")
        return report
    if quorum < 1 or len(keys) < quorum:
        problem(
            "order: give at least as many witness keys as the quorum, and a quorum of 1 or more"
        )
        return report
    try:
        cosigned = cosign.check_note(witnessed_note, verifier, keys)
    except ValueError as exc:
        problem(f"order: a cosignature of the witnessed checkpoint is invalid ({exc})")
        return report
    report.witnesses = cosigned.cosigned_by
    if len(cosigned.cosigned_by) < quorum:
        problem(
            f"order: {len(cosigned.cosigned_by)} of the given witnesses cosigned the "
            f"announcement's checkpoint; the quorum is {quorum}"
        )
        return report
    stamps = sorted(cosigned.timestamps.values())
    report.witnessed_at = datetime.datetime.fromtimestamp(stamps[quorum - 1], tz=datetime.UTC)
    if latest.size < witnessed.size or not merkle.verify_consistency(
        witnessed.size, latest.size, witnessed.root, latest.root, consistency, h
    ):
        problem("order: the latest checkpoint does not extend the witnessed one")
        return report
    entries = _entries(section, h, report.problems)
    by_type: dict[str, list[tuple[int, dict]]] = {}
    for sequence, envelope, where, (body, proof) in entries:
        tree = witnessed if where == "witnessed" else latest
        leaf = merkle.leaf_hash(body, h)
        if merkle.root_from_inclusion(sequence, tree.size, leaf, proof, h) != tree.root:
            problem(f"order: entry {sequence} is not in the checkpoint its proof names")
            continue
        by_type.setdefault(str(envelope.get("type")), []).append((sequence, envelope))
    announced = by_type.get(ANNOUNCED, [])
    if not announced:
        problem("order: no announcement entry")
        return report
    seq, envelope = announced[0]
    files = set(envelope.get("files") or [])
    if seq >= witnessed.size:
        problem("order: the announcement is not inside the witnessed checkpoint")
    commitments = params.get("commitments") or {}
    expected = {doc.get("parameters_sha256"), *commitments.values()}
    if not expected <= files:
        problem(
            "order: the announcement entry does not carry this parameters digest and commitments"
        )
    subject = envelope.get("subject")
    if any(e.get("subject") != subject for group in by_type.values() for _s, e in group):
        problem("order: the entries are about different subjects")
    given = doc.get("reveals")
    reveals: Mapping = given if isinstance(given, Mapping) else {}
    revealed = {f for _s, e in by_type.get(REVEALED, []) for f in e.get("files") or []}
    for later, e in by_type.get(REVEALED, []) + by_type.get(DRAWN, []):
        if later < witnessed.size:
            problem(
                f"order: entry {later} ({e.get('type')}) was appended before the witnessed "
                "checkpoint"
            )
    drawn = by_type.get(DRAWN, [])
    if doc.get("result") is not None:
        if not drawn:
            problem("order: the result is published but no draw entry is given")
            return report
        dseq, dentry = drawn[0]
        dfiles = set(dentry.get("files") or [])
        if doc.get("result_sha256") not in dfiles:
            problem("order: the draw entry does not carry the published result digest")
        for party, value in reveals.items():
            if value is not None and value not in revealed | dfiles:
                problem(f"order: no entry after the witnessed checkpoint reveals {party}'s value")
        try:
            report.drawn_at = datetime.datetime.fromisoformat(str(dentry.get("time")))
        except ValueError:
            problem("order: the draw entry has no valid time")
            return report
        try:
            wait = datetime.timedelta(seconds=int(params.get("delay_seconds", 0)))
        except (TypeError, ValueError):
            wait = datetime.timedelta(0)
        if report.drawn_at < report.witnessed_at + wait:
            problem(
                "order: the draw was recorded less than the announced delay after the "
                "witnesses cosigned the announcement"
            )
    return report
