"""Serving the record: the public C2SP tlog-tiles endpoints.

The public gets checkpoints, verifier key and hash tiles (no login, cacheable as the
tlog-tiles spec says: tiles are immutable, the checkpoint changes). Entry bundles reveal
case activity and mix agencies, so only a reader of every agency (``ledger.access``:
superusers, or a scope registered by accounts that covers every agency) fetches them;
an agency's own readers use ``GET /api/v1/ledger/entries`` (entries with proofs). The staff timeline is the workbench's
(``openenforce.workbench.record_views``), mounted under the same /transparency/ prefix.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from openenforce.core.params import ascii_int
from openenforce.ledger import notes
from openenforce.ledger.access import may_read_entries
from openenforce.ledger.export import entry_bundle
from openenforce.ledger.models import TILE_WIDTH
from openenforce.ledger.services import latest_checkpoint, served_note
from openenforce.ledger.tiles import TileStore, parse_index

IMMUTABLE = "public, max-age=31536000, immutable"
MAX_LEVEL = 8  # 256**8 leaves: far beyond any log


def _text(body: str, cache: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = cache
    return response


@require_GET
@login_not_required
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint, with the witnesses' cosignature lines once they have
    cosigned it; short-lived in caches since it changes each second."""
    head = latest_checkpoint()
    if head is None:
        raise Http404
    return _text(served_note(head), "public, max-age=1")


@require_GET
@login_not_required
def vkey(request: HttpRequest) -> HttpResponse:
    return _text(notes.vkey() + "\n", "public, max-age=86400")


def _parse(rest: str) -> tuple[int, int]:
    """(index, width) from ``x001/234[.p/W]``; Http404 when not a canonical tile path."""
    path, _sep, width = rest.partition(".p/")
    try:
        index = parse_index(path)
        size = int(width) if width else TILE_WIDTH
    except ValueError as exc:
        raise Http404 from exc
    if not 0 < size <= TILE_WIDTH or (width and (size == TILE_WIDTH or str(size) != width)):
        raise Http404
    return index, size


def _available(level: int, index: int, width: int) -> bool:
    """Only tiles inside the latest signed checkpoint are served."""
    head = latest_checkpoint()
    count = head.size // TILE_WIDTH**level if head else 0
    return index * TILE_WIDTH + width <= count


@require_GET
@login_not_required
def tile(request: HttpRequest, level: str, rest: str) -> HttpResponse:
    """``tile/<L>/<N>[.p/<W>]``: the hashes, 32 bytes each, concatenated."""
    number = ascii_int(level, maximum=MAX_LEVEL)
    if number is None or str(number) != level:
        raise Http404
    index, width = _parse(rest)
    if not _available(number, index, width):
        raise Http404
    hashes = TileStore(shared=True).tile(number, index, width)
    response = HttpResponse(b"".join(hashes), content_type="application/octet-stream")
    response["Cache-Control"] = IMMUTABLE
    return response


@require_GET
def entries(request: HttpRequest, rest: str) -> HttpResponse:
    """``tile/entries/<N>[.p/<W>]``: the entries, each a big-endian uint16 length + bytes.
    A bundle holds whichever agencies' entries fell into its 256 leaves and cannot be
    filtered (the tiles hash its exact bytes), so only a platform-wide reader gets it."""
    if not may_read_entries(request.user):
        raise PermissionDenied
    index, width = _parse(rest)
    if not _available(0, index, width):
        raise Http404
    response = HttpResponse(entry_bundle(index, width), content_type="application/octet-stream")
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
