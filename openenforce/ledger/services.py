"""Appending to the record, signing checkpoints, and erasing personal data.

Other services call ``record`` inside their own transaction: the entry is appended if and
only if their change commits. Sequence numbers come from the one-row ``Counter`` table,
whose row lock serialises writers until commit, so they are gapless and unique under
concurrency on PostgreSQL (and on SQLite, where writers are serialised anyway).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.core.errors import InvalidInput, WrongState
from openenforce.ledger import merkle, notes, observers, state
from openenforce.ledger.models import Checkpoint, Entry, Head, Salt
from openenforce.ledger.recorded import _ledger_writes
from openenforce.ledger.tiles import TileStore, integrate, log_size

logger = logging.getLogger(__name__)


class Actor(Protocol):
    """Who acts: anything with a primary key (a user, in practice). The ledger sits below
    the accounts app and only stores ``actor.pk``; ``None`` is the system."""

    pk: Any


_Write = Callable[[Any, list[models.Model]], list[models.Model]]
FORMAT_VERSION = 1
_HEX_DIGEST = re.compile(r"^[0-9a-f]{64}$")

# One statement reserves ``n`` sequence numbers and locks the counter row until commit.
# The first use (or a use after the table was emptied) starts from the entries' maximum.
_RESERVE_SQL = (
    "INSERT INTO ledger_counter (id, next_sequence) "
    "VALUES (1, (SELECT COALESCE(MAX(sequence), -1) + 1 FROM ledger_entry) + %s) "
    "ON CONFLICT (id) DO UPDATE SET next_sequence = ledger_counter.next_sequence + %s "
    "RETURNING next_sequence - %s"
)


_COLUMNS = "sequence, recorded_at, agency_id, actor_id, event_type, subject_kind, subject_id, body, leaf_hash"


def _reserve(n: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_RESERVE_SQL, [n, n, n])
        first: int = cursor.fetchone()[0]
        return first


def _utc(now: datetime.datetime) -> str:
    return now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _file_digests(files: Iterable[str | bytes], h: merkle.HashFn) -> list[str]:
    """Files enter as digests: hex digests pass through, raw contents are hashed."""
    digests = []
    for item in files:
        digest = h(item).hex() if isinstance(item, bytes) else item
        if not _HEX_DIGEST.match(digest):
            raise InvalidInput(_("A file digest must be 64 hexadecimal digits."), code="bad_digest")
        digests.append(digest)
    return digests


def _envelope(
    sequence: int,
    now: datetime.datetime,
    *,
    actor_id: int | None,
    agency_id: int | None,
    event_type: str,
    kind: str,
    subject_id: str,
    digest: str | None,
    files: list[str],
    h: merkle.HashFn,
) -> tuple[bytes, bytes]:
    """The canonical envelope (RFC 8785; no floats, so Python's sorted compact JSON is
    byte-identical) and its leaf hash."""
    envelope = {
        "v": FORMAT_VERSION,
        "alg": merkle.profile(),
        "seq": sequence,
        "time": _utc(now),
        "agency": agency_id,
        "actor": actor_id,
        "type": event_type,
        "subject": {"kind": kind, "id": subject_id},
        "state": digest,
        "files": files,
    }
    body = json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return body, merkle.leaf_hash(body, h)


def _entry(sequence: int, now: datetime.datetime, **fields: Any) -> Entry:
    body, leaf = _envelope(sequence, now, **fields)
    return _entry_row(sequence, now, fields, body, leaf)


def _entry_row(
    sequence: int,
    now: datetime.datetime,
    fields: dict[str, Any],
    body: bytes,
    leaf: bytes,
    pk: int | None = None,
) -> Entry:
    """The entry row of an envelope's ``fields`` (see ``_envelope``)."""
    return Entry(
        pk=pk,
        sequence=sequence,
        recorded_at=now,
        agency_id=fields["agency_id"],
        actor_id=fields["actor_id"],
        event_type=fields["event_type"],
        subject_kind=fields["kind"],
        subject_id=fields["subject_id"],
        body=body,
        leaf_hash=leaf,
    )


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("record() must run inside the service's transaction")


