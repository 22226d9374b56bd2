"""Merkle tree hashing and proofs per RFC 9162 §2.1, independent of storage.

The hash function is the configured profile (SHA-256 by default, SM3 per GB/T 32905 as an
option). Functions that need node hashes take a ``range_hash(start, end)`` callable so that
proofs can be computed from tiles, from memory or from anything else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.conf import settings

HashFn = Callable[[bytes], bytes]
RangeHash = Callable[[int, int], bytes]

PROFILES = ("sha256", "sm3")


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


_FUNCTIONS: dict[str, HashFn] = {"sha256": _sha256, "sm3": _sm3}


def profile() -> str:
    """The configured hash profile; one log keeps one profile for its whole life."""
    name = settings.OPENENFORCE_LEDGER_HASH.lower()
    if name not in _FUNCTIONS:
        raise ValueError(f"OPENENFORCE_LEDGER_HASH must be one of {PROFILES}, not {name!r}")
    return name


def hash_function(name: str | None = None) -> HashFn:
    return _FUNCTIONS[name or profile()]


def leaf_hash(entry: bytes, h: HashFn | None = None) -> bytes:
    """RFC 9162: the hash of a leaf is H(0x00 || entry)."""
    return (h or hash_function())(b"\x00" + entry)


def leaf_hashes(entries: Sequence[bytes], h: HashFn | None = None) -> list[bytes]:
    """``leaf_hash`` of many entries; SHA-256 calls hashlib directly (verification's loop)."""
    h = h or hash_function()
    if h is _sha256:
        new = hashlib.sha256
        return [new(b"\x00" + entry).digest() for entry in entries]
    return [h(b"\x00" + entry) for entry in entries]


def node_hash(left: bytes, right: bytes, h: HashFn | None = None) -> bytes:
    """RFC 9162: the hash of an interior node is H(0x01 || left || right)."""
    return (h or hash_function())(b"\x01" + left + right)


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def pair_hashes(hashes: Sequence[bytes], h: HashFn) -> list[bytes]:
    """``node_hash`` of each adjacent pair (0–1, 2–3, …); a last, unpaired hash is left out."""
    if h is _sha256:  # hashlib directly: a third faster in verification's tight loop
        new = hashlib.sha256
        return [
            new(b"\x01" + left + right).digest()
            for left, right in zip(hashes[::2], hashes[1::2], strict=False)
        ]
    return [h(b"\x01" + hashes[i] + hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]


def root_of(hashes: Sequence[bytes], h: HashFn | None = None) -> bytes:
    """The Merkle tree hash of a list of leaf hashes (or of equal-height subtree hashes)."""
    h = h or hash_function()
    if not hashes:
        return h(b"")
    level = list(hashes)
    # Pairing adjacent nodes level by level gives the RFC 9162 tree: a left-over node at
    # the right edge is carried up unchanged, exactly as the recursive definition does.
    while len(level) > 1:
        paired = pair_hashes(level, h)
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(index: int, size: int, range_hash: RangeHash) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[0:size]), leaf-side first."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            path.append(range_hash(lo + k, hi))
            hi = lo + k
        else:
            path.append(range_hash(lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def consistency_proof(old: int, new: int, range_hash: RangeHash) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(old, D[0:new])."""
    if not 0 < old <= new:
        raise ValueError("sizes out of range")
    return _subproof(old, 0, new, True, range_hash)


def _subproof(m: int, lo: int, hi: int, complete: bool, range_hash: RangeHash) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [range_hash(lo, hi)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, lo, lo + k, complete, range_hash), range_hash(lo + k, hi)]
    return [*_subproof(m - k, lo + k, hi, False, range_hash), range_hash(lo, lo + k)]


def root_from_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], h: HashFn | None = None
) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root the path leads to, or None if the path is malformed."""
    h = h or hash_function()
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = h(b"\x01" + p + r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = h(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_consistency(
    old: int,
    new: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
    h: HashFn | None = None,
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show the tree of ``old`` is a prefix of ``new``?"""
    h = h or hash_function()
    if old == new:
        return old_root == new_root and not proof
    if not 0 < old < new or not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = h(b"\x01" + c + fr)
            sr = h(b"\x01" + c + sr)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            sr = h(b"\x01" + sr + c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
