"""``ledger verify`` with worker processes gives what the one-process verifier gives.

Ranges are made 256 entries (one tile) long so that a log of a few tiles is split among
workers, with kept checkpoints that end inside tiles. Most tests run the ranges in this
process on the test's connection (the data is not committed); one spawns real workers.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from openenforce.ledger import notes, scan, services, triggers, verify
from openenforce.ledger.models import Checkpoint, Entry
from openenforce.ledger.tests.conftest import execute
from openenforce.ledger.tests.test_verify import body_of, names

pytestmark = pytest.mark.postgres_only


def _grow(agency, actor, counts=(300, 500)) -> None:
    """Entries in several signed steps, so kept checkpoints end inside tiles."""
    for count in counts:
        with transaction.atomic():
            services.record_bulk(actor=actor, events=[("test.bulk", agency)] * count)
        head = services.publish_checkpoint()
        Checkpoint.objects.get_or_create(
            size=head.size,
            defaults={"root": head.root, "note": head.note, "signed_at": head.signed_at},
        )


def _inside_a_tile() -> int:
    """The size of a kept checkpoint that ends inside a tile past the first."""
    sizes = Checkpoint.objects.values_list("size", flat=True)
    return min(s for s in sizes if s > 256 and s % 256)


@pytest.fixture
def in_process(monkeypatch):
    """One-tile ranges, scanned here on the test's connection; the scans are counted."""
    scanned = []

    def run(jobs, workers):
        for job in jobs:
            scanned.append(job)
            yield scan.scan_range(connection.connection, job)

    monkeypatch.setattr(verify, "_RANGE", 256)
    monkeypatch.setattr(verify, "_run_ranges", run)
    return scanned


@pytest.fixture
def grown(signed, system_actor, agency):
    _grow(agency, system_actor)
    return signed


def test_an_honest_log_verifies_in_ranges(profile, grown, in_process):
    size = Entry.objects.count()
    assert size > 800 and size % 256
    assert _inside_a_tile()  # checkpoints ending inside a tile are rebuilt too
    assert verify.verify_database(workers=2) == []
    assert [(job.start, job.end) for job in in_process][-1] == (size // 256 * 256, size)
    assert len(in_process) == -(-size // 256)


def test_a_small_log_or_one_worker_is_checked_in_one_process(grown, in_process, monkeypatch):
    assert verify.verify_database(workers=1) == []
    monkeypatch.setattr(verify, "_RANGE", 65536)
    assert verify.verify_database(workers=2) == []
    assert in_process == []


def test_workers_that_fail_leave_the_check_to_this_process(grown, monkeypatch, caplog):
    def broken(jobs, workers):
        yield scan.scan_range(connection.connection, jobs[0])
        raise OSError("no worker could connect")

    monkeypatch.setattr(verify, "_RANGE", 256)
    monkeypatch.setattr(verify, "_run_ranges", broken)
    assert verify.verify_database(workers=2) == []
    assert "no worker could connect" in caplog.text


@pytest.mark.parametrize(
    "tamper",
    [
        "flip a byte",
        "delete an entry",
        "swap two entries",
        "alter a tile",
        "edit an index column",
        "sign a wrong root inside a tile",
    ],
)
def test_each_tampering_is_named_as_the_one_process_verifier_names_it(
    grown, in_process, no_triggers, tamper
):
    if tamper == "flip a byte":
        data = body_of(600).replace(b"test.bulk", b"test.bulK")
        execute("UPDATE ledger_entry SET body = %s WHERE sequence = 600", [data])
    elif tamper == "delete an entry":
        execute("DELETE FROM ledger_entry WHERE sequence = 700")
    elif tamper == "swap two entries":
        execute("UPDATE ledger_entry SET sequence = -1 WHERE sequence = 300")
        execute("UPDATE ledger_entry SET sequence = 300 WHERE sequence = 301")
        execute("UPDATE ledger_entry SET sequence = 301 WHERE sequence = -1")
    elif tamper == "alter a tile":
        execute(
            'UPDATE ledger_tile SET hashes = %s WHERE level = 0 AND "index" = 2', [b"\0" * 8192]
        )
    elif tamper == "edit an index column":
        execute("UPDATE ledger_entry SET event_type = 'test.other' WHERE sequence = 512")
    else:  # a key holder signing a tree the log does not have
        size = _inside_a_tile()
        wrong = notes.sign_note(notes.checkpoint_body(notes.key_name(), size, b"\1" * 32))
        execute("UPDATE ledger_checkpoint SET note = %s WHERE size = %s", [wrong, size])
    in_ranges = verify.verify_database(workers=2)
    assert in_ranges
    assert in_process  # the ranges were tried first
    if tamper.startswith("sign"):
        assert f"checkpoint checkpoint {size}: root differs from the recomputed tree" in names(
            in_ranges
        )
    assert names(in_ranges) == names(verify.verify_database(workers=1))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_processes_share_the_verifiers_snapshot(settings, monkeypatch):
    """Real spawned workers on committed data: an honest log holds in every range, and a
    committed tampering is named."""
    from openenforce.accounts.models import Agency
    from openenforce.accounts.services import get_system_actor, save_agency

    settings.OPENENFORCE_LEDGER_ALLOW_FLUSH = True
    actor = get_system_actor()
    agency = save_agency(Agency(code="p1", name="并行核验局"), actor=actor)
    _grow(agency, actor, counts=(600, 500))
    monkeypatch.setattr(verify, "_RANGE", 256)
    ranges = []
    spawned = verify._run_ranges

    def counted(jobs, workers):
        for result in spawned(jobs, workers):
            ranges.append(result)
            yield result

    monkeypatch.setattr(verify, "_run_ranges", counted)
    assert verify.verify_database(workers=2) == []
    assert len(ranges) == -(-Entry.objects.count() // 256) and all(r.holds for r in ranges)
    call_command("ledger", "verify", "--workers", "2")  # exits 0

    triggers.execute(connection, triggers.drop_statements(connection.vendor))
    try:
        data = body_of(900).replace(b"test.bulk", b"test.bulK")
        execute("UPDATE ledger_entry SET body = %s WHERE sequence = 900", [data])
        found = names(verify.verify_database(workers=2))
    finally:
        triggers.execute(connection, triggers.create_statements(connection.vendor))
    assert "entry #900: leaf hash does not match its body" in found