def record(
    *,
    actor: Actor | None,
    event_type: str,
    subject: models.Model,
    agency: models.Model | None = None,
    files: Iterable[str | bytes] = (),
    salt_personal_fields: bool = True,
    deleted: bool = False,
) -> Entry:
    """Append one event about ``subject`` to the record, in the caller's transaction.

    The entry holds the digest of the subject's state as stored now (personal fields as
    salted commitments) and the digests of ``files``; ``agency`` defaults to the subject's.
    A deletion (``deleted``, written by ``delete_recorded`` after the row is gone) holds
    no state: ``"state": null`` says the row must no longer exist.
    """
    _require_transaction()
    h = merkle.hash_function()
    agency_id = agency.pk if agency is not None else getattr(subject, "agency_id", None)
    kind, subject_id = state.kind_of(subject), str(subject.pk)
    file_digests = _file_digests(files, h)
    model = state.concrete(type(subject))
    if deleted:
        digest = None
        observers.notify(model, (), (subject.pk,))
    else:
        digest, stored = _current_digest(subject, kind, h, salt_personal_fields)
        if observers.observed(model):
            observers.notify(model, (stored if stored is not None else subject,))
    fields = {
        "actor_id": getattr(actor, "pk", None),
        "agency_id": agency_id,
        "event_type": event_type,
        "kind": kind,
        "subject_id": subject_id,
        "digest": digest,
        "files": file_digests,
        "h": h,
    }
    # Reserve last: the counter row stays locked until commit, so keep that window short.
    if connection.vendor == "postgresql" and merkle.profile() == "sha256":
        entry = _append_in_one_statement(timezone.now(), fields)
    else:
        entry = _entry(_reserve(1), timezone.now(), **fields)
        entry.save(force_insert=True)
    _schedule_checkpoint()
    return entry


def _current_digest(
    subject: models.Model, kind: str, h: merkle.HashFn, salt: bool
) -> tuple[str, models.Model | None]:
    """The state digest of the subject as stored now, new salts made for its personal
    fields where it has none yet (unless ``salt`` is off: an erasure); and the row as
    stored (None if it is not)."""
    subject_id = str(subject.pk)
    personal = state.personal_fields(subject)
    stored, related, salts = state.read_one(subject, kind, salts=bool(personal))
    missing = [(subject_id, name) for name in personal if (subject_id, name) not in salts]
    if missing and salt:
        salts.update(state.new_salts(kind, missing))
    return state.state_digest(stored if stored is not None else subject, salts, h, related), stored


# PostgreSQL: reserve the number and insert the entry in one statement (one round trip
# fewer, no ORM insert). The body is canonical JSON with sorted keys, so it is the bytes
# before the sequence number, the number, and the bytes after it; the leaf hash is
# SHA-256(0x00 || body), computed by the server's sha256() exactly as merkle.leaf_hash does.
_APPEND_SQL = (
    "WITH reserved AS ("
    "INSERT INTO ledger_counter (id, next_sequence) "
    "VALUES (1, (SELECT COALESCE(MAX(sequence), -1) + 2 FROM ledger_entry)) "
    "ON CONFLICT (id) DO UPDATE SET next_sequence = ledger_counter.next_sequence + 1 "
    "RETURNING next_sequence - 1 AS seq), "
    "made AS (SELECT seq, %s::bytea || convert_to(seq::text, 'UTF8') || %s::bytea AS body"
    " FROM reserved) "
    "INSERT INTO ledger_entry (sequence, recorded_at, agency_id, actor_id, event_type,"
    " subject_kind, subject_id, body, leaf_hash) "
    "SELECT seq, %s, %s, %s, %s, %s, %s, body, sha256('\\x00'::bytea || body) FROM made "
    "RETURNING id, sequence"
)


def _append_in_one_statement(now: datetime.datetime, fields: dict[str, Any]) -> Entry:
    marker = -7  # a number no entry has, to split the body around the sequence
    body, _leaf = _envelope(marker, now, **fields)
    head, tail = body.split(b'"seq":%d,' % marker)
    head, tail = head + b'"seq":', b"," + tail
    with connection.cursor() as cursor:
        cursor.execute(
            _APPEND_SQL,
            [
                head,
                tail,
                now,
                fields["agency_id"],
                fields["actor_id"],
                fields["event_type"],
                fields["kind"],
                fields["subject_id"],
            ],
        )
        pk, sequence = cursor.fetchone()
    body = head + b"%d" % sequence + tail
    return _entry_row(sequence, now, fields, body, merkle.leaf_hash(body, fields["h"]), pk=pk)


