"""REST endpoints of the record: the latest checkpoint and RFC 9162 proofs (public).

Proofs reveal only hashes, so they need no login (``auth=None`` overrides the API's
token/session authentication). Hashes are base64, as in the checkpoint.
"""

from __future__ import annotations

import base64

from django.utils.translation import gettext as _
from ninja import Router, Schema

from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import InvalidInput, NotFound
from openenforce.ledger.services import latest_checkpoint
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
    """The latest signed checkpoint (C2SP tlog-checkpoint signed note)."""
    head = latest_checkpoint()
    if head is None:
        raise NotFound(_("No checkpoint has been signed yet."), code="no_checkpoint")
    return {"size": head.size, "root": _b64(bytes(head.root)), "note": head.note}


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
