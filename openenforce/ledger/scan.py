"""The per-entry checks of verification, and their parallel form on PostgreSQL.

``Columns`` and ``seq_tag`` are what the sequential verifier (``verify._rebuild``) checks of
every entry besides its leaf hash. ``scan_range`` makes all of the entry-level checks of one
range of sequence numbers, plus the comparison of its level-0 tiles, and returns the roots
of those tiles; ``verify`` runs it in worker processes, each on its own connection inside
the snapshot of the verifier's transaction, and builds the levels above from the roots.

The parallel form only says "this range holds": the first fault of any kind makes the range
fail, and the verifier then runs the sequential form, which names every bad entry and tile.
Nothing here touches Django's ORM, so a worker starts with psycopg and hashlib alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openenforce.ledger import merkle
from openenforce.ledger.binary import binary_cursor

TILE_WIDTH = 256  # as ledger.models.TILE_WIDTH (C2SP tlog-tiles, height 8)

ENTRY_SQL = (
    "SELECT sequence, body, leaf_hash, agency_id, actor_id, event_type, subject_kind,"
    " subject_id FROM ledger_entry WHERE sequence >= %s AND sequence < %s ORDER BY sequence"
)
_TILES_SQL = (
    'SELECT "index", hashes, root FROM ledger_tile'
    ' WHERE level = 0 AND "index" >= %s AND "index" < %s ORDER BY "index"'
)


def seq_tag(sequence: int) -> bytes:
    return b'"seq":%d,' % sequence


class Columns:
    """Checks that an entry's indexed columns say what its (hashed) body says.

    The body is canonical JSON written by ``services._envelope``: keys sorted, each of
    these fields followed by a comma, and no string can hold an unescaped quote, so a
    byte search for ``"key":value,`` is exact; actor and agency are the first two keys.
    """

    def __init__(self) -> None:
        self.strings: dict[str, bytes] = {}
        self.patterns: dict[tuple[Any, ...], tuple[bytes, bytes, bytes]] = {}

    def js(self, value: str) -> bytes:
        encoded = self.strings.get(value)
        if encoded is None:
            encoded = json.dumps(value, ensure_ascii=False).encode()
            if len(self.strings) < 100000:
                self.strings[value] = encoded
        return encoded

    def mismatches(self, bodies: Sequence[bytes], keys: Iterable[tuple[Any, ...]]) -> list[int]:
        """Indexes of bodies whose (agency, actor, type, kind, id) columns they do not say."""
        get = self.patterns.get
        patterns = [get(key) or self.make(key) for key in keys]
        return [
            i
            for i, (body, (a, b, c)) in enumerate(zip(bodies, patterns, strict=True))
            if not (body.startswith(a, 1) and b in body and c in body)
        ]

    def make(self, key: tuple[Any, ...]) -> tuple[bytes, bytes, bytes]:
        agency, actor, event_type, kind, subject_id = key
        patterns = (
            b'"actor":%s,"agency":%s,' % (_number(actor), _number(agency)),
            b'"subject":{"id":%s,"kind":%s},' % (self.js(subject_id), self.js(kind)),
            b'"type":%s,' % self.js(event_type),
        )
        if len(self.patterns) < 200000:
            self.patterns[key] = patterns
        return patterns


def _number(value: int | None) -> bytes:
    return b"null" if value is None else b"%d" % value


def entries_hold(
    start: int,
    sequences: Sequence[int],
    bodies: Sequence[bytes],
    leaves: Sequence[bytes],
    computed: list[bytes],
) -> bool:
    """Whether a chunk's entries are numbered from ``start`` without a gap, each body hashes
    to its stored leaf (``computed``) and names its own sequence number; the first two are
    list comparisons in C."""
    return (
        sequences == tuple(range(start, start + len(sequences)))
        and list(leaves) == computed
        and all(b'"seq":%d,' % seq in body for seq, body in zip(sequences, bodies, strict=True))
    )


# --- one range, in a worker -----------------------------------------------------------------


@dataclass
class RangeResult:
    """What the verifier needs of a range ``[start, end)``: whether every check held, the
    roots of its full tiles, and the leaves it asked for (of partial tiles)."""

    start: int
    end: int
    holds: bool
    roots: list[bytes] = field(default_factory=list)
    partial: dict[int, list[bytes]] = field(default_factory=dict)  # size -> leaves of its tile


@dataclass(frozen=True)
class RangeJob:
    start: int  # a multiple of TILE_WIDTH
    end: int  # a multiple of TILE_WIDTH, or the log's size
    covered: int  # entries the signed checkpoints cover: their tiles must be stored
    sizes: tuple[int, ...]  # checkpoint sizes in (start, end] that end inside a tile
    algorithm: str


def scan_range(connection: Any, job: RangeJob) -> RangeResult:
    """Every entry-level check of ``[job.start, job.end)`` on a psycopg connection."""
    h = merkle.hash_function(job.algorithm)
    failed = RangeResult(job.start, job.end, holds=False)
    with binary_cursor(connection) as cursor:
        cursor.execute(ENTRY_SQL, [job.start, job.end])
        rows = cursor.fetchall()
        if len(rows) != job.end - job.start:
            return failed
        sequences, bodies, leaves, *index_columns = zip(*rows, strict=True)
        computed = merkle.leaf_hashes(bodies, h)
        if not entries_hold(job.start, sequences, bodies, leaves, computed) or Columns().mismatches(
            bodies, zip(*index_columns, strict=True)
        ):
            return failed
        first = job.start // TILE_WIDTH
        cursor.execute(_TILES_SQL, [first, first + len(rows) // TILE_WIDTH])
        stored = {index: (hashes, root) for index, hashes, root in cursor.fetchall()}
    result = RangeResult(job.start, job.end, holds=True)
    for offset in range(0, len(computed) - TILE_WIDTH + 1, TILE_WIDTH):
        hashes = computed[offset : offset + TILE_WIDTH]
        root = merkle.root_of(hashes, h)
        index = first + offset // TILE_WIDTH
        tile = stored.get(index)
        if tile is None:
            if (index + 1) * TILE_WIDTH <= job.covered:  # signing integrates first
                return failed
        elif tile[0] != b"".join(hashes) or tile[1] != root:
            return failed
        result.roots.append(root)
    for size in job.sizes:
        tile_start = (size - 1) // TILE_WIDTH * TILE_WIDTH
        result.partial[size] = computed[tile_start - job.start : size - job.start]
    if job.end % TILE_WIDTH:  # the log's last, partial tile
        tile_start = job.end // TILE_WIDTH * TILE_WIDTH
        result.partial[job.end] = computed[tile_start - job.start :]
    return result


_worker: dict[str, Any] = {}


def start_worker(params: dict[str, Any], snapshot: str | None) -> None:
    """A worker's initializer: one read-only connection, in the verifier's snapshot."""
    import psycopg
    from psycopg import sql

    connection = psycopg.connect(**params)
    connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    if snapshot is not None:
        connection.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
    _worker["connection"] = connection


def run_job(job: RangeJob) -> RangeResult:
    return scan_range(_worker["connection"], job)
