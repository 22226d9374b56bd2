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

from django.apps import apps
from django.db.models import Model, Q
from django.http import Http404
from django.utils.translation import gettext

from openenforce.accounts.models import User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.accounts.services import SYSTEM_USERNAME
from openenforce.cases.models import Case
from openenforce.ledger import merkle, notes, state
from openenforce.ledger.labels import event_label
from openenforce.ledger.models import Entry
from openenforce.ledger.recorded import RecordedModel
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

    @property
    def is_read(self) -> bool:
        """Someone looked (a recording played): in the record, not a step of the case."""
        return self.event_type.endswith(".viewed")


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
    return _events(
        _scoped(user).filter(subject_kind__in=state.kinds_for(kind), subject_id=subject_id)
    )


def events_for_case(case: Case) -> list[Event]:
    """The case's events and those of everything that belongs to it (its parties,
    deadlines, evidence, recordings, documents, service, reviews, publications), oldest
    first. A recorded model belongs to a case through a foreign key to the case, or to a
    row that has one (a publication's correction, a review's checklist). The caller has
    decided that the user may read the case (``cases.permissions.get_case_for_reader``:
    in their agencies' scope, or an evaluator's assigned file); the entries are those of
    the case's agency."""
    wanted = Q(subject_kind__in=state.kinds_for(state.kind_of(case)), subject_id=str(case.pk))
    for model, path in _case_paths(type(case)):
        ids = [
            str(pk)
            for pk in model._default_manager.filter(**{path: case}).values_list("pk", flat=True)
        ]
        if ids:
            wanted |= Q(subject_kind__in=state.kinds_for(state.kind_of(model)), subject_id__in=ids)
    return _events(Entry.objects.filter(wanted, agency_id=case.agency_id))


def _case_paths(case_model: type[Model]) -> list[tuple[type[Model], str]]:
    """Each recorded model (but the case) and the lookup that leads from it to its case."""
    paths: list[tuple[type[Model], str]] = []
    for model in apps.get_models():
        if model is case_model or not issubclass(model, RecordedModel):
            continue
        path = _fk_to(model, case_model)
        if path is None:
            for f in model._meta.get_fields():
                parent = f.related_model if f.many_to_one and f.concrete else None
                inner = _fk_to(parent, case_model) if parent not in (None, case_model) else None
                if inner is not None:
                    path = f"{f.name}__{inner}"
                    break
        if path is not None:
            paths.append((model, path))
    return paths


def _fk_to(model, target: type[Model]) -> str | None:
    """The name of ``model``'s foreign key to ``target``, if it has one."""
    for f in model._meta.get_fields():
        if f.many_to_one and f.concrete and f.related_model is target:
            return f.name
    return None


def _events(query) -> list[Event]:
    entries = list(query.order_by("sequence"))
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
