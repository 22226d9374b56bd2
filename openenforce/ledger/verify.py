"""Recompute the record from its raw entries and name everything that does not hold.

``verify_database`` checks the live tables; ``verify_directory`` checks an export in the
C2SP static layout offline. Both stream the entries once, rebuild the tree tile by tile
(memory stays at a few tiles per level whatever the log's size) and compare.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction

from openenforce.ledger import cosign, merkle, notes, scan, state
from openenforce.ledger.binary import binary_cursor
from openenforce.ledger.models import (
    TILE_WIDTH,
    Checkpoint,
    Entry,
    Head,
    Tile,
    WitnessedCheckpoint,
    WitnessState,
)
from openenforce.ledger.recorded import recorded_models
from openenforce.ledger.tiles import TileStore, tile_path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    kind: str  # entry, tile, checkpoint, row, log
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.message}"


class TreeBuilder:
    """Streams leaf hashes into tiles; ``on_tile`` sees each full tile as it completes."""

    def __init__(
        self, h: merkle.HashFn, on_tile: Callable[[int, int, list[bytes], bytes], None]
    ) -> None:
        self.h, self.on_tile = h, on_tile
        self.pending: list[list[bytes]] = [[]]
        self.done: list[int] = [0]  # full tiles per level
        self.size = 0

    def add(self, leaf: bytes) -> None:
        self.size += 1
        self.pending[0].append(leaf)
        self._carry()

    def extend(self, leaves: Sequence[bytes]) -> None:
        """``add`` each leaf, a tile's worth of list slicing at a time."""
        done = 0
        while done < len(leaves):
            take = TILE_WIDTH - len(self.pending[0])
            part = leaves[done : done + take]
            self.pending[0].extend(part)
            self.size += len(part)
            done += len(part)
            self._carry()

    def add_root(self, root: bytes) -> None:
        """A full level-0 tile, by its root (its leaves were checked elsewhere)."""
        self.size += TILE_WIDTH
        self.done[0] += 1
        if len(self.pending) == 1:
            self.pending.append([])
            self.done.append(0)
        self.pending[1].append(root)
        self._carry(1)

    def _carry(self, level: int = 0) -> None:
        while len(self.pending[level]) == TILE_WIDTH:
            hashes = self.pending[level]
            root = merkle.root_of(hashes, self.h)
            self.on_tile(level, self.done[level], hashes, root)
            self.done[level] += 1
            self.pending[level] = []
            if level + 1 == len(self.pending):
                self.pending.append([])
                self.done.append(0)
            self.pending[level + 1].append(root)
            level += 1

    def root(self) -> bytes:
        """The root of the leaves so far: each level's partial tile, plus the root below."""
        return self.root_with(self.pending[0])

    def root_with(self, leaves: list[bytes]) -> bytes:
        """The root if the last, partial level-0 tile held ``leaves``."""
        below: bytes | None = None
        for hashes in [leaves, *self.pending[1:]]:
            nodes = hashes + ([below] if below is not None else [])
            below = merkle.root_of(nodes, self.h) if nodes else None
        return below if below is not None else self.h(b"")


# --- the database --------------------------------------------------------------------------


def verify_database(*, rows: bool = True, workers: int = 1) -> list[Problem]:
    """Every check on the live tables; an empty list means the record holds.

    With ``workers`` > 1 on PostgreSQL, a large log's entries are checked by that many
    processes, each on a range of them in this transaction's snapshot; if any range fails,
    the entries are checked again in one process, which names every fault.
    """
    problems: list[Problem] = []
    h = merkle.hash_function()
    verifier = notes.Verifier.parse(notes.vkey())
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":  # one snapshot for every read
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        checkpoints = _signed_checkpoints(verifier, problems)
        rebuilt = _rebuild_in_parallel(h, checkpoints, problems, workers)
        if rebuilt is None:
            rebuilt = _rebuild(h, checkpoints, problems)
        builder, stored_tiles = rebuilt
        _check_leftover_tiles(stored_tiles, builder, problems)
        # Witnessed checkpoints are checked against the rebuilt tree's roots above; the
        # kept ones, in the order they were signed, must also extend each other.
        _check_consecutive([c for c in checkpoints if not c[0].startswith("witnessed")], problems)
        if rows:
            problems += check_rows(h)
    return problems


