"""Benchmark of the record (issue 3 targets), against baselines measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_ledger .venv/bin/python bench/ledger.py [--quick] [--size N]

The database named in DATABASE_URL is dropped and re-created. Measures: durable appends
through ``record`` (one event per transaction) against raw psycopg autocommit INSERTs into
a bare table; bulk appends through ``record_bulk``; inclusion proofs at ``--size`` entries
(p50/p99, and pymerkle 7 ``SqliteTree.prove_inclusion`` at the same size); full
verification (entries/s) with one worker process per core, against the same verification
in one process, a bare read of the entries and the bare hashing of them. Prints JSON as its
last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
os.environ.setdefault("OPENENFORCE_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.key"))


def fresh_database() -> str:
    """Drop and re-create the PostgreSQL database of DATABASE_URL; return its URL."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def setup() -> None:
    if os.environ.get("DATABASE_URL"):
        fresh_database()
    else:
        os.environ["OPENENFORCE_VAR_DIR"] = tempfile.mkdtemp()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def raw_inserts(n: int) -> float:
    """Single-row autocommit INSERTs into a bare table with psycopg: the baseline."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, body bytea)")
        body = b"x" * 250
        started = time.perf_counter()
        for _ in range(n):
            conn.execute("INSERT INTO bench_raw (body) VALUES (%s)", [body])
        return n / (time.perf_counter() - started)


def statements_only(n: int, subject) -> float:
    """The SQL one ``record`` transaction sends (BEGIN, the subject's read, the append
    statement, COMMIT), from a plain psycopg loop with no Django or ledger Python, into
    copies of the record tables: the most any design that re-reads the subject inside the
    caller's transaction reaches on this machine."""
    import psycopg
    from django.utils import timezone

    from openenforce.ledger import merkle, services, state

    pk = str(subject.pk)
    read = "; ".join(
        sql.replace("%s", pk)
        for sql in [state._one_row(type(subject), subject.pk).sql]
        + [state._one_links_sql(field) for field in state.m2m_fields(subject)]
    )
    append = services._APPEND_SQL.replace("ledger_counter", "bench_counter").replace(
        "ledger_entry", "bench_entry"
    )
    now, kind = timezone.now(), state.kind_of(subject)
    body, _leaf = services._envelope(
        -7,
        now,
        actor_id=None,
        agency_id=subject.pk,
        event_type="bench.appended",
        kind=kind,
        subject_id=pk,
        digest="0" * 64,
        files=[],
        h=merkle.hash_function(),
    )
    head, tail = body.split(b'"seq":-7,')
    params = [head + b'"seq":', b"," + tail, now, subject.pk, None, "bench.appended", kind, pk]
    with psycopg.connect(os.environ["DATABASE_URL"], cursor_factory=psycopg.ClientCursor) as conn:
        for table in ("entry", "counter"):
            conn.execute(f"CREATE TABLE bench_{table} (LIKE ledger_{table} INCLUDING ALL)")
        conn.execute("INSERT INTO bench_counter (id, next_sequence) VALUES (1, 0)")
        conn.commit()
        started = time.perf_counter()
        for _ in range(n):
            conn.execute(read)
            conn.execute(append, params).fetchone()
            conn.commit()
        return n / (time.perf_counter() - started)


def service_appends(n: int, subject) -> float:
    from django.db import transaction

    from openenforce.ledger.services import record

    started = time.perf_counter()
    for _ in range(n):
        with transaction.atomic():
            record(actor=None, event_type="bench.appended", subject=subject)
    return n / (time.perf_counter() - started)


def bulk_appends(n: int, subjects: list, batch: int = 10000) -> float:
    from django.db import transaction

    from openenforce.ledger.services import record_bulk

    started = time.perf_counter()
    for start in range(0, n, batch):
        events = [
            ("bench.imported", subjects[i % len(subjects)])
            for i in range(start, min(n, start + batch))
        ]
        with transaction.atomic():
            record_bulk(actor=None, events=events)
    return n / (time.perf_counter() - started)


def fill(size: int, subject) -> float:
    """Grow the log to ``size`` entries fast (COPY of envelopes built by the service's code)."""
    from django.db import connection
    from django.utils import timezone

    from openenforce.ledger import merkle, services, state
    from openenforce.ledger.models import Entry

    have = Entry.objects.count()
    h = merkle.hash_function()
    digest = state.state_digest(subject)
    started = time.perf_counter()
    raw = connection.cursor().connection
    now = timezone.now()
    with raw.cursor() as cursor:
        for start in range(have, size, 200000):
            end = min(size, start + 200000)
            cols = "sequence, recorded_at, agency_id, actor_id, event_type, subject_kind, subject_id, body, leaf_hash"
            with cursor.copy(f"COPY ledger_entry ({cols}) FROM STDIN") as copy:
                for seq in range(start, end):
                    e = services._entry(
                        seq,
                        now,
                        actor_id=None,
                        agency_id=subject.pk,
                        event_type="bench.filled",
                        kind="accounts.agency",
                        subject_id=str(subject.pk),
                        digest=digest,
                        files=[],
                        h=h,
                    )
                    copy.write_row(
                        (
                            seq,
                            now,
                            subject.pk,
                            None,
                            e.event_type,
                            e.subject_kind,
                            e.subject_id,
                            e.body,
                            e.leaf_hash,
                        )
                    )
        cursor.execute("UPDATE ledger_counter SET next_sequence = %s", [size])
    raw.commit()
    return (size - have) / (time.perf_counter() - started)


