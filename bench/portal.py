"""Benchmark of the public portal under gunicorn, against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_portal .venv/bin/python bench/portal.py [--quick]

The database named in DATABASE_URL is dropped and re-created (unset: SQLite in a temporary
directory). Set-up builds a catalogue through the services and bulk-creates ``--items``
published decisions (``bulk_create``: benchmark set-up only, never the application's write
path). Then gunicorn serves the application with 2 sync workers on loopback, and a load
generator of ``--clients`` processes (one HTTP/1.1 request per connection, as gunicorn's
sync workers close connections) measures the throughput of each portal page and of a bare
Django view rendering the same number of bytes through the same middleware stack, twice:
as deployed (each app server keeps rendered public pages for 30 s,
OPENENFORCE_PORTAL_CACHE_SECONDS) and uncached (every request renders and queries).
Target: each page at least half the bare view's throughput (judged as deployed; the
uncached figures are reported beside it).

When ``bench/portal_search.py`` exists and DATABASE_URL names PostgreSQL, its ``run()`` is
called in a child process on a separate database (``<name>_search``) and its result is
included (target: search over 1,000,000 published decisions, p95 <= 100 ms).
JSON as the last line.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bulk import bulk_create_unrecorded  # noqa: E402  (after the path is set)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
os.environ.setdefault("OPENENFORCE_LEDGER_KEY_FILE", str(Path(tempfile.mkdtemp()) / "bench.key"))
TARGET_RATIO = 0.5
ROUNDS = 5  # alternating slices of page and bare view per measurement

BARE_TEMPLATE = """{% extends "portal/base.html" %}{% block content %}<table class="list">
{% for row in rows %}<tr><td>{{ row }}</td></tr>{% endfor %}</table>{% endblock %}"""


# -- served by gunicorn: the application's URLs plus one bare view --------------------------


def bare(request):
    """A bare view: a template of ``?bytes=N`` bytes through the same middleware stack."""
    from django.http import HttpResponse
    from django.template import engines

    size = int(request.GET.get("bytes", "10000"))
    template = engines["django"].from_string(BARE_TEMPLATE)
    one = len(template.render({"rows": ["x" * 60]}, request))
    count = max((size - one) // 76 + 1, 1)  # one row renders 76 bytes
    return HttpResponse(template.render({"rows": ["x" * 60] * count}, request))


def _urlpatterns():
    from django.contrib.auth.decorators import login_not_required
    from django.urls import include, path

    return [path("bench/bare/", login_not_required(bare)), path("", include("openenforce.urls"))]


def wsgi_application():
    """``gunicorn 'bench.portal:wsgi_application()'``: the app with the bare view added."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.portal_urls"
    module = type(sys)("bench.portal_urls")
    module.urlpatterns = _urlpatterns()
    sys.modules[module.__name__] = module
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# -- set-up ---------------------------------------------------------------------------------