def _signed_checkpoints(
    verifier: notes.Verifier, problems: list[Problem]
) -> list[tuple[str, int, bytes]]:
    """(name, size, root) of every kept checkpoint whose signature verifies (the kept
    ones, the latest, and the witnessed ones, whose cosignatures are checked too)."""
    kept = [
        (f"checkpoint {c.size}", c.note) for c in Checkpoint.objects.order_by("signed_at", "id")
    ]
    head = Head.objects.filter(pk=1).exclude(note="").first()
    keys = _witness_keys()
    if head is not None:
        kept.append(("latest checkpoint", head.note))
        if head.cosigned_note:
            if not head.cosigned_note.startswith(head.note):
                problems.append(
                    Problem("checkpoint", "cosigned note", "not the latest signed note")
                )
            else:
                _check_cosignatures("cosigned note", head.cosigned_note, keys, problems)
    for witnessed in WitnessedCheckpoint.objects.order_by("size"):
        name = f"witnessed checkpoint {witnessed.size}"
        kept.append((name, witnessed.note))
        _check_cosignatures(name, witnessed.note, keys, problems)
    result = []
    for name, note in kept:
        try:
            parsed = notes.parse_checkpoint(notes.open_note(note, verifier))
        except ValueError as exc:
            problems.append(Problem("checkpoint", name, f"signature or format invalid ({exc})"))
            continue
        if parsed.origin != verifier.name:
            problems.append(Problem("checkpoint", name, "signed for another origin"))
            continue
        result.append((name, parsed.size, parsed.root))
    return result


def _witness_keys() -> list[cosign.WitnessKey]:
    """The witnesses the log knows: configured now, or submitted to before
    (``WitnessState``: a demo's witness configured in its own process, a witness since
    removed from the settings)."""
    from openenforce.ledger.witnessing import configured

    known_keys = {w.key.text: w.key for w in configured()}
    for text in WitnessState.objects.values_list("vkey", flat=True):
        known_keys.setdefault(text, cosign.WitnessKey.parse(text))
    return list(known_keys.values())


def _check_cosignatures(
    name: str, note: str, keys: list[cosign.WitnessKey], problems: list[Problem]
) -> None:
    """Every signature line after the log's own must be a known witness's valid
    cosignature of the note's body; an unknown line is not the log's to keep."""
    body, _sep, signatures = note.rpartition("\n\n")
    body += "\n"
    lines = [line for line in signatures.split("\n") if line]
    for line in lines[1:]:  # the first line is the log's own signature (checked above)
        try:
            known = any(key.verify(body, line) is not None for key in keys)
        except ValueError as exc:
            known, reason = False, str(exc)
        else:
            reason = "not by a configured witness"
        if not known:
            problems.append(Problem("checkpoint", name, f"{reason}: {line[:60]}"))


class _Level0:
    """Stored level-0 tiles, merged in index order with the tiles being rebuilt."""

    def __init__(self) -> None:
        self.rows = _stored_level0()
        self.peeked = next(self.rows, None)
        self.extra: list[int] = []

    def take(self, index: int) -> tuple[int, bytes, bytes] | None:
        while self.peeked is not None and self.peeked[0] < index:
            self.extra.append(self.peeked[0])
            self.peeked = next(self.rows, None)
        if self.peeked is None or self.peeked[0] != index:
            return None
        found, self.peeked = self.peeked, next(self.rows, None)
        return found

    def rest(self) -> list[int]:
        while self.peeked is not None:
            self.extra.append(self.peeked[0])
            self.peeked = next(self.rows, None)
        return self.extra


