"""The public tlog-tiles endpoints, the staff-only entry bundles, timeline and API."""

import base64
import hashlib

import pytest
from django.db import transaction
from django.test import Client
from pymerkle import InmemoryTree

from openenforce.ledger import merkle, services
from openenforce.ledger.export import tile_widths
from openenforce.ledger.models import Entry
from openenforce.ledger.tiles import tile_path
from openenforce.ledger.verify import parse_bundle


@pytest.fixture
def log(signed, system_actor, agency):
    with transaction.atomic():
        services.record_bulk(actor=system_actor, events=[("test.bulk", agency)] * 530)
    services.publish_checkpoint()
    return signed


def independent_root(hashes: list[bytes], h) -> bytes:
    """RFC 9162 §2.1.1 MTH over leaf hashes, written here from scratch."""
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return h(b"\x01" + independent_root(hashes[:k], h) + independent_root(hashes[k:], h))


def test_anyone_can_recompute_the_checkpoint_root_from_public_tiles(profile, log):
    anonymous = Client()
    note = anonymous.get("/transparency/checkpoint").content.decode()
    vkey = anonymous.get("/transparency/vkey").content.decode().strip()
    body, signature = note.split("\n\n")
    origin, size, root = body.split("\n")
    # The signature, checked with nothing but the vkey text and the Ed25519 primitive.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    name, key_hash, key = vkey.split("+", 2)
    raw = base64.b64decode(signature.split(" ")[2])
    assert name == origin and raw[:4].hex() == key_hash
    Ed25519PublicKey.from_public_bytes(base64.b64decode(key)[1:]).verify(
        raw[4:], (body + "\n").encode()
    )
    # The root, from the level-0 hash tiles only.
    leaves = []
    for index, width in tile_widths(int(size), 0):
        tile = anonymous.get("/transparency/" + tile_path(0, index, width)).content
        leaves += [tile[i : i + 32] for i in range(0, len(tile), 32)]
    h = (
        (lambda d: hashlib.sha256(d).digest())
        if profile == "sha256"
        else (lambda d: hashlib.new("sm3", d).digest())
    )
    assert len(leaves) == int(size) and independent_root(leaves, h) == base64.b64decode(root)


def test_pymerkle_recomputes_the_root_from_the_entry_bundles(log, client_for, admin_user):
    if merkle.profile() != "sha256":
        pytest.skip("pymerkle 7 has no SM3; the from-scratch recomputation covers SM3")
    client = client_for(admin_user)
    checkpoint = Client().get("/transparency/checkpoint").content.decode()
    size = int(checkpoint.split("\n")[1])
    tree = InmemoryTree(algorithm="sha256")
    for index, width in tile_widths(size, 0):
        response = client.get("/transparency/" + tile_path("entries", index, width))
        for entry in parse_bundle(response.content):
            tree.append_entry(entry)
    assert tree.get_size() == size
    assert tree.get_root() == base64.b64decode(checkpoint.split("\n")[2])


def test_public_endpoints_are_cacheable_as_the_spec_says(log):
    anonymous = Client()
    checkpoint = anonymous.get("/transparency/checkpoint")
    assert checkpoint["Content-Type"] == "text/plain; charset=utf-8"
    assert "max-age=1" in checkpoint["Cache-Control"]
    full = anonymous.get("/transparency/tile/0/000")
    assert full.status_code == 200 and len(full.content) == 256 * 32
    assert "immutable" in full["Cache-Control"]
    size = Entry.objects.count()
    partial = anonymous.get(f"/transparency/tile/0/002.p/{size - 512}")
    assert len(partial.content) == (size - 512) * 32
    level1 = anonymous.get("/transparency/tile/1/000.p/2")
    assert level1.content == full_root(full.content) + full_root(
        anonymous.get("/transparency/tile/0/001").content
    )


def full_root(tile: bytes) -> bytes:
    hashes = [tile[i : i + 32] for i in range(0, len(tile), 32)]
    return independent_root(hashes, merkle.hash_function())


