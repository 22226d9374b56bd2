"""Benchmark of the to-do list (issue 15), against the case list in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_todo .venv/bin/python bench/todo.py [--quick] [--size N]

The database named in DATABASE_URL is dropped and re-created (without it: a fresh SQLite
file). Set-up bulk-creates ``--size`` open penalty cases (default 2,000): a quarter are
leads waiting for the head's filing approval, the rest are under investigation, one in
ten handled by the benchmark's officer (``bulk_create``: benchmark set-up only, never the
application's write path). Measures the median time of:

- the head's and the officer's start page (``/``), which computes the whole to-do list
  (the officer's steps are blocked by their gates, so every gate is evaluated);
- the navigation's count (``/todo/count``) computed afresh, and kept;
- the agency's case list (``/cases/?scope=agency``), the baseline.

Prints the ratios to the baseline; JSON as the last line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import bulk_create_unrecorded  # noqa: E402  (after the path is set)
from bench.cases import bench_team, setup, timed  # noqa: E402  (after the path is set)


def population(size: int):
    from django.utils import timezone

    from openenforce.cases.models import Case, CaseHandler

    agency, team, officer_user, officer, head = bench_team()
    matter, today = team.matters["penalty"], timezone.localdate()
    cases = [
        Case(
            agency=agency,
            number="" if i % 4 == 0 else f"基准罚立字〔2026〕第{i}号",
            procedure="penalty_ordinary",
            category="penalty",
            matter=matter,
            title=f"基准案件 {i}",
            state="lead" if i % 4 == 0 else "investigation",
            department=team.department,
            source="complaint",
            opened_on=today,
        )
        for i in range(size)
    ]
    bulk_create_unrecorded(Case, cases)
    handled = [c for i, c in enumerate(cases) if i % 4 and i % 10 == 1]
    bulk_create_unrecorded(
        CaseHandler, [CaseHandler(case=case, officer=officer, role="lead") for case in handled]
    )
    others = [c for i, c in enumerate(cases) if i % 4 and i % 10 != 1]
    extra = team.officer("O9")
    bulk_create_unrecorded(
        CaseHandler, [CaseHandler(case=case, officer=extra, role="lead") for case in others]
    )
    return head, officer_user, len(handled)


def count_afresh(client, user, runs: int) -> float:
    from openenforce.core import todo

    times = []
    for _ in range(runs):
        todo.forget(user)
        start = time.perf_counter()
        assert client.get("/todo/count").status_code == 200
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs and 500 cases")
    parser.add_argument("--size", type=int, default=None)
    args = parser.parse_args()
    size = args.size or (500 if args.quick else 2_000)
    setup()
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    head, officer, handled = population(size)
    setup_s = time.perf_counter() - started
    runs = 5 if args.quick else 20
    head_client, officer_client = Client(), Client()
    head_client.force_login(head)
    officer_client.force_login(officer)
    results = {
        "list_ms": timed(head_client, "/cases/?scope=agency", runs)[0],
        "head_home_ms": timed(head_client, "/", runs)[0],
        "officer_home_ms": timed(officer_client, "/", runs)[0],
        "head_count_afresh_ms": count_afresh(head_client, head, runs),
        "officer_count_afresh_ms": count_afresh(officer_client, officer, runs),
        "officer_count_kept_ms": timed(officer_client, "/todo/count", runs)[0],
    }
    base = results["list_ms"]
    result = {
        "benchmark": "todo",
        "database": connection.vendor,
        "cases": size,
        "officer_cases": handled,
        "runs": runs,
        "setup_s": round(setup_s, 1),
        **{k: round(v, 1) for k, v in results.items()},
        **{
            f"ratio_{k[:-3]}_to_list": round(v / base, 2)
            for k, v in results.items()
            if k != "list_ms"
        },
    }
    for key, value in result.items():
        print(f"{key:>34}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