# Stored tiles by (level, index): (index, hashes, root), or None for a tile with no
# entries under it.
_Stored = dict[tuple[int, int], tuple[int, bytes, bytes] | None]
_Checkpoints = list[tuple[str, int, bytes]]
_OnTile = Callable[[int, int, list[bytes], bytes], None]
_Rebuilt = tuple["TreeBuilder", _Stored]


def _upper_tiles() -> _Stored:
    return {
        (t.level, t.index): (t.index, bytes(t.hashes), bytes(t.root))
        for t in Tile.objects.filter(level__gt=0)
    }


def _tile_checker(
    stored: _Stored, level0: _Level0 | None, covered: int, problems: list[Problem]
) -> _OnTile:
    """``on_tile`` for a TreeBuilder: compare each rebuilt tile with the stored one."""

    def on_tile(level: int, index: int, hashes: list[bytes], root: bytes) -> None:
        if level == 0:
            assert level0 is not None  # in parallel, level-0 tiles are checked by the workers
            tile = level0.take(index)
        else:
            tile = stored.pop((level, index), None)
        name = tile_path(level, index)
        if tile is None:
            if (index + 1) * TILE_WIDTH ** (level + 1) <= covered:  # signing integrates first
                problems.append(Problem("tile", name, "missing"))
        elif tile[1] != b"".join(hashes) or tile[2] != root:
            problems.append(Problem("tile", name, "hashes differ from the entries"))

    return on_tile


def _check_roots(
    checkpoints: _Checkpoints, roots: dict[int, bytes], size: int, problems: list[Problem]
) -> None:
    for name, covers, root in checkpoints:
        if covers > size:
            problems.append(
                Problem("checkpoint", name, f"covers {covers} entries; the log has {size}")
            )
        elif roots.get(covers) != root:
            problems.append(Problem("checkpoint", name, "root differs from the recomputed tree"))


def _rebuild(h: merkle.HashFn, checkpoints: _Checkpoints, problems: list[Problem]) -> _Rebuilt:
    """Stream every entry in one process, naming each fault."""
    stored = _upper_tiles()
    level0 = _Level0()
    wanted = {size for _n, size, _r in checkpoints}
    builder = TreeBuilder(h, _tile_checker(stored, level0, max(wanted, default=0), problems))
    roots: dict[int, bytes] = {}
    if 0 in wanted:
        roots[0] = builder.root()
    columns = scan.Columns()
    for rows in _entry_chunks():
        if not rows:  # a whole chunk of sequence numbers missing: named at the next entry
            continue
        sequences, bodies, leaves, *index_columns = zip(*rows, strict=True)
        computed = merkle.leaf_hashes(bodies, h)
        _check_chunk(builder.size, sequences, bodies, leaves, computed, problems)
        for i in columns.mismatches(bodies, zip(*index_columns, strict=True)):
            problems.append(Problem("entry", f"#{sequences[i]}", "columns differ from its body"))
        _extend(builder, computed, wanted, roots)
    _check_roots(checkpoints, roots, builder.size, problems)
    stored.update({(0, index): None for index in level0.rest()})
    return builder, stored


# Entries per range a worker checks (256 tiles); a log under two ranges is checked in-process.
_RANGE = 65536


