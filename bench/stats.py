"""Benchmark of the supervision dashboard and the annual report (issue 16), against a bare
indexed count of the same rows in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_stats .venv/bin/python bench/stats.py [--quick] [--cases N] [--entries N]

PostgreSQL only: the database named in DATABASE_URL is dropped and re-created. Set-up
builds a small catalogue through the services, then bulk-creates ``--cases`` cases of one
agency spread over the year 2026 (default 1,000,000; ``--quick`` 100,000): filed, decided
and closed on varied days, ordinary and simplified, warnings, fines and combined
penalties, mitigated ones, with a deadline on every second case; and ``--entries`` record
entries (default 10,000,000; ``--quick`` 1,000,000) with ``INSERT … SELECT
generate_series`` (benchmark set-up only, never the application's write path: these rows
are not a valid record). Then it measures:

- the dashboard (``/supervision/?agency=…`` for the year, as the head sees it): p95 of
  ``--runs`` requests through the full middleware stack; its case and deadline figures come
  from the kept figures (``supervision.kept``), which set-up computes once from the
  bulk-created rows (``kept_rebuild_s``: what the migration adding them costs at this size);
- the baseline: a bare count of the same agency's cases filed in the year, through the
  ORM, p95 of as many runs (target: the dashboard within 5× of it);
- the annual report of the year computed from the cases (``annualreports.tables.compute``):
  seconds, once (target: within 30 s).

``--keep`` measures again on the database a previous run populated (migrating it first,
so that new indexes are built on the existing rows): the set-up of a full-size run takes
minutes; the set-up time is then reported as 0.

Prints the figures; JSON as the last line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import bulk_create_unrecorded  # noqa: E402  (after the path is set)
from bench.cases import bench_team, setup  # noqa: E402  (after the path is set)

DASHBOARD_TARGET = 5.0  # the dashboard's p95 within 5x a bare count's p95
REPORT_TARGET_S = 30.0
YEAR = 2026
BATCH = 20_000

KINDS = (["warning"], ["fine"], ["fine"], ["fine", "confiscate_gains"], ["suspend_licence"])


def _case_rows(agency, team, start: int, count: int, rng: random.Random):
    from openenforce.cases.models import Case

    matter = team.matters["penalty"]
    first = datetime.date(YEAR, 1, 1)
    rows = []
    for i in range(start, start + count):
        opened = first + datetime.timedelta(days=rng.randrange(330))
        simplified = i % 5 == 0
        decided = opened + datetime.timedelta(days=rng.randrange(3, 60)) if i % 4 else None
        closed = (
            decided + datetime.timedelta(days=rng.randrange(1, 30)) if decided and i % 3 else None
        )
        kinds = KINDS[i % len(KINDS)] if decided else []
        fine = Decimal(rng.randrange(1, 200) * 100) if "fine" in kinds else None
        rows.append(
            Case(
                agency=agency,
                number=f"基准罚立字〔{YEAR}〕第{i}号",
                procedure="penalty_simplified" if simplified else "penalty_ordinary",
                category="penalty",
                matter=matter,
                title=f"基准案件 {i}",
                state="closed" if closed else ("execution" if decided else "investigation"),
                department=team.department,
                source="inspection" if i % 2 else "complaint",
                opened_on=opened,
                filed_on=opened,
                decided_on=decided,
                closed_on=closed,
                outcome=("penalty" if i % 17 else "no_penalty_minor") if decided else "",
                proposed_penalty_kinds=kinds,
                proposed_fine=fine,
                mitigated=bool(decided and i % 23 == 0),
                amount_forgone=Decimal(1000) if decided and i % 23 == 0 else None,
            )
        )
    return rows


def population(cases: int) -> tuple:
    """The agency, its head and ``cases`` cases in batches; a deadline on every second."""
    from openenforce.cases.models import Case, Deadline

    agency, team, _officer_user, _officer, head = bench_team()
    rng = random.Random(16)
    for start in range(0, cases, BATCH):
        rows = _case_rows(agency, team, start, min(BATCH, cases - start), rng)
        bulk_create_unrecorded(Case, rows)
        deadlines = [
            Deadline(
                case=case,
                kind="decision",
                rule="作出处罚决定期限",
                article="行政处罚法 Art 60",
                start=case.filed_on,
                days=90,
                unit="calendar",
                due=case.filed_on + datetime.timedelta(days=90),
                status="met" if case.decided_on else "open",
            )
            for n, case in enumerate(rows)
            if n % 2 == 0
        ]
        bulk_create_unrecorded(Deadline, deadlines)
    return agency, head


def entries(count: int) -> None:
    """``count`` record entries of plausible size (the table the dashboard does not read,
    but shares the server with)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ledger_entry
              (sequence, recorded_at, agency_id, actor_id, event_type, subject_kind,
               subject_id, body, leaf_hash)
            SELECT n, now() - (n || ' seconds')::interval, 1, 1, 'cases.case.viewed',
                   'cases.case', (n %% 1000000)::text,
                   convert_to(repeat('{"entry":' || n || '}', 12), 'UTF8'),
                   sha256(int8send(n))
            FROM generate_series(1000000000, 1000000000 + %s - 1) AS n
            """,
            [count],
        )
        cursor.execute("VACUUM ANALYZE")


def kept_population() -> tuple:
    """The agency and head of the last run's population, after migrating the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from openenforce.accounts.models import Agency, Role, User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    agency = Agency.objects.get(code="bench")
    head = User.objects.filter(agency=agency, role_assignments__role=Role.HEAD).first()
    return agency, head