def record_bulk(
    *,
    actor: Actor | None,
    events: Sequence[tuple[str, models.Model]],
    agency: models.Model | None = None,
) -> int:
    """Append many events at once (imports of historic cases), in the caller's transaction.

    ``events`` are (event type, subject) pairs; subjects are re-read in batches per model.
    Returns the number of entries appended. Deleted subjects cannot be recorded here.
    """
    _require_transaction()
    if not events:
        return 0
    h = merkle.hash_function()
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for _type, subject in events:
        by_model.setdefault(state.concrete(type(subject)), []).append(subject)
    digests: dict[tuple[str, str], str] = {}
    for model, subjects in by_model.items():
        digests.update(_digests(model, subjects, h))
    first, now = _reserve(len(events)), timezone.now()
    actor_id = getattr(actor, "pk", None)
    rows = []
    for offset, (event_type, subject) in enumerate(events):
        kind, subject_id = state.kind_of(subject), str(subject.pk)
        agency_id = agency.pk if agency is not None else getattr(subject, "agency_id", None)
        body, leaf = _envelope(
            first + offset,
            now,
            actor_id=actor_id,
            agency_id=agency_id,
            event_type=event_type,
            kind=kind,
            subject_id=subject_id,
            digest=digests[(kind, subject_id)],
            files=[],
            h=h,
        )
        rows.append(
            (first + offset, now, agency_id, actor_id, event_type, kind, subject_id, body, leaf)
        )
    _insert_rows(rows)
    _schedule_checkpoint()
    return len(rows)


def _insert_rows(rows: list[tuple[Any, ...]]) -> None:
    """Many entries at once: COPY on PostgreSQL (several times faster), else executemany."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ledger_entry ({_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * 9)
        sql = f"INSERT INTO ledger_entry ({_COLUMNS}) VALUES ({marks})"  # noqa: S608 - constants
        cursor.executemany(sql, rows)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _digests(
    model: type[models.Model], subjects: list[models.Model], h: merkle.HashFn
) -> dict[tuple[str, str], str]:
    kind = state.kind_of(model)
    stored: dict[str, models.Model] = {}
    for start in range(0, len(subjects), 2000):
        stored.update(state.reload(subjects[start : start + 2000]))
    salts = state.salts_for(kind, stored, create=True) if state.personal_fields(model) else {}
    related = state.related_ids(model, [row.pk for row in stored.values()])
    if observers.observed(model):
        observers.notify(model, list(stored.values()))
    return {(kind, pk): state.state_digest(row, salts, h, related) for pk, row in stored.items()}


# --- the one way to write many rows of a recorded model -----------------------------------
#
# Recorded models refuse QuerySet.update/delete/bulk_create/bulk_update and Model.delete
# (openenforce.ledger.recorded). These functions are the single escape: each writes the
# rows and one entry per row in the caller's transaction, so the record and the rows
# cannot disagree.


def update_recorded(
    queryset: models.QuerySet[Any],
    *,
    actor: Actor | None,
    event_type: str,
    agency: models.Model | None = None,
    **values: Any,
) -> list[models.Model]:
    """``queryset.update(**values)`` with an entry for each row it changed; returns the
    changed rows as stored. The rows are locked first, so the set updated is the set
    recorded."""
    _require_transaction()
    model = state.concrete(queryset.model)
    pks = list(queryset.select_for_update().values_list("pk", flat=True))
    if not pks:
        return []
    with _ledger_writes():
        model._base_manager.filter(pk__in=pks).update(**values)
    rows = list(model._base_manager.filter(pk__in=pks).order_by("pk"))
    record_bulk(actor=actor, events=[(event_type, row) for row in rows], agency=agency)
    return rows


def create_recorded(
    objs: Sequence[models.Model],
    *,
    actor: Actor | None,
    event_type: str,
    agency: models.Model | None = None,
    batch_size: int = 1000,
) -> list[models.Model]:
    """``bulk_create`` of new rows of one recorded model, each with its entry."""

    def create(manager: Any, rows: list[models.Model]) -> list[models.Model]:
        created: list[models.Model] = manager.bulk_create(rows, batch_size=batch_size)
        if any(obj.pk is None for obj in created):  # a backend that returns no keys
            raise RuntimeError(f"bulk_create of {manager.model._meta.label} returned no keys")
        return created

    return _write_rows(objs, create, actor=actor, event_type=event_type, agency=agency)


def bulk_update_recorded(
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    actor: Actor | None,
    event_type: str,
    agency: models.Model | None = None,
) -> list[models.Model]:
    """``bulk_update`` of rows of one recorded model, each with its entry."""

    def update(manager: Any, rows: list[models.Model]) -> list[models.Model]:
        manager.bulk_update(rows, list(fields), batch_size=1000)
        return rows

    return _write_rows(objs, update, actor=actor, event_type=event_type, agency=agency)


def _write_rows(
    objs: Sequence[models.Model],
    write: _Write,
    *,
    actor: Actor | None,
    event_type: str,
    agency: models.Model | None,
) -> list[models.Model]:
    """``write(manager, rows)`` inside the ledger's escape, then an entry per row."""
    _require_transaction()
    objs = list(objs)
    if not objs:
        return []
    manager = state.concrete(type(objs[0]))._base_manager
    with _ledger_writes():
        rows = write(manager, objs)
    record_bulk(actor=actor, events=[(event_type, row) for row in rows], agency=agency)
    return rows