def _rebuild_in_parallel(
    h: merkle.HashFn, checkpoints: _Checkpoints, problems: list[Problem], workers: int
) -> _Rebuilt | None:
    """``_rebuild``'s result from ranges checked by ``workers`` processes (``scan``), or
    None when that does not apply or some range fails (then ``_rebuild`` names the faults).

    The workers return each full level-0 tile's root (and the leaves of partial tiles where
    a checkpoint ends); this process builds the levels above and checks them as ``_rebuild``
    does, so on a log whose entries hold both give the same problems.
    """
    if workers < 2 or connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(sequence), MAX(sequence) FROM ledger_entry")
        low, high = cursor.fetchone()
    if low != 0 or high + 1 < 2 * _RANGE:
        return None
    size = high + 1
    wanted = {covers for _n, covers, _r in checkpoints}
    covered = max(wanted, default=0)
    jobs = []
    for start in range(0, size, _RANGE):
        end = min(size, start + _RANGE)
        inside = tuple(sorted(w for w in wanted if start < w <= end and w % TILE_WIDTH))
        jobs.append(scan.RangeJob(start, end, covered, inside, merkle.profile()))
    stored = _upper_tiles()
    found: list[Problem] = []
    builder = TreeBuilder(h, _tile_checker(stored, None, covered, found))
    roots: dict[int, bytes] = {0: builder.root()} if 0 in wanted else {}
    results = _run_ranges(jobs, workers)
    try:
        built = _build_from_ranges(builder, results, wanted, size, roots)
    except Exception as exc:  # a worker could not start or run: the answer stays exact
        logger.warning(
            "checking the entries in worker processes failed (%r); checking them in this process",
            exc,
        )
        return None
    finally:
        results.close()  # a failed range: the ranges not begun are cancelled
    if not built:
        return None
    _check_roots(checkpoints, roots, builder.size, found)
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT "index" FROM ledger_tile WHERE level = 0 AND ("index" < 0 OR "index" >= %s)',
            [size // TILE_WIDTH],
        )
        stored.update({(0, index): None for (index,) in cursor.fetchall()})
    problems += found
    return builder, stored


def _build_from_ranges(
    builder: TreeBuilder,
    results: Iterable[scan.RangeResult],
    wanted: set[int],
    size: int,
    roots: dict[int, bytes],
) -> bool:
    """Feed the ranges' tile roots to ``builder``, taking each checkpoint's root on the way;
    False at the first range that does not hold."""
    for result in results:
        if not result.holds:
            return False
        for i, root in enumerate(result.roots):
            start = result.start + i * TILE_WIDTH
            for covers in [w for w in result.partial if w < start + TILE_WIDTH]:
                roots[covers] = builder.root_with(result.partial.pop(covers))
            builder.add_root(root)
            if start + TILE_WIDTH in wanted:
                roots[start + TILE_WIDTH] = builder.root()
        for covers, leaves in sorted(result.partial.items()):  # inside the log's last tile
            roots[covers] = builder.root_with(leaves)
            if covers == size:
                builder.pending[0], builder.size = list(leaves), builder.size + len(leaves)
    return True


def _run_ranges(jobs: list[scan.RangeJob], workers: int) -> Generator[scan.RangeResult, None, None]:
    """The jobs' results in order, from worker processes in this transaction's snapshot.

    Workers are spawned (not forked: the caller may hold threads and a connection), and
    import psycopg and ``scan`` alone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if isinstance(value, (str, int)) and not isinstance(value, bool)
    }
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=scan.start_worker,
        initargs=(params, snapshot),
    )
    try:
        yield from pool.map(scan.run_job, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    """Processes ``ledger verify`` uses: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _extend(
    builder: TreeBuilder, leaves: list[bytes], wanted: set[int], roots: dict[int, bytes]
) -> None:
    """Add a chunk's leaves, stopping at each checkpoint's size to take the root there."""
    start = builder.size
    for size in sorted(w for w in wanted if start < w <= start + len(leaves)):
        builder.extend(leaves[builder.size - start : size - start])
        roots[size] = builder.root()
    builder.extend(leaves[builder.size - start :])


def _check_chunk(
    expected: int,
    sequences: Sequence[int],
    bodies: Sequence[bytes],
    leaves: Sequence[bytes],
    computed: list[bytes],
    problems: list[Problem],
) -> None:
    """The per-entry checks, in bulk; entry by entry only on a fault, to name it."""
    if scan.entries_hold(expected, sequences, bodies, leaves, computed):
        return
    previous = expected - 1
    for i, sequence in enumerate(sequences):
        leaf_differs = bytes(leaves[i]) != computed[i]
        _check_entry(previous + 1, sequence, bodies[i], leaf_differs, problems)
        previous = sequence


