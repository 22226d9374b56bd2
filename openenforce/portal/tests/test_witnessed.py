"""The citizen's side of witnessing (issue 18): every public bundle serves the checkpoint
with the witnesses' cosignatures, and ``openenforce portal verify`` / ``verify-history``
require a quorum of the witness keys the citizen gives."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openenforce.ledger import cosign, notes
from openenforce.portal import verify

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-09-22T10:00:00+08:00")]

DASH = "\u2014"


def _witnesses_on(note: str, *vkeys: str) -> list[str]:
    keys = [cosign.WitnessKey.parse(v) for v in vkeys]
    return cosign.check_note(note, notes.Verifier.parse(notes.vkey()), keys).cosigned_by


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("portal", *args, "--vkey", notes.vkey(), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _saved(tmp_path, client, url: str):
    path = tmp_path / "bundle.json"
    path.write_text(client.get(url).content.decode())
    return path


def test_proof_and_history_serve_the_cosigned_checkpoint(client, published, bureau):
    item = published()
    before = client.get(f"/portal/decisions/{item.pk}/proof.json").json()["checkpoint"]
    assert before.count(DASH) == 1  # only the log's own signature so far
    assert bureau.cosign() == 1
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    assert _witnesses_on(bundle["checkpoint"], bureau.vkey()) == [bureau.name]
    history = client.get(f"/portal/history/decision/{item.pk}.json").json()
    assert _witnesses_on(history["checkpoint"], bureau.vkey()) == [bureau.name]
    # and the pages show the cosigned checkpoint too
    page = client.get(f"/portal/decisions/{item.pk}/verify/").content.decode()
    assert f"{DASH} {bureau.name} " in page
    assert f"{DASH} {bureau.name} " in client.get("/portal/transparency/").content.decode()


def test_cli_requires_the_quorum_of_the_given_witnesses(
    tmp_path, client, published, bureau, stranger_witness
):
    item = published()
    bureau.cosign()
    saved = _saved(tmp_path, client, f"/portal/decisions/{item.pk}/proof.json")
    base = ["verify", str(item.pk), "--bundle", str(saved)]

    out = _run(*base, "--witness", bureau.vkey())
    assert f"1 of the 1 required witness cosignatures (cosigned by: {bureau.name}" in out

    # a key the log's pages never showed the citizen: the stranger did not cosign
    err = io.StringIO()
    with pytest.raises(CommandError, match="NOT verified") as failed:
        call_command(
            "portal", *base, "--vkey", notes.vkey(), "--witness", stranger_witness.vkey(),
            stderr=err,
        )  # fmt: skip
    assert failed.value.returncode == 1
    assert "missing: journalist.test/witness" in err.getvalue()
    assert "cosigned by: none" in err.getvalue()

    # two keys, both required: the bureau signed, the stranger did not
    err = io.StringIO()
    both = ["--witness", bureau.vkey(), "--witness", stranger_witness.vkey()]
    with pytest.raises(CommandError, match="NOT verified"):
        call_command("portal", *base, "--vkey", notes.vkey(), *both, stderr=err)
    assert f"cosigned by: {bureau.name}; missing: journalist.test/witness" in err.getvalue()
    # ... a quorum of one of them is met
    assert "1 of the 1 required" in _run(*base, *both, "--quorum", "1")


def test_cli_without_witnesses_says_none_was_checked(tmp_path, client, published, bureau):
    item = published()
    saved = _saved(tmp_path, client, f"/portal/decisions/{item.pk}/proof.json")
    out = _run("verify", str(item.pk), "--bundle", str(saved))
    assert "no witness was checked" in out
    # the checkpoint is not cosigned yet: a citizen who asks for the bureau is refused
    with pytest.raises(CommandError, match="NOT verified"):
        _run("verify", str(item.pk), "--bundle", str(saved), "--witness", bureau.vkey())


def test_a_forged_cosignature_fails(tmp_path, client, published, bureau):
    item = published()
    bureau.cosign()
    bundle = client.get(f"/portal/decisions/{item.pk}/proof.json").json()
    body, lines = cosign.split_note(bundle["checkpoint"])
    assert verify.check_witnesses(bundle["checkpoint"], notes.vkey(), [bureau.vkey()], 1).ok
    # the bureau's line with one signature bit flipped
    name, blob = lines[1].split(" ")[1:]
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    tampered = f"{body}\n{lines[0]}\n{DASH} {name} {base64.b64encode(bytes(raw)).decode()}\n"
    bundle["checkpoint"] = tampered
    result = verify.check_bundle(bundle, notes.vkey(), item=item.pk, witnesses=[bureau.vkey()])
    assert any("does not verify" in p for p in result.problems)


def test_cli_refuses_a_quorum_larger_than_the_keys(tmp_path, client, published, bureau):
    item = published()
    bureau.cosign()
    saved = _saved(tmp_path, client, f"/portal/decisions/{item.pk}/proof.json")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "portal", "verify", str(item.pk), "--bundle", str(saved), "--vkey", notes.vkey(),
            "--witness", bureau.vkey(), "--quorum", "2", stderr=err,
        )  # fmt: skip
    assert "a quorum of 2 needs at least 2 witness keys" in err.getvalue()


def test_verify_history_checks_every_entry_and_the_witnesses(
    tmp_path, client, published, bureau, stranger_witness
):
    item = published()
    bureau.cosign()
    url = f"/portal/history/decision/{item.pk}.json"
    saved = _saved(tmp_path, client, url)
    out = _run("verify-history", "decision", str(item.pk), "--bundle", str(saved),
               "--witness", bureau.vkey())  # fmt: skip
    assert f"decision {item.pk}: record entries" in out
    assert f"cosigned by: {bureau.name}" in out
    with pytest.raises(CommandError, match="NOT verified"):
        _run("verify-history", "decision", str(item.pk), "--bundle", str(saved),
             "--witness", stranger_witness.vkey())  # fmt: skip
    # an entry altered after the fact no longer leads to the checkpoint's root
    data = json.loads(saved.read_text())
    data["entries"][0]["proof"] = data["entries"][0]["proof"][::-1] + [data["root"]]
    saved.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="NOT verified"):
        _run("verify-history", "decision", str(item.pk), "--bundle", str(saved))


@pytest.mark.django_db
def test_while_the_newest_checkpoint_waits_for_its_witness_the_cosigned_one_is_served(
    record_witness, agency, system_actor
):
    """Right after a new checkpoint is signed it has no cosignature until the next round:
    an item already inside the newest cosigned checkpoint is proven against that one, so
    a citizen's witness check does not fail in the gap."""
    from openenforce.accounts.models import Department
    from openenforce.accounts.services import save_department
    from openenforce.ledger import services as ledger_services
    from openenforce.portal.selectors import _head

    save_department(Department(agency=agency, code="w1", name="一科"), actor=system_actor)
    record_witness.round()
    cosigned = _head()
    assert cosigned is not None and cosigned.note.count("\u2014") == 2
    save_department(Department(agency=agency, code="w2", name="二科"), actor=system_actor)
    ledger_services.publish_checkpoint()  # the newest head: not yet cosigned
    older = _head(covering=cosigned.size - 1)
    assert older.size == cosigned.size and older.note == cosigned.note
    newer = _head(covering=cosigned.size)  # an entry the cosigned one does not hold
    assert newer.size > cosigned.size and newer.note.count("\u2014") == 1
    record_witness.round()
    assert _head(covering=cosigned.size).note.count("\u2014") == 2
