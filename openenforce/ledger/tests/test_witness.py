"""Witnesses (C2SP tlog-witness, tlog-cosignature): the witness's checks, its state, the
cosignature format, the log's rounds and the citizen's check of a quorum."""

from __future__ import annotations

import base64
import hashlib
import http.client
import struct
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.ledger import cosign, merkle, notes, services, witnessing
from openenforce.ledger.management.commands import ledger as ledger_command
from openenforce.ledger.models import Head, WitnessState
from openenforce.ledger.witness import Witness, make_server
from openenforce.ledger.witnessing import request_body

ORIGIN = "example.org/log"
NOW = 1795000000


def _leaves(n: int, salt: bytes = b"") -> list[bytes]:
    return [
        merkle.leaf_hash(salt + b"entry %d" % i, merkle.hash_function("sha256")) for i in range(n)
    ]


def _range(leaves):
    h = merkle.hash_function("sha256")
    return lambda lo, hi: merkle.root_of(leaves[lo:hi], h)


class Log:
    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.vkey = notes.vkey(self.key, ORIGIN)

    def note(self, leaves, key=None) -> str:
        root = (
            merkle.root_of(leaves, merkle.hash_function("sha256"))
            if leaves
            else hashlib.sha256(b"").digest()
        )
        return notes.sign_note(
            notes.checkpoint_body(ORIGIN, len(leaves), root), key or self.key, ORIGIN
        )


@pytest.fixture
def log():
    return Log()


@pytest.fixture
def witness(tmp_path, log):
    w = Witness.init(tmp_path / "w", "bureau.example/w")
    w.clock = lambda: NOW
    w.add_log(ORIGIN, log.vkey)
    return w


def _submit(w, old, leaves_old, leaves, note):
    proof = (
        merkle.consistency_proof(old, len(leaves), _range(leaves)) if 0 < old < len(leaves) else []
    )
    return w.add_checkpoint(request_body(old, proof, note))


def test_cosigns_a_first_checkpoint_and_a_consistent_extension(witness, log):
    first = _leaves(5)
    status, body = _submit(witness, 0, [], first, log.note(first))
    assert status == 200
    key = cosign.WitnessKey.parse(witness.vkey())
    assert key.verify(log.note(first).split("\n\n")[0] + "\n", body.strip()) == NOW
    more = _leaves(13)
    status, body = _submit(witness, 5, first, more, log.note(more))
    assert status == 200 and body.startswith("\u2014 bureau.example/w ")
    assert witness.state()["logs"][ORIGIN]["size"] == 13


def test_the_cosignature_has_the_specified_format(witness, log):
    leaves = _leaves(3)
    note = log.note(leaves)
    status, line = _submit(witness, 0, [], leaves, note)
    assert status == 200
    dash, name, blob = line.rstrip("\n").split(" ")
    assert (dash, name) == ("\u2014", "bureau.example/w")
    raw = base64.b64decode(blob)
    public = notes.public_bytes(witness.key)
    # key ID: SHA-256(name || "\n" || 0x04 || public key)[:4]
    assert raw[:4] == hashlib.sha256(b"bureau.example/w\n\x04" + public).digest()[:4]
    assert struct.unpack(">Q", raw[4:12])[0] == NOW
    body = note.split("\n\n")[0] + "\n"
    message = b"cosignature/v1\ntime %d\n" % NOW + body.encode()
    witness.key.public_key().verify(raw[12:], message)  # raises if invalid
    vkey_name, hex_id, encoded = witness.vkey().split("+", 2)
    assert vkey_name == "bureau.example/w" and bytes.fromhex(hex_id) == raw[:4]
    assert base64.b64decode(encoded) == b"\x04" + public


def test_refuses_an_inconsistent_proof(witness, log):
    first = _leaves(5)
    assert _submit(witness, 0, [], first, log.note(first))[0] == 200
    other = _leaves(9, salt=b"x")  # a tree that does not extend the first
    proof = merkle.consistency_proof(5, 9, _range(other))
    assert witness.add_checkpoint(request_body(5, proof, log.note(other)))[0] == 422
    assert witness.state()["logs"][ORIGIN]["size"] == 5


def test_refuses_a_fork_and_a_smaller_tree(witness, log):
    first = _leaves(6)
    assert _submit(witness, 0, [], first, log.note(first))[0] == 200
    fork = _leaves(6, salt=b"fork")
    assert witness.add_checkpoint(request_body(6, [], log.note(fork)))[0] == 422
    smaller = _leaves(4)
    assert witness.add_checkpoint(request_body(6, [], log.note(smaller)))[0] == 400
    assert witness.add_checkpoint(request_body(4, [], log.note(smaller))) == (409, "6\n")
    assert _submit(witness, 6, first, first, log.note(first))[0] == 200  # same tree again


def test_a_wrong_old_size_gets_the_witness_size(witness, log):
    leaves = _leaves(7)
    assert _submit(witness, 0, [], _leaves(2), log.note(_leaves(2)))[0] == 200
    assert _submit(witness, 3, _leaves(3), leaves, log.note(leaves)) == (409, "2\n")