def _check_entry(
    expected: int, sequence: int, body: bytes, leaf_differs: bool, problems: list[Problem]
) -> None:
    if sequence > expected:
        gap = f"#{expected}" + (f"..#{sequence - 1}" if sequence - 1 > expected else "")
        problems.append(Problem("entry", gap, "missing"))
    elif sequence < expected:
        problems.append(Problem("entry", f"#{sequence}", "duplicate or out of order"))
    if leaf_differs:
        problems.append(Problem("entry", f"#{sequence}", "leaf hash does not match its body"))
    if scan.seq_tag(sequence) not in body:
        problems.append(Problem("entry", f"#{sequence}", "body names another sequence number"))


_ENTRY_SQL = scan.ENTRY_SQL
_CHUNK = 100000


def _entry_chunks() -> Iterator[list[tuple[Any, ...]]]:
    """Every entry in sequence order, a chunk at a time.

    On PostgreSQL the rows come in binary (bytea as raw bytes, not hex text), and the next
    chunk is read by a thread while this one is hashed (the driver waits without the GIL);
    both reads run in this transaction, one at a time, on its connection.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(sequence), MAX(sequence) FROM ledger_entry")
        low, high = cursor.fetchone()
    if low is None:
        return
    starts = range(low, high + 1, _CHUNK)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for start in starts:
                yield [(seq, bytes(body), *rest) for seq, body, *rest in _read(cursor, start)]
        return
    with binary_cursor(connection) as cursor, ThreadPoolExecutor(max_workers=1) as reader:
        pending = reader.submit(_read, cursor, starts[0])
        for following in [*starts[1:], None]:
            rows = pending.result()
            if following is not None:
                pending = reader.submit(_read, cursor, following)
            yield rows


def _read(cursor: Any, start: int) -> list[tuple[Any, ...]]:
    cursor.execute(_ENTRY_SQL, [start, start + _CHUNK])
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _stored_level0() -> Iterator[tuple[int, bytes, bytes]]:
    """The stored level-0 tiles in index order, streamed (on PostgreSQL in binary: decoding
    8 KiB of hex text per tile cost more than the rest of reading them)."""
    sql = 'SELECT "index", hashes, root FROM ledger_tile WHERE level = 0 ORDER BY "index"'
    if connection.vendor == "postgresql":
        cursor = binary_cursor(connection, "ledger_verify_level0")
    else:
        cursor = connection.chunked_cursor()
    with cursor:
        cursor.execute(sql)
        while batch := cursor.fetchmany(1000):
            for index, hashes, root in batch:
                yield index, bytes(hashes), bytes(root)


def _check_leftover_tiles(stored: _Stored, builder: TreeBuilder, problems: list[Problem]) -> None:
    for level, index in sorted(stored):
        problems.append(Problem("tile", tile_path(level, index), "no entries under it"))


def _check_consecutive(checkpoints: _Checkpoints, problems: list[Problem]) -> None:
    """Each kept checkpoint must extend the previous one (RFC 9162 consistency proof)."""
    store = TileStore()
    for (_n1, old, old_root), (name, new, new_root) in zip(
        checkpoints, checkpoints[1:], strict=False
    ):
        try:
            proof = store.consistency_proof(old, new) if 0 < old < new else []
        except LookupError:
            proof = []
        if old > new or not (
            old == 0 or merkle.verify_consistency(old, new, old_root, new_root, proof, store.h)
        ):
            problems.append(
                Problem("checkpoint", name, f"not consistent with the one of size {old}")
            )


_UNREADABLE = "unreadable"  # a latest entry whose body does not parse (named as an entry problem)


def check_rows(h: merkle.HashFn | None = None, *, complete: bool = True) -> list[Problem]:
    """Each domain row must still match the state digest of its last recorded event; a
    row whose deletion was recorded must be gone; and (``complete``) every row of a
    recorded model must have an entry (a row inserted behind the record has none)."""
    h = h or merkle.hash_function()
    problems = []
    states = _last_states()
    for kind, last in states.items():
        model = state.model_for(kind)
        if model is None:
            problems += [Problem("row", f"{kind} {i}", "unknown kind of record") for i in last]
            continue
        for start in range(0, len(last), 2000):
            problems += _check_row_batch(
                model, kind, dict(list(last.items())[start : start + 2000]), h
            )
    if complete:
        problems += _unrecorded_rows(states)
    return problems


def _check_row_batch(
    model: type[models.Model], kind: str, last: dict[str, str | None], h: merkle.HashFn
) -> list[Problem]:
    rows = {str(pk): row for pk, row in model._base_manager.in_bulk(list(last)).items()}
    salts = state.salts_for(kind, list(last)) if state.personal_fields(model) else {}
    related = state.related_ids(model, [row.pk for row in rows.values()])
    problems = []
    for subject_id, digest in last.items():
        row = rows.get(subject_id)
        name = f"{kind} {subject_id}"
        if digest == _UNREADABLE:
            continue  # the entry check names the entry
        if digest is None:
            if row is not None:
                problems.append(Problem("row", name, "exists, but its deletion was recorded"))
        elif row is None:
            problems.append(Problem("row", name, "missing"))
        elif state.state_digest(row, salts, h, related) != digest:
            problems.append(Problem("row", name, "differs from its last recorded state"))
    return problems


def _unrecorded_rows(states: dict[str, dict[str, str | None]]) -> list[Problem]:
    """Rows of recorded models that no entry names: inserted behind the record. A model
    whose rows may predate the record (the calendar seeded by a migration) vouches for
    them with ``ledger_check_unrecorded(rows) -> {pk: problem or None}``."""
    problems = []
    for model in recorded_models():
        kind = state.kind_of(model)
        known = states.get(kind, {})
        pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
        missing = [pk for pk in pks.iterator(chunk_size=5000) if str(pk) not in known]
        check = getattr(model, "ledger_check_unrecorded", None)
        for start in range(0, len(missing), 2000):
            batch = missing[start : start + 2000]
            if check is None:
                found = {str(pk): "has no entry in the record" for pk in batch}
            else:
                found = check(model._base_manager.filter(pk__in=batch).order_by("pk"))
            problems += [Problem("row", f"{kind} {pk}", text) for pk, text in found.items() if text]
    return problems


def _last_states() -> dict[str, dict[str, str | None]]:
    """kind -> subject id -> state digest of the subject's latest entry (None: its
    deletion; ``_UNREADABLE``: a body that does not parse). Kinds are today's: entries
    under an old kind of a moved model count for its new kind."""
    sequences = _last_sequences()
    result: dict[str, dict[str, str | None]] = {}
    latest: dict[tuple[str, str], int] = {}  # (kind, id) -> sequence whose state is kept
    for start in range(0, len(sequences), 5000):
        bodies = Entry.objects.filter(sequence__in=sequences[start : start + 5000])
        for entry in bodies.only("sequence", "subject_kind", "subject_id", "body"):
            # An entry under a moved model's old kind is about the same subject as one
            # under its new kind (state.KIND_ALIASES): the later of the two wins.
            kind = state.current_kind(entry.subject_kind)
            key = (kind, entry.subject_id)
            if latest.get(key, -1) > entry.sequence:
                continue
            latest[key] = entry.sequence
            try:
                digest = json.loads(bytes(entry.body)).get("state", _UNREADABLE)
            except (ValueError, AttributeError):
                digest = _UNREADABLE
            result.setdefault(kind, {})[entry.subject_id] = digest
    return result


# PostgreSQL walks the (kind, id, sequence) index from one subject to the next, two index
# descents per subject, instead of grouping every entry: a log of 10M entries about a few
# subjects took 30 s to group, and a walk costs what the number of subjects costs.
_LAST_SEQUENCES_SQL = """
WITH RECURSIVE subjects (kind, sid) AS (
    (SELECT subject_kind, subject_id FROM ledger_entry ORDER BY subject_kind, subject_id LIMIT 1)
    UNION ALL
    SELECT following.subject_kind, following.subject_id FROM subjects, LATERAL (
        SELECT subject_kind, subject_id FROM ledger_entry
        WHERE (subject_kind, subject_id) > (subjects.kind, subjects.sid)
        ORDER BY subject_kind, subject_id LIMIT 1
    ) AS following
)
SELECT (
    SELECT MAX(e.sequence) FROM ledger_entry AS e
    WHERE e.subject_kind = subjects.kind AND e.subject_id = subjects.sid
)
FROM subjects
"""


def _last_sequences() -> list[int]:
    """The sequence number of each subject's latest entry."""
    if connection.vendor != "postgresql":
        from django.db.models import Max

        latest = Entry.objects.values("subject_kind", "subject_id").annotate(last=Max("sequence"))
        return [row["last"] for row in latest]
    with connection.cursor() as cursor:
        cursor.execute(_LAST_SEQUENCES_SQL)
        return [last for (last,) in cursor.fetchall()]