def test_tiles_outside_the_checkpoint_or_not_canonical_are_404(log):
    anonymous = Client()
    for path in (
        "tile/0/009",
        "tile/0/2",
        "tile/0/000.p/256",
        "tile/0/000.p/07",
        "tile/x/000",
        "tile/9/000",
    ):
        assert anonymous.get("/transparency/" + path).status_code == 404, path


def test_entry_bundles_are_for_readers_of_every_agency_only(
    log, client_for, admin_user, supervisor, officer
):
    # Here the justice bureau supervises the only other agency: its supervisor reads every
    # agency, the agency's administrator only its own (test_entry_access.py for more).
    url = "/transparency/tile/entries/000"
    assert client_for(admin_user).get(url).status_code == 403
    assert len(list(parse_bundle(client_for(supervisor).get(url).content))) == 256
    assert client_for(officer).get(url).status_code == 403
    client_for(officer).logout()
    assert Client().get(url).status_code == 302  # to the login page


def test_timeline_shows_verified_events_to_the_agency(log, client_for, officer):
    matter_field = log["field"]
    page = client_for(officer).get(
        f"/transparency/subject/catalog.enforcementfield/{matter_field.pk}/"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "catalog.enforcementfield.created" in text and "badge-ok" in text
    assert "已核验" in text  # zh-hans is the default language
    assert "执法领域 · 新建" in text  # the event in words, its code beside it
    assert "系统" in text and "System" not in text  # the fixtures' actor: the installation


def test_events_are_named_in_the_users_language():
    from django.utils import translation

    from openenforce.ledger.labels import event_label

    with translation.override("zh-hans"):
        assert event_label("catalog.officer.updated") == "执法人员 · 修改"
        assert event_label("documents.document.downloaded") == "执法文书 · 下载"
        assert event_label("ledger.personal_data.erased") == "删除个人信息"
    with translation.override("en"):
        assert event_label("catalog.officer.updated") == "officer · updated"
    assert event_label("nothing.known.here") == ""
    assert event_label("catalog.officer.made_up_verb") in {"执法人员", "officer"}


def test_timeline_of_another_agency_is_404(log, client_for, outsider):
    field = log["field"]
    page = client_for(outsider).get(f"/transparency/subject/catalog.enforcementfield/{field.pk}/")
    assert page.status_code == 404


def test_inclusion_proof_page_shows_the_path(log, client_for, officer):
    entry = Entry.objects.filter(subject_kind="catalog.enforcementfield").first()
    client = client_for(officer)
    page = client.get(f"/transparency/entry/{entry.sequence}/proof/", HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and "badge-ok" in page.content.decode()
    assert client.get("/transparency/entry/99999/proof/").status_code == 404


def test_inclusion_proof_page_is_404_outside_the_agency(log, client_for, outsider):
    entry = Entry.objects.filter(subject_kind="catalog.enforcementfield").first()
    assert (
        client_for(outsider).get(f"/transparency/entry/{entry.sequence}/proof/").status_code == 404
    )


def test_api_proofs_are_public_and_verify(log):
    anonymous = Client()
    head = anonymous.get("/api/v1/ledger/checkpoint").json()
    proof = anonymous.get("/api/v1/ledger/proof/inclusion", {"index": 300}).json()
    path = [base64.b64decode(p) for p in proof["proof"]]
    leaf = base64.b64decode(proof["leaf_hash"])
    root = merkle.root_from_inclusion(300, head["size"], leaf, path)
    assert base64.b64encode(root).decode() == head["root"]
    consistency = anonymous.get("/api/v1/ledger/proof/consistency", {"first": 5}).json()
    assert len(consistency["proof"]) > 0 and consistency["second"] == head["size"]


def test_api_refuses_sizes_beyond_the_checkpoint(log):
    response = Client().get("/api/v1/ledger/proof/inclusion", {"index": 0, "size": 10**9})
    assert response.status_code == 422 and response.json()["code"] == "bad_tree_size"
    assert Client().get("/api/v1/ledger/proof/consistency", {"first": 0}).status_code == 422


def test_no_checkpoint_yet_is_404(db):
    assert Client().get("/transparency/checkpoint").status_code == 404
    assert Client().get("/api/v1/ledger/checkpoint").json()["code"] == "no_checkpoint"
