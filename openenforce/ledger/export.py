"""Write the log in the C2SP static layout: checkpoint, vkey, tiles and entry bundles.

Anyone can then serve the directory with a plain web server, or verify it offline with
``openenforce ledger verify --dir DIR`` or with independent tlog-tiles tools.
"""

from __future__ import annotations

from pathlib import Path

from openenforce.ledger import notes
from openenforce.ledger.models import TILE_WIDTH, Entry, Head
from openenforce.ledger.tiles import TileStore, tile_path


def bundle(bodies: list[bytes]) -> bytes:
    """An entry bundle: each entry as a big-endian uint16 length and its bytes."""
    return b"".join(len(body).to_bytes(2, "big") + body for body in bodies)


def entry_bundle(index: int, width: int) -> bytes:
    start = index * TILE_WIDTH
    rows = Entry.objects.filter(sequence__gte=start, sequence__lt=start + width)
    return bundle([bytes(b) for b in rows.order_by("sequence").values_list("body", flat=True)])


def tile_widths(size: int, level: int) -> list[tuple[int, int]]:
    """(index, width) of every tile at ``level`` in a tree of ``size``: full, then partial."""
    count = size // TILE_WIDTH**level
    full, partial = divmod(count, TILE_WIDTH)
    return [(i, TILE_WIDTH) for i in range(full)] + ([(full, partial)] if partial else [])


def export(directory: Path) -> int:
    """Export the log up to the latest signed checkpoint; returns its size."""
    head = Head.objects.filter(pk=1).exclude(note="").first()
    if head is None:
        raise LookupError("no signed checkpoint yet")
    directory = Path(directory)
    store = TileStore()
    _write(directory / "checkpoint", head.note.encode())
    _write(directory / "vkey", (notes.vkey() + "\n").encode())
    level = 0
    while head.size // TILE_WIDTH**level:
        for index, width in tile_widths(head.size, level):
            _write(
                directory / tile_path(level, index, width),
                b"".join(store.tile(level, index, width)),
            )
        level += 1
    for index, width in tile_widths(head.size, 0):
        _write(directory / tile_path("entries", index, width), entry_bundle(index, width))
    return head.size


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