def delete_recorded(
    subject: models.Model,
    *,
    actor: Actor | None,
    event_type: str,
    agency: models.Model | None = None,
) -> Entry:
    """Delete the subject's row and record its deletion (``"state": null``): from then on
    ``ledger verify`` expects the row to be absent. Its earlier entries keep its states."""
    _require_transaction()
    pk = subject.pk
    with _ledger_writes():
        subject.delete()
    subject.pk = pk  # Model.delete() clears it; the entry names the row that was
    return record(actor=actor, event_type=event_type, subject=subject, agency=agency, deleted=True)


@transaction.atomic
def erase_personal_data(subject: models.Model, *, actor: Actor | None, reason: str) -> Entry:
    """Erase the subject's personal fields (by law or court order) and record the erasure.

    The fields are cleared and their salts deleted: earlier entries keep commitments
    nobody can open any more, and the log and the row still verify.
    """
    fields = state.personal_fields(subject)
    if not fields:
        raise WrongState(_("This kind of record holds no personal data."), code="no_personal_data")
    if not reason.strip():
        raise InvalidInput(
            _("An erasure needs a reason (the law or the order)."), code="reason_required"
        )
    model = state.concrete(type(subject))
    cleared = {name: _field(model, name).get_default() for name in fields}
    model._base_manager.filter(pk=subject.pk).update(**cleared)
    Salt.objects.filter(subject_kind=state.kind_of(subject), subject_id=str(subject.pk)).delete()
    for name, value in cleared.items():
        setattr(subject, name, value)
    logger.info("personal data of %s erased: %s", subject._meta.label_lower, reason)
    # The cleared values hold nothing personal: committed without a salt, so that a later
    # edit behind the application's back is still detected.
    return record(
        actor=actor,
        event_type="ledger.personal_data.erased",
        subject=subject,
        salt_personal_fields=False,
    )


# --- checkpoints -------------------------------------------------------------------------


def checkpoint_interval() -> float:
    return float(getattr(settings, "OPENENFORCE_LEDGER_CHECKPOINT_SECONDS", 1.0))


def keep_interval() -> float:
    return float(getattr(settings, "OPENENFORCE_LEDGER_KEEP_SECONDS", 3600))


_last_signed = {"at": 0.0}