def test_refuses_an_unknown_log_and_a_bad_signature(witness, log):
    leaves = _leaves(2)
    stranger = notes.sign_note(
        notes.checkpoint_body("other.example/log", 2, merkle.root_of(leaves)),
        Ed25519PrivateKey.generate(),
        "other.example/log",
    )
    assert witness.add_checkpoint(request_body(0, [], stranger))[0] == 404
    forged = log.note(leaves, key=Ed25519PrivateKey.generate())
    assert witness.add_checkpoint(request_body(0, [], forged))[0] == 403
    good = log.note(leaves)
    tampered = good.replace(good.split("\n")[1], "3", 1)
    assert witness.add_checkpoint(request_body(0, [], tampered))[0] == 403
    assert witness.add_checkpoint(b"new 0\n\n" + good.encode())[0] == 400
    assert witness.state()["logs"][ORIGIN]["size"] == 0


def test_state_persists_across_restarts(witness, log, tmp_path):
    leaves = _leaves(4)
    assert _submit(witness, 0, [], leaves, log.note(leaves))[0] == 200
    again = Witness(tmp_path / "w")
    assert again.vkey() == witness.vkey()
    assert again.add_checkpoint(request_body(0, [], log.note(_leaves(8)))) == (409, "4\n")


def test_witness_serve_answers_over_http(witness, log):
    server = make_server(witness, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        leaves = _leaves(3)
        status, body = witnessing.http_transport(
            f"http://127.0.0.1:{server.server_port}", request_body(0, [], log.note(leaves))
        )
        assert status == 200 and body.startswith("\u2014 bureau.example/w ")
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port)
        connection.request("POST", "/add-checkpoint", body=request_body(1, [], log.note(leaves)))
        response = connection.getresponse()
        assert response.status == 409
        assert response.getheader("Content-Type") == "text/x.tlog.size"
        assert response.read() == b"3\n"
    finally:
        server.shutdown()
        server.server_close()


# --- the log's side --------------------------------------------------------------------


@pytest.fixture
def log_witness(tmp_path, settings, agency, system_actor):
    """A witness of this project's log, reached in-process (the production path is HTTP)."""
    save_department(Department(agency=agency, code="a", name="一科"), actor=system_actor)
    services.publish_checkpoint()
    w = Witness.init(tmp_path / "lw", "bureau.example/w")
    w.clock = lambda: NOW
    w.add_log(settings.OPENENFORCE_LEDGER_ORIGIN, notes.vkey(), merkle.profile())  # SM3 in CI too
    settings.OPENENFORCE_WITNESSES = [{"vkey": w.vkey(), "url": "local:"}]
    settings.OPENENFORCE_WITNESS_QUORUM = None
    calls = []

    def transport(url, body):
        calls.append(body.split(b"\n", 1)[0])
        return w.add_checkpoint(body)

    w.transport = transport
    w.calls = calls
    return w


@pytest.mark.django_db
@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_the_log_submits_and_serves_the_cosigned_checkpoint(
    client, log_witness, agency, system_actor
):
    assert client.get("/transparency/checkpoint").content.decode().count("\u2014") == 1
    assert witnessing.witness_round(log_witness.transport) == 1
    served = client.get("/transparency/checkpoint").content.decode()
    result = cosign.check_note(
        served, notes.Verifier.parse(notes.vkey()), [cosign.WitnessKey.parse(log_witness.vkey())]
    )
    assert result.cosigned_by == ["bureau.example/w"] and result.timestamps == {
        "bureau.example/w": NOW
    }
    first = Head.objects.get().size
    save_department(Department(agency=agency, code="b", name="二科"), actor=system_actor)
    services.publish_checkpoint()
    assert client.get("/transparency/checkpoint").content.decode().count("\u2014") == 1
    assert witnessing.witness_round(log_witness.transport) == 1
    assert log_witness.calls == [b"old 0", f"old {first}".encode()]
    assert WitnessState.objects.get().size == Head.objects.get().size
    assert (
        log_witness.state()["logs"]["openenforce.local/record"]["size"] == Head.objects.get().size
    )


@pytest.mark.django_db
@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_the_log_retries_after_409_and_logs_a_failing_witness(
    log_witness, agency, system_actor, settings
):
    assert witnessing.witness_round(log_witness.transport) == 1
    first = Head.objects.get().size
    WitnessState.objects.update(size=0)  # the log forgot what the witness has cosigned
    save_department(Department(agency=agency, code="b", name="二科"), actor=system_actor)
    services.publish_checkpoint()
    assert witnessing.witness_round(log_witness.transport) == 1
    # the 409, then the retry with the size the witness had cosigned
    assert log_witness.calls == [b"old 0", b"old 0", f"old {first}".encode()]
    assert "\u2014 bureau.example/w" in Head.objects.get().cosigned_note

    def broken(url, body):
        raise OSError("connection refused")

    save_department(Department(agency=agency, code="c", name="三科"), actor=system_actor)
    services.publish_checkpoint()
    assert witnessing.witness_round(broken) == 0  # logged, not raised
    assert Head.objects.get().cosigned_note == ""


