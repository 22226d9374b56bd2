"""``ledger verify``: everything holds on an honest log; each kind of tampering is named."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from openenforce.ledger import merkle, notes, services, verify
from openenforce.ledger.models import Checkpoint, Entry, Head
from openenforce.ledger.tests.conftest import execute


@pytest.fixture
def log(signed, system_actor, agency):
    """Over a full tile of entries (so level-0 tiles exist), signed."""
    with transaction.atomic():
        services.record_bulk(actor=system_actor, events=[("test.bulk", agency)] * 300)
    services.publish_checkpoint()
    return signed


def names(problems) -> set[str]:
    return {f"{p.kind} {p.name}: {p.message}" for p in problems}


def body_of(sequence: int) -> bytes:
    return bytes(Entry.objects.get(sequence=sequence).body)


def test_an_honest_log_verifies(profile, log):
    assert verify.verify_database() == []
    call_command("ledger", "verify")  # exits 0


def test_the_record_tables_refuse_update_and_delete(log):
    for sql in (
        "UPDATE ledger_entry SET event_type = 'x' WHERE sequence = 0",
        "DELETE FROM ledger_entry WHERE sequence = 0",
        "UPDATE ledger_tile SET root = root",
        "DELETE FROM ledger_checkpoint",
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            execute(sql)


def test_the_record_tables_refuse_truncate_on_postgresql(log):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        execute("TRUNCATE ledger_entry CASCADE")


def test_a_flipped_byte_is_named(log, no_triggers):
    data = bytearray(body_of(5))
    data[data.index(b'"type":"') + 9] ^= 0x01
    execute("UPDATE ledger_entry SET body = %s WHERE sequence = 5", [bytes(data)])
    assert "entry #5: leaf hash does not match its body" in names(verify.verify_database())


def test_a_flipped_byte_with_a_recomputed_leaf_is_caught_by_tile_and_checkpoint(log, no_triggers):
    data = body_of(100).replace(b"test.bulk", b"test.bulK")
    assert data != body_of(100)
    execute(
        "UPDATE ledger_entry SET body = %s, leaf_hash = %s WHERE sequence = 100",
        [data, merkle.leaf_hash(data)],
    )
    found = names(verify.verify_database())
    assert "tile tile/0/000: hashes differ from the entries" in found
    assert "checkpoint latest checkpoint: root differs from the recomputed tree" in found


def test_a_deleted_entry_is_named(log, no_triggers):
    execute("DELETE FROM ledger_entry WHERE sequence = 7")
    found = names(verify.verify_database())
    assert "entry #7: missing" in found
    assert "tile tile/0/000: hashes differ from the entries" in found
    assert any(n.startswith("checkpoint latest checkpoint: covers") for n in found)


def test_swapped_entries_are_named(log, no_triggers):
    a, b = body_of(3), body_of(4)
    execute("UPDATE ledger_entry SET sequence = -1 WHERE sequence = 3")
    execute("UPDATE ledger_entry SET sequence = 3 WHERE sequence = 4")
    execute("UPDATE ledger_entry SET sequence = 4 WHERE sequence = -1")
    found = names(verify.verify_database())
    assert {
        "entry #3: body names another sequence number",
        "entry #4: body names another sequence number",
    } <= found
    assert a != b


def test_an_inserted_entry_is_named(log, no_triggers, system_actor):
    last = Entry.objects.count() - 1
    execute("UPDATE ledger_entry SET sequence = sequence + 1000000 WHERE sequence >= 10")
    execute("UPDATE ledger_entry SET sequence = sequence - 999999 WHERE sequence >= 1000000")
    forged = json.loads(body_of(9))
    forged.update(seq=10, type="test.forged")
    data = json.dumps(forged, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    execute(
        "INSERT INTO ledger_entry (sequence, recorded_at, agency_id, actor_id, event_type,"
        " subject_kind, subject_id, body, leaf_hash)"
        " SELECT 10, recorded_at, agency_id, actor_id, 'test.forged', subject_kind, subject_id, %s, %s"
        " FROM ledger_entry WHERE sequence = 9",
        [data, merkle.leaf_hash(data)],
    )
    found = names(verify.verify_database())
    assert "entry #11: body names another sequence number" in found
    assert f"entry #{last + 1}: body names another sequence number" in found
    assert "checkpoint latest checkpoint: root differs from the recomputed tree" in found


def test_an_altered_tile_is_named(log, no_triggers):
    execute('UPDATE ledger_tile SET hashes = %s WHERE level = 0 AND "index" = 0', [b"\x00" * 8192])
    assert "tile tile/0/000: hashes differ from the entries" in names(verify.verify_database())


def test_a_forged_checkpoint_is_named(log, no_triggers, tmp_path):
    key = notes.load_or_create_key(tmp_path / "attacker.key")
    size = Entry.objects.count()
    forged = notes.sign_note(notes.checkpoint_body(notes.key_name(), size, b"\x11" * 32), key)
    first = Checkpoint.objects.first()
    execute("UPDATE ledger_checkpoint SET note = %s WHERE id = %s", [forged, first.pk])
    Head.objects.filter(pk=1).update(note=forged)
    found = names(verify.verify_database())
    assert any(
        n.startswith(f"checkpoint checkpoint {first.size}: signature or format invalid")
        for n in found
    )
    assert any(
        n.startswith("checkpoint latest checkpoint: signature or format invalid") for n in found
    )


@pytest.mark.tampers
def test_a_domain_row_edited_behind_the_applications_back_is_named(log, no_triggers):
    officer = log["officers"][1]
    execute("UPDATE catalog_officer SET position = 'chief' WHERE id = %s", [officer.pk])
    execute("UPDATE catalog_officer SET name = '王五' WHERE id = %s", [log["officers"][0].pk])
    found = names(verify.verify_database())
    assert f"row catalog.officer {officer.pk}: differs from its last recorded state" in found
    assert (
        f"row catalog.officer {log['officers'][0].pk}: differs from its last recorded state"
        in found
    )


@pytest.mark.tampers
def test_a_changed_index_column_is_named(log, no_triggers):
    execute("UPDATE ledger_entry SET subject_id = '999' WHERE sequence = 2")
    assert "entry #2: columns differ from its body" in names(verify.verify_database())


@pytest.mark.tampers
def test_erasing_personal_data_keeps_the_record_verifiable(profile, log, system_actor):
    officer = log["officers"][0]
    services.erase_personal_data(officer, actor=system_actor, reason="court order (2026) 1")
    services.publish_checkpoint()
    assert verify.verify_database() == []
    execute("UPDATE catalog_officer SET name = '张三' WHERE id = %s", [officer.pk])
    assert verify.check_rows()  # a later edit of the erased row is still caught


def test_verify_command_exits_non_zero_naming_the_problem(log, no_triggers, capsys):
    execute("DELETE FROM ledger_entry WHERE sequence = 1")
    with pytest.raises(CommandError) as failed:
        call_command("ledger", "verify")
    assert failed.value.returncode == 1
    assert "entry #1: missing" in capsys.readouterr().err


def test_export_verifies_offline_and_tampering_is_named(profile, log, tmp_path, capsys):
    call_command("ledger", "export", str(tmp_path))
    assert (tmp_path / "tile/0/000").stat().st_size == 8192
    assert verify.verify_directory(tmp_path) == []
    call_command("ledger", "verify", "--dir", str(tmp_path))
    bundle = tmp_path / "tile/entries/000"
    data = bytearray(bundle.read_bytes())
    data[40] ^= 1
    bundle.write_bytes(bytes(data))
    found = names(verify.verify_directory(tmp_path))
    assert "tile tile/0/000: hashes differ from the entries" in found
    assert "checkpoint checkpoint: root differs from the recomputed tree" in found


def test_an_export_with_a_foreign_vkey_is_refused(log, tmp_path):
    call_command("ledger", "export", str(tmp_path))
    other = notes.vkey(notes.load_or_create_key(tmp_path / "other.key"))
    problems = verify.verify_directory(tmp_path, vkey_text=other)
    assert [p.kind for p in problems] == ["checkpoint"]


@pytest.mark.slow
def test_the_demo_data_record_verifies(system_actor, settings):
    demo = pytest.importorskip("openenforce.demo.services")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    demo.load_demo(actor=system_actor, password="demo password 42", year=False)
    services.publish_checkpoint()
    assert Entry.objects.count() > 100
    assert verify.verify_database() == []


def _link_table(model, field: str) -> str:
    return model._meta.get_field(field).remote_field.through._meta.db_table


def test_many_to_many_links_are_part_of_the_recorded_state(agency, other_agency, system_actor):
    from openenforce.accounts.services import add_supervision, remove_supervision

    digests = []
    for change in (add_supervision, remove_supervision):
        change(agency, actor=system_actor, supervised=other_agency)
        digests.append(json.loads(body_of(Entry.objects.count() - 1))["state"])
    assert digests[0] != digests[1]  # the same row, differing only in its links
    assert verify.check_rows() == []


@pytest.mark.tampers
def test_a_link_row_inserted_or_deleted_behind_the_applications_back_is_named(
    no_triggers, agency, other_agency, justice_bureau, system_actor
):
    from openenforce.accounts.models import Agency
    from openenforce.catalog.models import Certificate, Matter
    from openenforce.testing.catalog import build_catalog

    catalog = build_catalog(agency, system_actor)
    assert verify.check_rows() == []
    supervises = _link_table(Agency, "supervises")
    execute(
        f"INSERT INTO {supervises} (from_agency_id, to_agency_id) VALUES (%s, %s)",  # noqa: S608
        [justice_bureau.pk, other_agency.pk],
    )
    for model, field, subject in (
        (Matter, "bases", catalog.matter),
        (Certificate, "fields", catalog.certificate),
    ):
        column = model._meta.get_field(field).m2m_column_name()
        execute(
            f"DELETE FROM {_link_table(model, field)} WHERE {column} = %s",  # noqa: S608
            [subject.pk],
        )
    found = names(verify.check_rows())
    assert found == {
        f"row accounts.agency {justice_bureau.pk}: differs from its last recorded state",
        f"row catalog.matter {catalog.matter.pk}: differs from its last recorded state",
        f"row catalog.certificate {catalog.certificate.pk}: differs from its last recorded state",
    }


def test_checking_rows_reads_links_per_batch_not_per_row(agency, other_agency, system_actor):
    from django.test.utils import CaptureQueriesContext

    from openenforce.testing.catalog import build_catalog

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert verify.check_rows() == []
        return len(context.captured_queries)

    build_catalog(agency, system_actor)
    one_catalog = queries()
    build_catalog(other_agency, system_actor, prefix="X")
    assert queries() == one_catalog


@pytest.mark.postgres_only
def test_the_index_walk_finds_each_subjects_latest_entry(log, system_actor, agency):
    from django.db.models import Max

    services.erase_personal_data(log["officers"][1], actor=system_actor, reason="court order 2")
    with transaction.atomic():  # a subject's latest entry is not its first
        services.record_bulk(actor=system_actor, events=[("test.bulk", log["department"])])
    grouped = Entry.objects.values("subject_kind", "subject_id").annotate(last=Max("sequence"))
    expected = sorted(row["last"] for row in grouped)
    assert len(expected) >= 5
    assert sorted(verify._last_sequences()) == expected


@pytest.mark.slow
def test_verify_on_a_database_never_set_up_says_so_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["OPENENFORCE_VAR_DIR"] = str(tmp_path)  # a fresh, empty SQLite database
    done = subprocess.run(
        [sys.executable, "-m", "openenforce", "ledger", "verify"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 1
    assert "not set up" in done.stderr and "openenforce migrate" in done.stderr
    assert "Traceback" not in done.stderr
