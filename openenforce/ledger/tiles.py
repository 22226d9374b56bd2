"""The tree stored as C2SP tlog-tiles (height 8), and proofs computed from it.

A tile at level ``L`` holds up to 256 hashes of complete subtrees of 256**L leaves.
Full tiles are stored once (``Tile``, with their root, which is the next level's hash);
partial tiles are derived on request: level 0 from the entries' leaf hashes, level L
from the roots of the full tiles at level L-1. Integration is idempotent, so it can
always resume after a crash: the tiles are a pure function of the entries.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

from django.db import connection

from openenforce.ledger import merkle
from openenforce.ledger.binary import binary_cursor
from openenforce.ledger.models import TILE_WIDTH, Entry, Tile

HEIGHT = 8


def tile_path(level: int | str, index: int, width: int = TILE_WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]`` with N in the x001/x234/067 form of C2SP tlog-tiles."""
    digits = f"{index:03d}"
    digits = "0" * (-len(digits) % 3) + digits
    parts = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    path = "/".join([*(f"x{p}" for p in parts[:-1]), parts[-1]])
    suffix = f".p/{width}" if width < TILE_WIDTH else ""
    return f"tile/{level}/{path}{suffix}"


def parse_index(path: str) -> int:
    """The inverse of the N part of ``tile_path``; ValueError if not canonical."""
    parts = path.split("/")
    if any(not p.startswith("x") or len(p) != 4 for p in parts[:-1]) or len(parts[-1]) != 3:
        raise ValueError("not a tile index")
    digits = "".join(p[1:] for p in parts[:-1]) + parts[-1]
    if not (digits.isascii() and digits.isdigit()) or tile_path(0, int(digits)) != f"tile/0/{path}":
        raise ValueError("not a canonical tile index")
    return int(digits)


_V = TypeVar("_V")


class _SharedTiles(Generic[_V]):
    """Tiles for serving, shared by the requests of one process. A tile's content for a
    given width never changes (that is what makes tiles cacheable), so it is keyed by
    (profile, level, index, width) and only evicted to bound memory."""

    def __init__(self, capacity: int = 4096) -> None:  # 32 MB of full tiles
        self.capacity = capacity
        self.items: OrderedDict[tuple[Any, ...], _V] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> _V | None:
        hashes = self.items.get(key)
        if hashes is not None:
            self.items.move_to_end(key)
        return hashes

    def put(self, key: tuple[Any, ...], hashes: _V) -> None:
        self.items[key] = hashes
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)


SHARED: _SharedTiles[list[bytes]] = _SharedTiles()
SHARED_SUBTREES: _SharedTiles[list[list[bytes]]] = _SharedTiles(
    capacity=512
)  # subtrees of tiles, 16 KiB each


def clear_shared() -> None:
    """Forget the process-wide caches (tests build a different log each)."""
    SHARED.items.clear()
    SHARED_SUBTREES.items.clear()


