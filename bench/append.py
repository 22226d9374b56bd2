"""The record's append ceiling: concurrent writers against the single append lock.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_append .venv/bin/python bench/append.py [--quick] [--seconds S]

The database named in DATABASE_URL is dropped and re-created. With 1, 2, 4 and 8 writer
processes, each appends record entries through the real service (``record`` in its own
transaction, one event per transaction, as a service that changes one row does) for a fixed
time; every append takes the record's counter row lock and holds it until its commit, so
appends serialise. Each writer also signs a checkpoint after its commit at most once per
``OPENENFORCE_LEDGER_CHECKPOINT_SECONDS``, as app servers do; the "unsigned" column leaves
that to the watcher, which isolates the append lock. Baseline, measured in the same run with
the same processes: a plain ``INSERT`` of a row of the same size into a scratch table, one
per transaction, which takes no shared lock. Prints appends per second and p50/p95 latency
per writer count, the ratio to the baseline, and JSON as its last line.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
os.environ.setdefault("OPENENFORCE_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.key"))

WRITERS = (1, 2, 4, 8)


def setup() -> list[int]:
    """A migrated database with one agency per writer (each writer records about its own
    subject, so only the record's lock is shared); their ids."""
    from bench.ledger import fresh_database  # drops and re-creates DATABASE_URL's database

    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openenforce.accounts.models import Agency
    from openenforce.accounts.services import get_system_actor, save_agency

    actor = get_system_actor()
    ids = [
        save_agency(Agency(code=f"w{i}", name=f"Writer {i}"), actor=actor).pk
        for i in range(max(WRITERS))
    ]
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_scratch (id bigserial PRIMARY KEY, body bytea)")
    from django.db import connections

    connections.close_all()
    return ids


def service_writer(agency_id: int, until: float, out, sign: bool = True) -> None:
    """Appends through ``record`` until ``until``; sends the latencies (s). Unless ``sign``,
    the writer leaves checkpoint signing to the watcher (``ledger checkpoint --watch``)
    instead of signing after its commits at most once per interval, as app servers do."""
    from django.conf import settings
    from django.db import transaction

    from openenforce.accounts.models import Agency
    from openenforce.ledger.services import record

    if not sign:
        settings.OPENENFORCE_LEDGER_CHECKPOINT_SECONDS = 1e9
    subject = Agency.objects.get(pk=agency_id)
    latencies = []
    while time.time() < until:
        started = time.perf_counter()
        with transaction.atomic():
            record(actor=None, event_type="bench.appended", subject=subject)
        latencies.append(time.perf_counter() - started)
    out.send(latencies)


def baseline_writer(agency_id: int, until: float, out) -> None:
    """Plain INSERTs of an entry-sized row into a scratch table, one per transaction."""
    import psycopg

    body = b"x" * 400
    latencies = []
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        while time.time() < until:
            started = time.perf_counter()
            conn.execute("INSERT INTO bench_scratch (body) VALUES (%s)", [body])
            latencies.append(time.perf_counter() - started)
    out.send(latencies)


def unsigned_writer(agency_id: int, until: float, out) -> None:
    service_writer(agency_id, until, out, sign=False)


def run(target, ids: list[int], writers: int, seconds: float) -> dict:
    """``writers`` processes running ``target`` together for ``seconds``."""
    context = multiprocessing.get_context("fork")
    until = time.time() + 1.0 + seconds  # a second to start them all
    pipes, processes = [], []
    for i in range(writers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=target, args=(ids[i], until, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    latencies = [latency for pipe in pipes for latency in pipe.recv()]
    for process in processes:
        process.join()
    ordered = sorted(latencies)
    return {
        "per_s": round(len(latencies) / seconds),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 s per measurement")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/append.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    seconds = 3.0 if args.quick else args.seconds
    ids = setup()
    result: dict = {"seconds_each": seconds, "cores": os.cpu_count(), "writers": {}}
    print(
        f"{'writers':>7} | {'record/s':>8} {'p50 ms':>7} {'p95 ms':>7} | {'unsigned/s':>10} "
        f"{'p95 ms':>7} | {'INSERT/s':>8} {'p95 ms':>7} | {'ratio':>5}"
    )
    for writers in WRITERS:
        service = run(service_writer, ids, writers, seconds)
        unsigned = run(unsigned_writer, ids, writers, seconds)
        baseline = run(baseline_writer, ids, writers, seconds)
        ratio = round(service["per_s"] / baseline["per_s"], 3)
        result["writers"][writers] = {
            "record": service,
            "record_unsigned": unsigned,
            "insert": baseline,
            "ratio": ratio,
        }
        print(
            f"{writers:>7} | {service['per_s']:>8} {service['p50_ms']:>7} {service['p95_ms']:>7} | "
            f"{unsigned['per_s']:>10} {unsigned['p95_ms']:>7} | {baseline['per_s']:>8} "
            f"{baseline['p95_ms']:>7} | {ratio:>5}"
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_entry")
        result["entries"] = cursor.fetchone()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
