"""Signing checkpoints: the signed-note format, the key, consistency, keeping for auditors."""

import base64
import datetime
import stat
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction
from django.utils import timezone

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.core.errors import WrongState
from openenforce.ledger import merkle, notes, services
from openenforce.ledger.models import Checkpoint, Entry, Head, Tile
from openenforce.ledger.tests.conftest import execute
from openenforce.ledger.tiles import TileStore


def test_checkpoint_is_a_signed_note_over_the_whole_log(profile, signed, settings):
    head = Head.objects.get()
    body, signature = head.note.split("\n\n")
    origin, size, root = body.split("\n")
    assert origin == settings.OPENENFORCE_LEDGER_ORIGIN
    assert int(size) == head.size == Entry.objects.count()
    leaves = [bytes(e.leaf_hash) for e in Entry.objects.all()]
    assert base64.b64decode(root) == merkle.root_of(leaves)
    dash, name, blob = signature.strip().split(" ")
    assert (dash, name) == ("\u2014", origin)
    raw = base64.b64decode(blob)
    vkey_name, key_hash, key = notes.vkey().split("+", 2)
    assert raw[:4].hex() == key_hash and vkey_name == origin
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key)[1:])
    public.verify(raw[4:], (body + "\n").encode())  # raises if invalid


def test_the_key_file_is_created_private(tmp_path, settings):
    path = tmp_path / "keys" / "ledger.key"
    notes.load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert notes.load_or_create_key(path) is notes.load_or_create_key(path)


def test_signing_integrates_full_tiles(system_actor, agency):
    with transaction.atomic():
        services.record_bulk(actor=system_actor, events=[("test.bulk", agency)] * 600)
    head = services.publish_checkpoint()
    assert head.size == Entry.objects.count() > 512
    assert Tile.objects.filter(level=0).count() == head.size // 256
    assert TileStore().root(head.size) == bytes(head.root)


def test_nothing_new_means_no_new_signature(signed):
    first = Head.objects.get().note
    assert services.publish_checkpoint().note == first


def test_the_signer_refuses_a_log_inconsistent_with_the_last_checkpoint(signed, no_triggers):
    execute("UPDATE ledger_entry SET leaf_hash = %s WHERE sequence = 0", [b"\x00" * 32])
    with transaction.atomic():  # something new to sign
        services.record(actor=None, event_type="test.after", subject=signed["field"])
    with pytest.raises(WrongState) as refused:
        services.publish_checkpoint()
    assert refused.value.code == "ledger_inconsistent"


def test_the_signer_refuses_to_build_on_a_forged_head(signed):
    Head.objects.filter(pk=1).update(note=Head.objects.get().note.replace("\n\n", "\nx\n\n"))
    with pytest.raises(WrongState) as refused:
        services.publish_checkpoint(force=True)
    assert refused.value.code == "ledger_head_invalid"


def test_checkpoints_are_kept_hourly_for_auditors(signed, system_actor, settings):
    assert Checkpoint.objects.count() == 1
    _append_and_sign(signed["field"])  # within the hour: only the latest moves
    assert Checkpoint.objects.count() == 1
    Checkpoint.objects.update  # noqa: B018 - the table refuses updates; move time instead
    hour_later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: hour_later)
        _append_and_sign(signed["field"])
    assert Checkpoint.objects.count() == 2
    assert Checkpoint.objects.last().size == Head.objects.get().size


def _append_and_sign(subject) -> None:
    with transaction.atomic():
        services.record(actor=None, event_type="test.more", subject=subject)
    services.publish_checkpoint()


def test_a_checkpoint_is_signed_after_commit(
    agency, system_actor, django_capture_on_commit_callbacks
):
    services._last_signed["at"] = 0.0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.record(actor=system_actor, event_type="test.committed", subject=agency)
    assert Head.objects.get().size == Entry.objects.count()


def test_one_tick_of_the_checkpoint_loop_covers_new_entries(signed, agency, system_actor):
    with transaction.atomic():
        save_department(Department(agency=agency, code="new", name="新科"), actor=system_actor)
    assert Head.objects.get().size < Entry.objects.count()  # on-commit signing is off in tests
    services.checkpoint_loop(iterations=1, interval=0)
    head = Head.objects.get()
    assert head.size == Entry.objects.count()
    assert notes.parse_checkpoint(notes.open_note(head.note, notes.Verifier.parse(notes.vkey())))


def test_the_checkpoint_loop_stops_when_asked(signed, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "publish_checkpoint", lambda: calls.append(1))
    stop = threading.Event()
    stop.set()
    services.checkpoint_loop(stop=stop)
    assert calls == []


def test_a_failed_tick_does_not_end_the_loop(monkeypatch):
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("database went away")

    closed = []
    monkeypatch.setattr(services, "publish_checkpoint", failing)
    monkeypatch.setattr(services, "close_old_connections", lambda: closed.append(1))
    services.checkpoint_loop(iterations=3, interval=0)
    assert len(calls) == len(closed) == 3  # each failure drops a possibly broken connection