class TileStore:
    """Reads level hashes from the database, caching per instance.

    ``shared=True`` (serving proofs and tiles) also uses the process-wide cache of
    immutable tiles; the signer and the verifier never do: they must read the tables.
    """

    def __init__(self, h: merkle.HashFn | None = None, *, shared: bool = False) -> None:
        self.h = h or merkle.hash_function()
        self.shared = SHARED if shared else None
        self._cache: dict[tuple[int, int], list[bytes]] = {}
        self._built: dict[tuple[Any, ...], list[list[bytes]]] = {}

    def tile(self, level: int, index: int, width: int = TILE_WIDTH) -> list[bytes]:
        """The hashes of tile (level, index) truncated to ``width``; fewer if missing."""
        key = (level, index)
        hashes = self._cache.get(key)
        if hashes is None or len(hashes) < min(width, TILE_WIDTH):
            hashes = self._shared_load(level, index, width)
            self._cache[key] = hashes
        return hashes[:width]

    def _shared_load(self, level: int, index: int, width: int) -> list[bytes]:
        if self.shared is None:
            return self._load(level, index)
        key = (merkle.profile(), level, index, width)
        hashes = self.shared.get(key) or self.shared.get(key[:3] + (TILE_WIDTH,))
        if hashes is None:
            hashes = self._load(level, index)
            if len(hashes) >= width:  # complete for this width: immutable from now on
                self.shared.put(key[:3] + (len(hashes),), hashes)
        return hashes

    def _load(self, level: int, index: int) -> list[bytes]:
        row = Tile.objects.filter(level=level, index=index).values_list("hashes", flat=True)
        stored = next(iter(row), None)
        if stored is not None:
            data = bytes(stored)
            return [data[i : i + 32] for i in range(0, len(data), 32)]
        start = index * TILE_WIDTH
        if level == 0:
            rows = Entry.objects.filter(sequence__gte=start, sequence__lt=start + TILE_WIDTH)
            return [bytes(h) for h in rows.order_by("sequence").values_list("leaf_hash", flat=True)]
        return self.roots(level - 1, start, start + TILE_WIDTH)

    def roots(self, level: int, start: int, end: int) -> list[bytes]:
        """Roots of the full tiles start..end-1 at ``level``, computing any not stored."""
        rows = Tile.objects.filter(level=level, index__gte=start, index__lt=end)
        found = {i: bytes(r) for i, r in rows.values_list("index", "root")}
        result = []
        for i in range(start, end):
            if i not in found:
                hashes = self.tile(level, i)
                if len(hashes) < TILE_WIDTH:
                    break
                found[i] = merkle.root_of(hashes, self.h)
            result.append(found[i])
        return result

    def level_hashes(self, level: int, start: int, count: int) -> list[bytes]:
        """``count`` hashes at ``level`` from ``start``, all inside one tile."""
        index, offset = divmod(start, TILE_WIDTH)
        hashes = self.tile(level, index, offset + count)[offset:]
        if len(hashes) != count:
            raise LookupError(f"level {level} hashes {start}+{count} are not in the log")
        return hashes

    def node(self, height: int, index: int) -> bytes:
        """The hash of the complete subtree of 2**height leaves number ``index``: one of
        the subtrees of the tile it lies in."""
        level, rest = divmod(height, HEIGHT)
        tile, offset = divmod(index << rest, TILE_WIDTH)
        return self._subtrees(level, tile, offset + (1 << rest))[rest][offset >> rest]

    def _subtrees(self, level: int, index: int, width: int) -> list[list[bytes]]:
        """The complete subtrees inside a tile's first ``width`` hashes, by height: [the
        hashes, their pairs' hashes, …]. A proof's siblings inside one tile are subtrees
        of one tile, so they are hashed once per tile, level by level, not one by one."""
        hashes = self.tile(level, index, width)
        hashes = self._cache.get((level, index), hashes)  # all of it that was read
        if len(hashes) < width:
            raise LookupError(
                f"level {level} hashes up to {index * TILE_WIDTH + width} are not in the log"
            )
        # A serving store shares them: every proof passes through the tiles above level 0
        # and the right edge's. A tile's first hashes never change, so the subtrees built
        # from more of them serve any narrower width too.
        key = (merkle.profile(), level, index)
        shared = self.shared is not None
        built = (SHARED_SUBTREES.get(key) if shared else None) or self._built.get(key)
        if built is None or len(built[0]) < width:
            built = [hashes]
            while len(built[-1]) > 1:
                built.append(merkle.pair_hashes(built[-1], self.h))
            self._built[key] = built
            if shared:
                SHARED_SUBTREES.put(key, built)
        return built

    def range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves start..end-1, from the largest complete subtrees available."""
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self.node(n.bit_length() - 1, start // n)
        k = merkle.split_point(n)
        return merkle.node_hash(
            self.range_hash(start, start + k), self.range_hash(start + k, end), self.h
        )

    def root(self, size: int) -> bytes:
        return self.h(b"") if size == 0 else self.range_hash(0, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        self.prefetch(index, size)
        return merkle.inclusion_proof(index, size, self.range_hash)

    def _prefetch_edge(self, level: int, index: int, width: int) -> None:
        """The partial tile at the tree's right edge, shared while the size stays."""
        if not width or self.shared is None or (level, index) in self._cache:
            return
        key = (merkle.profile(), level, index, width)
        hashes = self.shared.get(key)
        if hashes is None:
            hashes = self._load(level, index)[:width]
            if len(hashes) < width:
                return
            self.shared.put(key, hashes)
        self._cache[(level, index)] = hashes

    def prefetch(self, index: int, size: int) -> None:
        """Read in one query the full tiles a proof for ``index`` in ``size`` needs: per
        level, the tile on the leaf's path (siblings below a tile's top share its tile)."""
        wanted = []
        level = 0
        while size >> (HEIGHT * level):
            tile = (index >> (HEIGHT * level)) // TILE_WIDTH
            full = (size >> (HEIGHT * level)) // TILE_WIDTH
            self._prefetch_edge(level, full, (size >> (HEIGHT * level)) % TILE_WIDTH)
            if tile < full and (level, tile) not in self._cache:
                cached = (
                    self.shared.get((merkle.profile(), level, tile, TILE_WIDTH))
                    if self.shared
                    else None
                )
                if cached is None:
                    wanted.append((level, tile))
                else:
                    self._cache[(level, tile)] = cached
            level += 1
        if wanted:
            for row in _tiles_at(wanted):
                data = bytes(row[2])
                hashes = [data[i : i + 32] for i in range(0, len(data), 32)]
                self._cache[(row[0], row[1])] = hashes
                if self.shared is not None:
                    self.shared.put((merkle.profile(), row[0], row[1], TILE_WIDTH), hashes)

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        return merkle.consistency_proof(old, new, self.range_hash)