# --- an export directory -------------------------------------------------------------------


def verify_directory(directory: Path, vkey_text: str | None = None) -> list[Problem]:
    """Verify an export (checkpoint, vkey, tiles, entry bundles) with no database."""
    problems: list[Problem] = []
    directory = Path(directory)
    try:
        verifier = notes.Verifier.parse(vkey_text or (directory / "vkey").read_text())
        body = notes.open_note((directory / "checkpoint").read_text(), verifier)
        checkpoint = notes.parse_checkpoint(body)
    except (OSError, ValueError) as exc:
        return [Problem("checkpoint", "checkpoint", f"does not verify ({exc})")]
    h = merkle.hash_function()

    def on_tile(level: int, index: int, hashes: list[bytes], _root: bytes) -> None:
        _compare_tile_file(directory, level, index, hashes, problems)

    builder = TreeBuilder(h, on_tile)
    for sequence, entry in enumerate(_bundle_entries(directory, checkpoint.size, problems)):
        if scan.seq_tag(sequence) not in entry:
            problems.append(Problem("entry", f"#{sequence}", "body names another sequence number"))
        builder.add(merkle.leaf_hash(entry, h))
    if builder.size != checkpoint.size:
        problems.append(
            Problem("log", "entries", f"{builder.size} entries, checkpoint says {checkpoint.size}")
        )
    elif builder.root() != checkpoint.root:
        problems.append(
            Problem("checkpoint", "checkpoint", "root differs from the recomputed tree")
        )
    for level, hashes in enumerate(builder.pending):
        if hashes:
            _compare_tile_file(directory, level, builder.done[level], hashes, problems)
    return problems


def _compare_tile_file(
    directory: Path, level: int, index: int, hashes: list[bytes], problems: list[Problem]
) -> None:
    path = tile_path(level, index, len(hashes))
    try:
        data = (directory / path).read_bytes()
    except OSError:
        problems.append(Problem("tile", path, "missing"))
        return
    if data != b"".join(hashes):
        problems.append(Problem("tile", path, "hashes differ from the entries"))


def _bundle_entries(directory: Path, size: int, problems: list[Problem]) -> Iterable[bytes]:
    """Entries from the bundles (each entry: big-endian uint16 length, then its bytes)."""
    for index in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, size - index * TILE_WIDTH)
        path = tile_path("entries", index, width)
        try:
            data = (directory / path).read_bytes()
        except OSError:
            problems.append(Problem("tile", path, "missing"))
            return
        yield from parse_bundle(data)


def parse_bundle(data: bytes) -> Iterator[bytes]:
    offset = 0
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 2], "big")
        yield data[offset + 2 : offset + 2 + length]
        offset += 2 + length