def kept_counts(agency) -> tuple[int, int]:
    from django.db import connection

    from openenforce.cases.models import Case

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_entry")
        (entry_count,) = cursor.fetchone()
    return Case.objects.filter(agency=agency).count(), entry_count


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(fn, runs: int) -> list[float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100,000 cases, 1,000,000 entries")
    parser.add_argument("--cases", type=int)
    parser.add_argument("--entries", type=int)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--keep", action="store_true", help="measure again on the last run's population"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("bench/stats.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    cases = args.cases or (100_000 if args.quick else 1_000_000)
    entry_count = args.entries or (1_000_000 if args.quick else 10_000_000)
    started = time.perf_counter()
    if args.keep:
        agency, head = kept_population()
        cases, entry_count = kept_counts(agency)
    else:
        setup()
        agency, head = population(cases)
        entries(entry_count)
    from openenforce.supervision import kept
    from openenforce.supervision.models import KeptFigure

    # The cases were bulk-created behind the record's back (set-up only): their kept
    # figures are computed once from the table, as the migration that adds them does.
    rebuild_s = 0.0
    if not args.keep or not KeptFigure.objects.exists():
        start = time.perf_counter()
        kept.rebuild()
        rebuild_s = time.perf_counter() - start
    setup_s = time.perf_counter() - started
    from django.test import Client

    from openenforce.annualreports import tables
    from openenforce.cases.models import Case

    client = Client()
    client.force_login(head)
    url = f"/supervision/?agency={agency.pk}&from={YEAR}-01-01&to={YEAR}-12-31"

    def dashboard():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    year = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    page = timed(dashboard, args.runs)
    bare = timed(
        lambda: Case.objects.filter(agency=agency, filed_on__range=year).count(), args.runs
    )
    start = time.perf_counter()
    tables.compute(agency, YEAR)
    report_s = time.perf_counter() - start
    result = {
        "benchmark": "stats",
        "cases": cases,
        "entries": entry_count,
        "runs": args.runs,
        "setup_s": round(setup_s, 1),
        "kept_rebuild_s": round(rebuild_s, 1),
        "dashboard_p95_ms": round(p95(page), 1),
        "dashboard_median_ms": round(statistics.median(page), 1),
        "bare_count_p95_ms": round(p95(bare), 1),
        "ratio_dashboard_to_count": round(p95(page) / p95(bare), 2),
        "dashboard_target": DASHBOARD_TARGET,
        "report_s": round(report_s, 1),
        "report_target_s": REPORT_TARGET_S,
    }
    result["target_met"] = (
        result["ratio_dashboard_to_count"] <= DASHBOARD_TARGET and report_s <= REPORT_TARGET_S
    )
    for key, value in result.items():
        print(f"{key:>26}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