def _tiles_at(keys: list[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """(level, index, hashes) of the stored tiles at ``keys``, in one plain query: a proof
    is a few of them, and building the ORM's query cost a third of the proof's time. On
    PostgreSQL the hashes come in binary, not as 16 KiB of hex text per tile."""
    table = connection.ops.quote_name(Tile._meta.db_table)
    match = " OR ".join(['(level = %s AND "index" = %s)'] * len(keys))
    sql = f'SELECT level, "index", hashes FROM {table} WHERE {match}'  # noqa: S608 - placeholders
    params = [n for key in keys for n in key]
    with binary_cursor(connection) if vendor_is_postgres() else connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def log_size() -> int:
    last = Entry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return 0 if last is None else last + 1


def integrate(size: int | None = None, h: merkle.HashFn | None = None) -> int:
    """Store every full tile the first ``size`` entries complete; returns tiles written.

    Callers serialise integration (the signer holds the head row's lock); it resumes
    from whatever tiles exist, so a crash in the middle loses nothing.
    """
    size = log_size() if size is None else size
    store = TileStore(h)
    written, level, span = 0, 0, TILE_WIDTH
    while size >= span:
        have = Tile.objects.filter(level=level).count()
        for first in range(have, size // span, _BATCH):
            last = min(first + _BATCH, size // span)
            tiles = _level_tiles(store, level, first, last)
            Tile.objects.bulk_create(tiles, batch_size=500)
            written += len(tiles)
        level, span = level + 1, span * TILE_WIDTH
    return written


_BATCH = 64  # tiles per query while integrating


def _level_tiles(store: TileStore, level: int, first: int, last: int) -> list[Tile]:
    """Full tiles first..last-1 at ``level``, reading their hashes in one query."""
    if level == 0:
        rows = Entry.objects.filter(
            sequence__gte=first * TILE_WIDTH, sequence__lt=last * TILE_WIDTH
        ).order_by("sequence")
        flat = [bytes(h) for h in rows.values_list("leaf_hash", flat=True)]
    else:
        flat = store.roots(level - 1, first * TILE_WIDTH, last * TILE_WIDTH)
    tiles = []
    for index in range(first, last):
        offset = (index - first) * TILE_WIDTH
        hashes = flat[offset : offset + TILE_WIDTH]
        if len(hashes) < TILE_WIDTH:
            raise LookupError(f"entries missing under tile/{level}/{index}")
        root = merkle.root_of(hashes, store.h)
        tiles.append(Tile(level=level, index=index, hashes=b"".join(hashes), root=root))
    return tiles


def vendor_is_postgres() -> bool:
    return connection.vendor == "postgresql"