def setup() -> None:
    if os.environ.get("DATABASE_URL"):
        from bench.ledger import fresh_database

        fresh_database()
    else:
        os.environ["OPENENFORCE_VAR_DIR"] = tempfile.mkdtemp()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def population(items: int) -> dict:
    """A catalogue through the services; ``items`` published decisions in bulk."""
    from django.utils import timezone

    from openenforce.accounts.models import Agency
    from openenforce.accounts.services import get_system_actor, save_agency
    from openenforce.disclosure.models import Publication
    from openenforce.testing.catalog import build_catalog

    actor = get_system_actor()
    agency = save_agency(
        Agency(code="bench", name="基准测试局", short_name="基准", complaint_phone="12345"),
        actor=actor,
    )
    catalog = build_catalog(agency, actor, prefix="B")
    now, today = timezone.now(), timezone.localdate()
    text = "当事人张某未按规定建立入院评估制度，违反《养老机构管理办法》第四十六条。" * 8
    rows = [
        Publication(
            agency=agency,
            kind="penalty",
            matter=catalog.matter,
            category="penalty",
            document_number=f"基准罚决字〔2026〕第{i}号",
            title=f"对某养老机构的行政处罚决定 {i}",
            original_text=text,
            masked_text=text,
            status="published",
            decided_on=today,
            due_on=today,
            published_at=now - datetime.timedelta(minutes=i),
            retention_until=today + datetime.timedelta(days=365 * 5),
        )
        for i in range(items)
    ]
    bulk_create_unrecorded(Publication, rows)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would after a bulk load (VACUUM also marks the pages all-visible,
            # which index-only scans need; this machine's server runs with autovacuum off).
            cursor.execute("VACUUM ANALYZE")
    first = Publication.objects.order_by("-published_at").first()
    return {
        "home": "/portal/",
        "officers": "/portal/officers/",
        "certificate": f"/portal/certificates/{catalog.certificate.number}/",
        "matter": f"/portal/matters/{catalog.matter.pk}/",
        "decisions": "/portal/decisions/",
        "decision": f"/portal/decisions/{first.pk}/",
        "api_decisions": "/api/v1/public/decisions",
    }


# -- load -----------------------------------------------------------------------------------


def _worker(port: int, path: str, until: float, queue) -> None:
    done = errors = 0
    while time.time() < until:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Accept-Language": "zh-hans"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
    queue.put((done, errors))


def throughput(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    """Requests per second over ``seconds`` with ``clients`` concurrent processes."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    until = time.time() + seconds
    procs = [
        multiprocessing.Process(target=_worker, args=(port, path, until, queue))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    if errors:
        raise SystemExit(f"{path}: {errors} failed requests")
    return done / seconds, done


def page_bytes(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Language": "zh-hans"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return len(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.portal:wsgi_application()",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            page_bytes(port, "/portal/")
            return proc
        except (OSError, SystemExit):
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def measure(pages: dict, seconds: float, clients: int, cache_seconds: int) -> dict:
    """Each page and a bare view of its size, on one gunicorn with the given page cache."""
    os.environ["OPENENFORCE_PORTAL_CACHE_SECONDS"] = str(cache_seconds)
    port = _free_port()
    server = start_gunicorn(port)
    results = {}
    try:
        for name, path in pages.items():
            size = page_bytes(port, path)
            # The page and the bare view take turns in short slices, so that whatever else
            # the machine does weighs on both alike.
            page_runs, bare_runs = [], []
            for _round in range(ROUNDS):
                page_runs.append(throughput(port, path, seconds / ROUNDS, clients)[0])
                bare = f"/bench/bare/?bytes={size}"
                bare_runs.append(throughput(port, bare, seconds / ROUNDS, clients)[0])
            page_rps, bare_rps = sum(page_runs) / ROUNDS, sum(bare_runs) / ROUNDS
            bare_size = page_bytes(port, f"/bench/bare/?bytes={size}")
            results[name] = {
                "bytes": size,
                "bare_bytes": bare_size,
                "rps": round(page_rps, 1),
                "bare_rps": round(bare_rps, 1),
                "ratio": round(page_rps / bare_rps, 2),
            }
            print(
                f"{name:>14}: {page_rps:7.1f} req/s  bare {bare_rps:7.1f} req/s  "
                f"ratio {page_rps / bare_rps:.2f}  ({size} / {bare_size} bytes)",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


def search_benchmark(quick: bool) -> dict | None:
    """The full-text search benchmark, in a child process on its own database."""
    if not (ROOT / "bench" / "portal_search.py").exists():
        return None
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {"skipped": "bench/portal_search.py measures PostgreSQL: set DATABASE_URL"}
    env = {**os.environ, "DATABASE_URL": url + "_search", "PYTHONPATH": str(ROOT)}
    code = f"import json; from bench import portal_search; print(json.dumps(portal_search.run({quick})))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs, fewer items")
    parser.add_argument("--items", type=int, help="published decisions (default 100,000)")
    parser.add_argument("--clients", type=int, default=4, help="load generator processes")
    parser.add_argument("--no-search", action="store_true", help="skip the search benchmark")
    args = parser.parse_args()
    items = args.items or (10_000 if args.quick else 100_000)
    seconds = 3.0 if args.quick else 10.0
    setup()
    from django.db import connection

    started = time.perf_counter()
    pages = population(items)
    setup_s = time.perf_counter() - started
    vendor = connection.vendor
    connection.close()
    modes = {}
    for mode, cache_seconds in (("cached", 30), ("uncached", 0)):
        print(f"-- pages {mode} (OPENENFORCE_PORTAL_CACHE_SECONDS={cache_seconds})", flush=True)
        modes[mode] = measure(pages, seconds, args.clients, cache_seconds)
    results = modes["cached"]
    # The target is about pages; the JSON API is reported beside them.
    worst = min(r["ratio"] for name, r in results.items() if not name.startswith("api_"))
    uncached = modes["uncached"]
    result = {
        "benchmark": "portal",
        "database": vendor,
        "items": items,
        "workers": 2,
        "clients": args.clients,
        "seconds_per_measure": seconds,
        "setup_s": round(setup_s, 1),
        "pages": results,
        "worst_ratio": worst,
        "target_ratio": TARGET_RATIO,
        "target_met": worst >= TARGET_RATIO,
        "pages_uncached": uncached,
        "worst_ratio_uncached": min(
            r["ratio"] for name, r in uncached.items() if not name.startswith("api_")
        ),
    }
    if not args.no_search:
        search = search_benchmark(args.quick)
        if search is not None:
            result["search"] = search
            print(f"{'search':>14}: {json.dumps(search)[:300]}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
