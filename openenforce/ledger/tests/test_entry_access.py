"""Who reads which record entries (issue 22): full entry bundles mix agencies, so only a
reader of every agency gets them; an agency's administrator or supervisor reads their
agencies' entries one by one, each with an inclusion proof that checks against the public
checkpoint with nothing but hashlib."""

import base64
import hashlib
import json

import pytest
from django.db import transaction
from django.test import Client

from openenforce.accounts.models import User
from openenforce.ledger import services
from openenforce.ledger.verify import parse_bundle
from openenforce.testing.api import api_as

BUNDLE = "/transparency/tile/entries/000"
ENTRIES = "/api/v1/ledger/entries"


@pytest.fixture
def two_agencies_log(signed, system_actor, agency, other_agency):
    """More than a tile of entries, interleaving the two agencies' (and the bureau's)."""
    with transaction.atomic():
        for _ in range(150):
            services.record_bulk(actor=system_actor, events=[("test.ours", agency)], agency=agency)
            services.record_bulk(
                actor=system_actor, events=[("test.theirs", other_agency)], agency=other_agency
            )
    services.publish_checkpoint()
    return signed


def _digest(data: bytes) -> bytes:
    """hashlib alone, with the hash the installation's record uses (sha256 or sm3)."""
    from django.conf import settings

    return hashlib.new(settings.OPENENFORCE_LEDGER_HASH, data).digest()


def _verify_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, written from the RFC (the installation's hash: SHA-256, or SM3)."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = _digest(b"\x01" + p + r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _digest(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def _checkpoint_root() -> tuple[int, bytes]:
    body = Client().get("/transparency/checkpoint").content.decode().split("\n")
    return int(body[1]), base64.b64decode(body[2])


@pytest.mark.django_db
def test_another_agencys_administrator_gets_no_bundle(two_agencies_log, outsider, admin_user):
    # The outsider administers the other agency: the bundle holds this agency's entries.
    assert Client().get("/transparency/tile/0/000").status_code == 200  # hashes stay public
    for user in (outsider, admin_user):  # neither may read every agency
        client = Client()
        client.force_login(user)
        assert client.get(BUNDLE).status_code == 403


@pytest.mark.django_db
def test_a_reader_of_every_agency_gets_the_full_bundle(two_agencies_log, system_actor):
    root = User.objects.create_superuser("root", password="x")  # noqa: S106
    client = Client()
    client.force_login(root)
    response = client.get(BUNDLE)
    assert response.status_code == 200
    assert len(list(parse_bundle(response.content))) == 256


@pytest.mark.django_db
def test_an_administrator_reads_and_proves_only_their_agencys_entries(
    two_agencies_log, admin_user, agency
):
    size, root = _checkpoint_root()
    api, seen, after = api_as(admin_user), [], -1
    while after is not None:
        page = api.get(f"{ENTRIES}?after={after}&limit=60").json()
        assert (page["size"], base64.b64decode(page["root"])) == (size, root)
        seen += page["entries"]
        after = page["next_after"]
    assert seen, "the administrator sees the agency's own entries"
    assert [e["index"] for e in seen] == sorted(e["index"] for e in seen)
    for item in seen:
        body = base64.b64decode(item["entry"])
        assert json.loads(body)["agency"] == agency.pk
        leaf = _digest(b"\x00" + body)
        assert leaf == base64.b64decode(item["leaf_hash"])
        proof = [base64.b64decode(p) for p in item["proof"]]
        assert _verify_inclusion(leaf, item["index"], size, proof, root)
    assert sum(json.loads(base64.b64decode(e["entry"]))["type"] == "test.ours" for e in seen) == 150


def _agencies_seen(user) -> set[int]:
    page = api_as(user).get(f"{ENTRIES}?limit=500").json()
    return {json.loads(base64.b64decode(e["entry"]))["agency"] for e in page["entries"]}


@pytest.mark.django_db
def test_the_other_agency_sees_none_of_this_agencys_entries(two_agencies_log, outsider, agency):
    assert _agencies_seen(outsider) == {outsider.agency_id}


@pytest.mark.django_db
def test_a_supervisor_reads_the_supervised_agency_but_gets_no_bundle(
    two_agencies_log, supervisor, agency, other_agency
):
    assert agency.pk in _agencies_seen(supervisor)
    assert other_agency.pk not in _agencies_seen(supervisor)
    client = Client()
    client.force_login(supervisor)
    assert client.get(BUNDLE).status_code == 403


@pytest.mark.django_db
def test_an_officer_reads_no_entries_and_anonymous_must_log_in(two_agencies_log, officer):
    refused = api_as(officer).get(ENTRIES)
    assert refused.status_code == 403 and refused.json()["code"] == "entries_scope"
    assert Client().get(ENTRIES).status_code == 401
    assert Client().get("/transparency/checkpoint").status_code == 200


@pytest.mark.django_db
def test_paging_past_the_end_or_a_bad_limit_is_no_error(two_agencies_log, admin_user):
    api = api_as(admin_user)
    beyond = api.get(f"{ENTRIES}?after=99999999999999999999")
    assert beyond.status_code == 200 and beyond.json()["entries"] == []
    assert api.get(f"{ENTRIES}?limit=0").status_code == 422