def proofs(size: int, samples: int) -> dict:
    from openenforce.ledger.tiles import TileStore

    rng = random.Random(3)
    result = {}
    for run in ("cold", "warm"):  # warm: the process-wide cache of immutable tiles is filled
        times = []
        for _ in range(samples):
            index = rng.randrange(size)
            started = time.perf_counter()
            TileStore(shared=True).inclusion_proof(index, size)  # one request's store
            times.append(time.perf_counter() - started)
        result[run] = percentiles(times)
    return {**result["warm"], "cold": result["cold"]}


def percentiles(times: list[float]) -> dict:
    times.sort()
    return {
        "p50_ms": round(statistics.median(times) * 1000, 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 3),
    }


def pymerkle_proofs(size: int, samples: int) -> dict:
    """pymerkle 7's SqliteTree at the same size (built from the same number of entries)."""
    from pymerkle import SqliteTree

    path = Path(tempfile.mkdtemp()) / "pymerkle.db"
    tree = SqliteTree(str(path), algorithm="sha256")
    started = time.perf_counter()
    chunk = 100000
    for start in range(0, size, chunk):
        tree.append_entries([b"entry %d" % i for i in range(start, min(size, start + chunk))])
    build = time.perf_counter() - started
    rng = random.Random(3)
    times = []
    for _ in range(samples):
        index = rng.randrange(size) + 1  # pymerkle counts from 1
        started = time.perf_counter()
        tree.prove_inclusion(index, size)
        times.append(time.perf_counter() - started)
    return {**percentiles(times), "build_s": round(build, 1)}


def read_only(size: int) -> float:
    """Entries/s of only reading what verification reads (binary psycopg, same chunks): the
    ceiling any single-process verifier on this database and machine runs under."""
    import psycopg

    from openenforce.ledger import verify

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        cursor = psycopg.Cursor(conn)
        cursor.format = psycopg.pq.Format.BINARY
        started = time.perf_counter()
        for start in range(0, size, verify._CHUNK):
            verify._read(cursor, start)
        return size / (time.perf_counter() - started)


def hash_only(count: int = 262_144) -> float:
    """Entries/s of only the hashing verification does (each leaf, and the tree above it)
    on entries already in memory, in one process: the most one core can check."""
    from openenforce.ledger import merkle
    from openenforce.ledger.models import TILE_WIDTH, Entry

    bodies = [
        bytes(b) for b in Entry.objects.order_by("sequence").values_list("body", flat=True)[:count]
    ]
    h = merkle.hash_function()
    started = time.perf_counter()
    leaves = merkle.leaf_hashes(bodies, h)
    roots = [
        merkle.root_of(leaves[i : i + TILE_WIDTH], h) for i in range(0, len(leaves), TILE_WIDTH)
    ]
    merkle.root_of(roots, h)
    return len(bodies) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--size", type=int, help="log size for proofs and verification")
    args = parser.parse_args()
    # --quick must finish in under a minute: pymerkle's proofs and the fill dominate.
    size = args.size or (200_000 if args.quick else 10_000_000)  # quick: 2+ worker ranges
    n_durable = 200 if args.quick else 2000
    n_bulk = 20_000 if args.quick else 200_000
    samples = 300 if args.quick else 2000
    setup()
    from openenforce.accounts.models import Agency
    from openenforce.accounts.services import get_system_actor, save_agency
    from openenforce.ledger import services, verify

    actor = get_system_actor()
    agencies = [
        save_agency(Agency(code=f"a{i}", name=f"Agency {i}"), actor=actor) for i in range(20)
    ]
    result: dict = {
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
        "size": size,
        "quick": args.quick,
    }
    raw = raw_inserts(n_durable)
    durable = service_appends(n_durable, agencies[0])
    floor = statements_only(n_durable, agencies[0])
    result["durable"] = {
        "service_per_s": round(durable),
        "raw_per_s": round(raw),
        "ratio": round(durable / raw, 3),
        "statements_only_per_s": round(floor),
        "statements_only_ratio": round(floor / raw, 3),
        "target_ratio": 0.30,
    }
    bulk = bulk_appends(n_bulk, agencies)
    result["bulk"] = {"per_s": round(bulk), "entries": n_bulk, "target_per_s": 20000}
    result["fill_per_s"] = round(fill(size, agencies[0]))
    started = time.perf_counter()
    services.publish_checkpoint()
    result["integrate_and_sign_s"] = round(time.perf_counter() - started, 2)
    ours = proofs(size, samples)
    theirs = pymerkle_proofs(size, samples)
    result["inclusion_proof"] = {
        **ours,
        "target_p50_ms": 1,
        "target_p99_ms": 5,
        "pymerkle": theirs,
        "p50_ratio_vs_pymerkle": round(ours["p50_ms"] / theirs["p50_ms"], 3),
    }
    workers = verify.default_workers()
    started = time.perf_counter()
    problems = verify.verify_database(rows=False, workers=workers)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    problems += verify.verify_database(rows=False, workers=1)
    one_process = time.perf_counter() - started
    started = time.perf_counter()
    problems += verify.check_rows()
    rows_check = time.perf_counter() - started
    result["verify"] = {
        "entries_per_s": round(size / seconds),
        "workers": workers,
        "one_process_per_s": round(size / one_process),
        "ratio_vs_one_process": round(one_process / seconds, 2),
        "read_only_per_s": round(read_only(size)) if os.environ.get("DATABASE_URL") else None,
        "hash_only_per_s_per_core": round(hash_only()),
        "seconds": round(seconds, 2),
        "rows_check_s": round(rows_check, 3),
        "problems": len(problems),
        "target_per_s": 1_000_000,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
