"""REST endpoints of the record: the latest checkpoint and RFC 9162 proofs (public), and
an agency's own entries with their inclusion proofs (staff with an entry scope).

Proofs reveal only hashes, so they need no login (``auth=None`` overrides the API's
token/session authentication). Entries reveal case activity: ``/entries`` lists only
those of the agencies ``ledger.access`` admits the caller to. Hashes are base64, as in
the checkpoint.
"""

from __future__ import annotations

import base64

from django.utils.translation import gettext as _
from ninja import Router, Schema

from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted
from openenforce.ledger.access import entry_agencies
from openenforce.ledger.models import Entry
from openenforce.ledger.services import latest_checkpoint, served_note
from openenforce.ledger.tiles import TileStore

router = Router(tags=["record"])


class CheckpointOut(Schema):
    size: int
    root: str
    note: str


class InclusionOut(Schema):
    index: int
    size: int
    leaf_hash: str
    proof: list[str]


class ProvenEntryOut(Schema):
    index: int
    entry: str  # base64 of the entry's exact bytes (canonical JSON, RFC 8785)
    leaf_hash: str
    proof: list[str]


class EntriesOut(Schema):
    size: int
    root: str
    entries: list[ProvenEntryOut]
    next_after: int | None


class ConsistencyOut(Schema):
    first: int
    second: int
    proof: list[str]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _signed_size() -> int:
    head = latest_checkpoint()
    if head is None:
        raise NotFound(_("No checkpoint has been signed yet."), code="no_checkpoint")
    return head.size


def _check_sizes(low: int, high: int, signed: int, *, strict: bool) -> None:
    if low < 0 or high > signed or (low >= high if strict else low > high) or high == 0:
        raise InvalidInput(
            _("Sizes must satisfy 0 ≤ i < n ≤ %(signed)s (the latest checkpoint's size).")
            % {"signed": signed},
            code="bad_tree_size",
        )


@router.get(
    "/checkpoint",
    response={200: CheckpointOut, **ERRORS},
    auth=None,
    operation_id="ledger_checkpoint",
)
def checkpoint(request):
    """The latest signed checkpoint (C2SP tlog-checkpoint signed note), with the witnesses'
    cosignature lines once they have cosigned it."""
    head = latest_checkpoint()
    if head is None:
        raise NotFound(_("No checkpoint has been signed yet."), code="no_checkpoint")
    return {"size": head.size, "root": _b64(bytes(head.root)), "note": served_note(head)}


@router.get(
    "/proof/inclusion",
    response={200: InclusionOut, **ERRORS},
    auth=None,
    operation_id="ledger_inclusion_proof",
)
def inclusion(request, index: int, size: int | None = None):
    """Inclusion proof of entry ``index`` in the tree of ``size`` (RFC 9162 §2.1.3)."""
    signed = _signed_size()
    size = signed if size is None else size
    _check_sizes(index, size, signed, strict=True)
    store = TileStore(shared=True)
    leaf = store.level_hashes(0, index, 1)[0]
    path = store.inclusion_proof(index, size)
    return {"index": index, "size": size, "leaf_hash": _b64(leaf), "proof": [_b64(p) for p in path]}


@router.get(
    "/proof/consistency",
    response={200: ConsistencyOut, **ERRORS},
    auth=None,
    operation_id="ledger_consistency_proof",
)
def consistency(request, first: int, second: int | None = None):
    """Consistency proof from the tree of ``first`` to that of ``second`` (RFC 9162 §2.1.4)."""
    signed = _signed_size()
    second = signed if second is None else second
    _check_sizes(first, second, signed, strict=False)
    if first == 0:
        raise InvalidInput(_("The first size must be at least 1."), code="bad_tree_size")
    proof = TileStore(shared=True).consistency_proof(first, second)
    return {"first": first, "second": second, "proof": [_b64(p) for p in proof]}


MAX_ENTRIES = 500


@router.get(
    "/entries",
    response={200: EntriesOut, **ERRORS},
    operation_id="ledger_agency_entries",
)
def agency_entries(request, after: int = -1, limit: int = 100):
    """The entries of the agencies the caller may read (administrators: their agency;
    supervisors: also the agencies they supervise), in sequence order after ``after``, each
    with its inclusion proof (RFC 9162 §2.1.3) in the tree of the latest checkpoint
    (``size``, ``root``). Full entry bundles (``/transparency/tile/entries/…``) are only
    for a reader of every agency; everyone else checks their own entries this way."""
    agencies = entry_agencies(request.auth)
    if agencies is not None and not agencies:
        raise NotPermitted(
            _("Your role does not allow reading the record's entries."), code="entries_scope"
        )
    if not 1 <= limit <= MAX_ENTRIES:
        raise InvalidInput(
            _("The limit must be between 1 and %(max)s.") % {"max": MAX_ENTRIES},
            code="bad_limit",
        )
    head = latest_checkpoint()
    if head is None:
        raise NotFound(_("No checkpoint has been signed yet."), code="no_checkpoint")
    after = max(-1, min(after, head.size))  # any integer: never out of the column's range
    rows = Entry.objects.filter(sequence__gt=after, sequence__lt=head.size)
    if agencies is not None:
        rows = rows.filter(agency_id__in=agencies)
    page = list(rows.order_by("sequence").values_list("sequence", "body", "leaf_hash")[:limit])
    store = TileStore(shared=True)
    entries = [
        {
            "index": sequence,
            "entry": _b64(bytes(body)),
            "leaf_hash": _b64(bytes(leaf)),
            "proof": [_b64(p) for p in store.inclusion_proof(sequence, head.size)],
        }
        for sequence, body, leaf in page
    ]
    more = len(page) == limit and rows.filter(sequence__gt=page[-1][0]).exists()
    return {
        "size": head.size,
        "root": _b64(bytes(head.root)),
        "entries": entries,
        "next_after": page[-1][0] if more else None,
    }
