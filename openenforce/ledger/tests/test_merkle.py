"""RFC 9162 hashing and proofs, against a from-scratch recursive reference."""

import hashlib

import pytest

from openenforce.ledger import merkle


def reference_root(leaves: list[bytes], h) -> bytes:
    """MTH exactly as RFC 9162 §2.1.1 writes it (recursive, on leaf hashes)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return h(b"\x01" + reference_root(leaves[:k], h) + reference_root(leaves[k:], h))


def leaves(n: int, h) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode(), h) for i in range(n)]


def range_hash_for(items: list[bytes], h):
    return lambda lo, hi: reference_root(items[lo:hi], h)


def test_empty_tree_is_hash_of_empty_string(profile):
    h = merkle.hash_function()
    assert merkle.root_of([], h) == h(b"")


def test_sm3_is_the_gb_t_32905_function(settings):
    settings.OPENENFORCE_LEDGER_HASH = "sm3"
    # GB/T 32905-2016 Appendix A example 1: SM3("abc").
    assert merkle.hash_function()(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_unknown_profile_is_refused(settings):
    settings.OPENENFORCE_LEDGER_HASH = "md5"
    with pytest.raises(ValueError, match="OPENENFORCE_LEDGER_HASH"):
        merkle.hash_function()


def test_leaf_and_node_prefixes_follow_rfc_9162(settings):
    settings.OPENENFORCE_LEDGER_HASH = "sha256"
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()


def test_roots_match_the_recursive_definition(profile):
    h = merkle.hash_function()
    for n in range(1, 70):
        assert merkle.root_of(leaves(n, h), h) == reference_root(leaves(n, h), h), n


def test_every_inclusion_proof_verifies_and_a_changed_one_does_not(profile):
    h = merkle.hash_function()
    for n in range(1, 34):
        items = leaves(n, h)
        root = reference_root(items, h)
        for i in range(n):
            path = merkle.inclusion_proof(i, n, range_hash_for(items, h))
            assert merkle.root_from_inclusion(i, n, items[i], path, h) == root
            if path:
                bad = [path[0][:-1] + bytes([path[0][-1] ^ 1]), *path[1:]]
                assert merkle.root_from_inclusion(i, n, items[i], bad, h) != root


def test_every_consistency_proof_verifies_and_a_wrong_root_does_not(profile):
    h = merkle.hash_function()
    items = leaves(33, h)
    for new in range(1, 34):
        for old in range(1, new + 1):
            proof = merkle.consistency_proof(old, new, range_hash_for(items, h))
            old_root, new_root = reference_root(items[:old], h), reference_root(items[:new], h)
            assert merkle.verify_consistency(old, new, old_root, new_root, proof, h)
            if old < new:
                assert not merkle.verify_consistency(old, new, new_root, new_root, proof, h)


def test_proofs_refuse_sizes_out_of_range():
    with pytest.raises(ValueError, match="index out of range"):
        merkle.inclusion_proof(3, 3, lambda lo, hi: b"")
    with pytest.raises(ValueError, match="sizes out of range"):
        merkle.consistency_proof(4, 3, lambda lo, hi: b"")


def test_leaf_hashes_in_bulk_equal_one_by_one(profile):
    h = merkle.hash_function()
    entries = [f"entry {i}".encode() for i in range(5)]
    assert merkle.leaf_hashes(entries, h) == [merkle.leaf_hash(e, h) for e in entries]


def test_the_verifiers_tree_builder_extends_in_slices_as_it_adds_one_by_one(profile):
    from openenforce.ledger.verify import TreeBuilder

    h = merkle.hash_function()
    hashes = leaves(700, h)
    seen: dict[str, list] = {"add": [], "extend": []}
    one = TreeBuilder(h, lambda *tile: seen["add"].append(tile))
    for leaf in hashes:
        one.add(leaf)
    sliced = TreeBuilder(h, lambda *tile: seen["extend"].append(tile))
    for start, end in ((0, 3), (3, 300), (300, 512), (512, 700)):
        sliced.extend(hashes[start:end])
    assert seen["add"] == seen["extend"] and len(seen["add"]) == 2  # two full level-0 tiles
    assert sliced.root() == one.root() == reference_root(hashes, h)