@pytest.mark.django_db
@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_verify_checkpoint_requires_the_quorum(client, log_witness, monkeypatch, tmp_path):
    monkeypatch.setattr(
        ledger_command,
        "fetch_text",
        lambda url: client.get("/transparency/checkpoint").content.decode(),
    )
    other = Witness.init(tmp_path / "other", "journalist.example/w")
    args = ["ledger", "verify-checkpoint", "--site", "http://testserver", "--vkey", notes.vkey()]
    witnesses = ["--witness", log_witness.vkey(), "--witness", other.vkey()]
    with pytest.raises(CommandError, match="missing: bureau.example/w, journalist.example/w"):
        call_command(*args, *witnesses, "--quorum", "1")
    witnessing.witness_round(log_witness.transport)
    call_command(*args, *witnesses, "--quorum", "1")
    with pytest.raises(CommandError, match="missing: journalist.example/w"):
        call_command(*args, *witnesses)
    stranger = notes.vkey(Ed25519PrivateKey.generate(), "openenforce.local/record")
    with pytest.raises(CommandError, match="does not verify"):
        call_command(*args[:-1], stranger, *witnesses)


def test_the_worked_example_in_the_docs_verifies():
    from pathlib import Path

    import openenforce

    docs = (Path(openenforce.__file__).parent.parent / "docs" / "record.md").read_text()
    section = docs[docs.index("## Witnesses") :]
    note = section.split("<!-- cosigned-example -->\n```\n", 1)[1].split("```", 1)[0]
    log_vkey, witness_vkey = (
        line.split("`")[1]
        for line in section.split("\n")
        if line.startswith(("- log key:", "- witness key:"))
    )
    result = cosign.check_note(
        note, notes.Verifier.parse(log_vkey), [cosign.WitnessKey.parse(witness_vkey)]
    )
    assert result.checkpoint.size == 5
    assert result.timestamps == {"justice-bureau.demo/witness": 1795000000}
    tampered = note.replace("\n5\n", "\n6\n")
    with pytest.raises(ValueError, match="does not verify"):
        cosign.check_note(tampered, notes.Verifier.parse(log_vkey), [])


def test_witness_commands_init_add_log_and_vkey(tmp_path, capsys, log):
    state = tmp_path / "cli"
    call_command("witness", "init", "--state", str(state), "--name", "bureau.example/w")
    printed = capsys.readouterr().out.strip()
    assert cosign.WitnessKey.parse(printed).name == "bureau.example/w"
    assert (state / "witness.key").stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="already holds a witness"):
        call_command("witness", "init", "--state", str(state), "--name", "x.example/w")
    call_command(
        "witness", "add-log", "--state", str(state), "--origin", ORIGIN, "--vkey", log.vkey
    )
    with pytest.raises(CommandError, match="another key"):
        call_command(
            "witness", "add-log", "--state", str(state), "--origin", ORIGIN, "--vkey", Log().vkey
        )
    call_command("witness", "vkey", "--state", str(state))
    assert capsys.readouterr().out.strip().endswith(printed)
    leaves = _leaves(2)
    assert Witness(state).add_checkpoint(request_body(0, [], log.note(leaves)))[0] == 200
    with pytest.raises(CommandError, match="holds no witness"):
        call_command("witness", "vkey", "--state", str(tmp_path / "none"))


def test_a_slow_witness_does_not_hold_up_the_signer(settings, monkeypatch):
    settings.OPENENFORCE_WITNESSES = [{"vkey": "unused", "url": "http://127.0.0.1:9"}]
    release, started = threading.Event(), threading.Event()

    def slow_round():
        started.set()
        release.wait(5)

    monkeypatch.setattr(witnessing, "witness_round", slow_round)
    first = witnessing.start_round_in_background()
    assert first is not None and started.wait(5)
    assert witnessing.start_round_in_background() is None  # one round at a time
    release.set()
    first.join(5)
    assert not first.is_alive()
    again = witnessing.start_round_in_background()
    assert again is not None
    again.join(5)


@pytest.mark.django_db
def test_the_checkpoint_loop_starts_a_round_after_signing(monkeypatch, agency, system_actor):
    rounds = []
    monkeypatch.setattr(witnessing, "start_round_in_background", lambda: rounds.append(1))
    save_department(Department(agency=agency, code="a", name="一科"), actor=system_actor)
    services.checkpoint_loop(iterations=2, interval=0)
    assert rounds == [1, 1] and Head.objects.get().note


@pytest.mark.django_db
@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_ledger_verify_checks_the_stored_cosignatures(log_witness, tmp_path):
    from openenforce.ledger import verify

    witnessing.witness_round(log_witness.transport)
    assert verify.verify_database(rows=False) == []
    head = Head.objects.get()
    stranger = Witness.init(tmp_path / "stranger-w", "stranger.example/w")
    body = head.note.rpartition("\n\n")[0] + "\n"
    head.cosigned_note += cosign.cosign(body, stranger.key, "stranger.example/w", NOW)
    head.save()
    problems = [str(p) for p in verify.verify_database(rows=False)]
    assert len(problems) == 1 and "not by a configured witness" in problems[0]
