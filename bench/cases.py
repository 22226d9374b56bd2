"""Benchmark of the staff workbench case list (issue 4), against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_cases .venv/bin/python bench/cases.py [--quick] [--size N]

The database named in DATABASE_URL is dropped and re-created. Set-up bulk-creates
``--size`` cases (default 100,000) with an open deadline on every second one and a handler on every
tenth (``bulk_create``: benchmark set-up only, never the application's write path).
Measures the median response time of the workbench list (the agency's cases, as the
head sees them; my cases, as an officer sees them; the overdue filter) through the full
middleware stack, and of a bare Django view rendering a template of the same size
through the same stack. Prints the ratios (target: the agency's list and "my cases" within
3x the bare view; the keyword search, which matches a substring anywhere in the number or
title and so reads every open case, is reported beside them); JSON as the last line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk import bulk_create_unrecorded  # noqa: E402  (after the path is set)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
os.environ.setdefault("OPENENFORCE_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.key"))

TARGET_RATIO = 3.0  # the agency's list and "my cases" within 3x the bare view

ROWS_TEMPLATE = """{% extends "base.html" %}{% block content %}<table class="list">
{% for row in rows %}<tr><td>{{ row.0 }}</td><td>{{ row.1 }}</td><td>{{ row.2 }}</td></tr>{% endfor %}
</table>{% endblock %}"""


def setup() -> None:
    from bench.ledger import fresh_database  # drops and re-creates DATABASE_URL's database

    if os.environ.get("DATABASE_URL"):
        fresh_database()
    else:
        os.environ["OPENENFORCE_VAR_DIR"] = tempfile.mkdtemp()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def bench_team():
    """The benchmark's agency through the services: its small catalogue (``Team``), an
    officer ``O1`` with a user, and a head. Returns (agency, team, officer user, officer,
    head)."""
    from openenforce.accounts.models import Agency, Role
    from openenforce.accounts.services import get_system_actor, save_agency
    from openenforce.testing.team import Team

    actor = get_system_actor()
    agency = save_agency(Agency(code="bench", name="基准测试局", short_name="基准"), actor=actor)
    team = Team(agency, actor, prefix="B")
    officer_user = team.user("officer", Role.OFFICER)
    officer = team.officer("O1", user=officer_user)
    return agency, team, officer_user, officer, team.user("head", Role.HEAD)


def population(size: int):
    """A small catalogue through the services, then ``size`` cases in bulk."""
    from django.utils import timezone

    from openenforce.cases.models import Case, CaseHandler, Deadline

    agency, team, officer_user, officer, head = bench_team()
    matter, today = team.matters["penalty"], timezone.localdate()
    cases = [
        Case(
            agency=agency,
            number=f"基准罚立字〔2026〕第{i}号",
            procedure="penalty_ordinary",
            category="penalty",
            matter=matter,
            title=f"基准案件 {i}",
            state="investigation",
            department=team.department,
            source="complaint",
            opened_on=today,
        )
        for i in range(size)
    ]
    bulk_create_unrecorded(Case, cases)
    deadlines = [
        Deadline(
            case=case,
            kind="decision",
            rule="作出处罚决定期限",
            article="行政处罚法 Art 60",
            start=today,
            days=90,
            unit="calendar",
            due=today + datetime.timedelta(days=(i % 120) - 20),
        )
        for i, case in enumerate(cases)
        if i % 2 == 0  # half the cases have a period running (leads and closed ones none)
    ]
    bulk_create_unrecorded(Deadline, deadlines)
    handlers = [CaseHandler(case=case, officer=officer, role="lead") for case in cases[::10]]
    bulk_create_unrecorded(CaseHandler, handlers)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None
    return head, officer_user


def bare_urls(size_bytes: int) -> str:
    """A URLconf with the application's URLs plus one bare view whose template renders
    as many bytes as the workbench page."""
    from django.shortcuts import render
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(ROWS_TEMPLATE)
    rows = [("x" * 20, "y" * 40, "z" * 20)]
    one = len(template.render({"rows": rows}))
    per_row = max(len(template.render({"rows": rows * 2})) - one, 1)
    count = max((size_bytes - one) // per_row + 1, 1)

    def bare(request):
        response = render(request, "base.html", {})
        response.content = template.render({"rows": rows * count, "request": request})
        return response

    module = types.ModuleType("bench_cases_urls")
    module.urlpatterns = [path("bench/bare/", bare), path("", include("openenforce.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def timed(client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs (under a minute)")
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client, override_settings

    started = time.perf_counter()
    head, officer = population(args.size)
    setup_s = time.perf_counter() - started
    runs = 5 if args.quick else 30
    head_client, officer_client = Client(), Client()
    head_client.force_login(head)
    officer_client.force_login(officer)
    results = {}
    agency_ms, size = timed(head_client, "/cases/?scope=agency", runs)
    results["agency_ms"] = agency_ms
    results["mine_ms"], _ = timed(officer_client, "/cases/?scope=mine", runs)
    results["overdue_ms"], _ = timed(head_client, "/cases/?scope=agency&due=overdue", runs)
    results["search_ms"], _ = timed(head_client, "/cases/?scope=agency&q=99999", runs)
    with override_settings(ROOT_URLCONF=bare_urls(size)):
        results["bare_ms"], bare_size = timed(head_client, "/bench/bare/", runs)
    result = {
        "benchmark": "cases",
        "database": connection.vendor,
        "cases": args.size,
        "runs": runs,
        "setup_s": round(setup_s, 1),
        "page_bytes": size,
        "bare_bytes": bare_size,
        **{k: round(v, 1) for k, v in results.items()},
        "ratio_agency_to_bare": round(results["agency_ms"] / results["bare_ms"], 2),
        "ratio_mine_to_bare": round(results["mine_ms"] / results["bare_ms"], 2),
        "ratio_overdue_to_bare": round(results["overdue_ms"] / results["bare_ms"], 2),
        "ratio_search_to_bare": round(results["search_ms"] / results["bare_ms"], 2),
        "target_ratio": TARGET_RATIO,
    }
    result["target_met"] = max(result["ratio_agency_to_bare"], result["ratio_mine_to_bare"]) <= (
        TARGET_RATIO
    )
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
