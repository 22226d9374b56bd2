"""What staff see of the record: a subject's events, each checked against the checkpoint.

An event is *verified* when its body hashes to its leaf and its inclusion proof leads to
the root of the latest checkpoint, whose signature verifies; *pending* when it is newer
than that checkpoint (it is covered within a second); *failed* otherwise.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext

from openenforce.accounts.models import User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.accounts.services import SYSTEM_USERNAME
from openenforce.ledger import merkle, notes, state
from openenforce.ledger.labels import event_label
from openenforce.ledger.models import Entry
from openenforce.ledger.services import latest_checkpoint
from openenforce.ledger.tiles import TileStore

VERIFIED, PENDING, FAILED = "verified", "pending", "failed"


@dataclass
class Event:
    sequence: int
    time: datetime.datetime | None
    event_type: str
    actor: str
    status: str
    label: str = ""  # the event in words (ledger.labels); its code is shown beside it


@dataclass
class Proof:
    sequence: int
    size: int
    leaf: str
    path: list[str] = field(default_factory=list)
    root: str = ""
    note: str = ""
    status: str = PENDING


class _Checker:
    """The latest checkpoint, its signature checked once, and a tile store for proofs."""

    def __init__(self) -> None:
        self.store = TileStore(shared=True)
        self.size, self.root, self.note = 0, b"", ""
        head = latest_checkpoint()
        if head is None:
            return
        try:
            verifier = notes.Verifier.parse(notes.vkey())
            parsed = notes.parse_checkpoint(notes.open_note(head.note, verifier))
        except ValueError:
            self.size = -1  # a checkpoint that does not verify: nothing is verified
            return
        self.size, self.root, self.note = parsed.size, parsed.root, head.note

    def check(self, entry: Entry) -> tuple[str, list[bytes]]:
        leaf = merkle.leaf_hash(bytes(entry.body), self.store.h)
        if leaf != bytes(entry.leaf_hash) or self.size < 0:
            return FAILED, []
        if entry.sequence >= self.size:
            return PENDING, []
        try:
            path = self.store.inclusion_proof(entry.sequence, self.size)
        except LookupError:
            return FAILED, []
        root = merkle.root_from_inclusion(entry.sequence, self.size, leaf, path, self.store.h)
        return (VERIFIED if root == self.root else FAILED), path


def _scoped(user: User):
    ids = visible_agency_ids(user)
    entries = Entry.objects.all()
    return entries if ids is None else entries.filter(agency_id__in=ids)


def _time(entry: Entry) -> datetime.datetime | None:
    try:
        stamp = json.loads(bytes(entry.body))["time"]
        return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, KeyError, TypeError):
        return None


def events_for(user: User, kind: str, subject_id: str) -> list[Event]:
    """The subject's events the user may read, oldest first; 404 if there are none."""
    entries = list(
        _scoped(user).filter(subject_kind__in=state.kinds_for(kind), subject_id=subject_id)
    )
    if not entries:
        raise Http404
    actors = User.objects.in_bulk({e.actor_id for e in entries if e.actor_id})
    checker = _Checker()
    return [
        Event(
            sequence=e.sequence,
            time=_time(e),
            event_type=e.event_type,
            actor=_actor_name(actors.get(e.actor_id)),
            status=checker.check(e)[0],
            label=event_label(e.event_type),
        )
        for e in entries
    ]


def _actor_name(actor: User | None) -> str:
    """Who acted; the installation itself (imports, the demo, scheduled work) in words."""
    if actor is None:
        return ""
    return gettext("The system") if actor.username == SYSTEM_USERNAME else str(actor)


def proof_for(user: User, sequence: int) -> Proof:
    """The inclusion proof of one entry the user may read (RFC 9162 §2.1.3)."""
    entry = _scoped(user).filter(sequence=sequence).first()
    if entry is None:
        raise Http404
    checker = _Checker()
    status, path = checker.check(entry)
    return Proof(
        sequence=sequence,
        size=max(checker.size, 0),
        leaf=bytes(entry.leaf_hash).hex(),
        path=[p.hex() for p in path],
        root=base64.b64encode(checker.root).decode(),
        note=checker.note,
        status=status,
    )