def _schedule_checkpoint() -> None:
    """After commit, sign a new checkpoint unless this process signed one very recently
    (then the ``ledger checkpoint --watch`` loop covers the entry within the interval).
    Registered per entry: a savepoint rolled back drops its own callbacks, and a second
    callback after the first finds nothing to do."""
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    if time.monotonic() - _last_signed["at"] < checkpoint_interval():
        return
    try:
        publish_checkpoint()
    except Exception:  # the change is committed; the watcher signs later
        logger.exception("signing a checkpoint after commit failed")


def _previous(head: Head) -> notes.ParsedCheckpoint | None:
    """The last signed checkpoint, trusted only if its signature verifies."""
    if not head.note:
        return None
    verifier = notes.Verifier.parse(notes.vkey())
    try:
        return notes.parse_checkpoint(notes.open_note(head.note, verifier))
    except ValueError as exc:
        raise WrongState(
            _("The latest checkpoint does not verify; refusing to sign after it."),
            code="ledger_head_invalid",
        ) from exc


def _check_consistent(
    store: TileStore, previous: notes.ParsedCheckpoint | None, size: int, root: bytes
) -> None:
    """The signer's promise: a new tree must extend the last signed one (RFC 9162 §2.1.4)."""
    if previous is None:
        return
    proof = store.consistency_proof(previous.size, size) if 0 < previous.size < size else []
    ok = (
        previous.size == 0
        or size >= previous.size
        and merkle.verify_consistency(previous.size, size, previous.root, root, proof, store.h)
    )
    if not ok:
        raise WrongState(
            _("The log is not consistent with the last signed checkpoint; refusing to sign."),
            code="ledger_inconsistent",
        )


@transaction.atomic
def publish_checkpoint(*, force: bool = False) -> Head:
    """Integrate new entries into tiles and sign a checkpoint of the whole log.

    Runs under the head row's lock, so concurrent signers queue; a signer that finds the
    head already covering the log does nothing (unless ``force``).
    """
    Head.objects.get_or_create(pk=1)
    head = Head.objects.select_for_update().get(pk=1)
    size = log_size()
    if head.note and head.size == size and not force:
        return head
    previous = _previous(head)
    integrate(size)
    store = TileStore()
    root = store.root(size)
    _check_consistent(store, previous, size, root)
    note = notes.sign_note(notes.checkpoint_body(settings.OPENENFORCE_LEDGER_ORIGIN, size, root))
    head.size, head.root, head.note, head.signed_at = size, root, note, timezone.now()
    head.cosigned_note = ""  # the witnesses cosign the new checkpoint at the next round
    head.save()
    _archive(head)
    _last_signed["at"] = time.monotonic()
    return head


def checkpoint_loop(
    *,
    stop: threading.Event | None = None,
    interval: float | None = None,
    iterations: int | None = None,
) -> None:
    """Sign a checkpoint once per interval until ``stop`` is set (or ``iterations`` ran).

    What keeps the one-second bound when writes stop: ``ledger checkpoint --watch`` in
    production, a daemon thread of ``openenforce demo``. A failed signing is logged and
    retried at the next tick rather than ending the loop.
    """
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set() and (iterations is None or done < iterations):
        try:
            publish_checkpoint()
        except Exception:
            logger.exception("signing a checkpoint failed; retrying")
            close_old_connections()  # a broken connection is replaced at the next tick
        else:
            from openenforce.ledger.witnessing import start_round_in_background

            start_round_in_background()  # a slow witness never delays the next tick
        done += 1
        if iterations is None or done < iterations:
            stop.wait(checkpoint_interval() if interval is None else interval)


def _archive(head: Head) -> None:
    """Keep a checkpoint for auditors when the last kept one is older than the interval."""
    last = Checkpoint.objects.order_by("-size").first()
    signed_at = head.signed_at
    assert signed_at is not None  # publish_checkpoint() has just signed it
    due = last is None or (
        last.size < head.size and (signed_at - last.signed_at).total_seconds() >= keep_interval()
    )
    if due:
        Checkpoint.objects.create(
            size=head.size, root=head.root, note=head.note, signed_at=signed_at
        )


def latest_checkpoint() -> Head | None:
    head = Head.objects.filter(pk=1).exclude(note="").first()
    return head


def served_note(head: Head) -> str:
    """The latest checkpoint with the witnesses' cosignatures once it has any."""
    return head.cosigned_note or head.note
