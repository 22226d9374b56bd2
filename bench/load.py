"""Load test: 50 staff users working cases and 200 citizens on the portal at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_load .venv/bin/python bench/load.py [--quick] [--run-time S]

PostgreSQL only: the database named in DATABASE_URL is dropped and re-created. Set-up, as
an installation would be: migrate and the demo data (``openenforce demo --no-serve``), then
through the services (never bulk writes: the record must verify afterwards) 50 more staff
accounts of the demo's bureau, each an officer with the officer role and a certificate
covering the civil affairs field, and one penalty lead per officer (its own, with the next
officer as the second handler). ``collectstatic`` runs meanwhile. Then gunicorn serves
``openenforce.wsgi`` with 2 workers on a free loopback port, production-like (DEBUG off, a
secret key file, OPENENFORCE_ALLOWED_HOSTS=127.0.0.1, hashed static files through
WhiteNoise), and Locust (``bench/locustfile.py``, headless, loopback only) runs 50 staff
users (log in through the form, then the to-do page, case lists, their cases, timelines,
due list, notifications, and now and then a new lead through the form) and 200 citizens
(portal pages, decisions, officers, a certificate check, matters, the search, the public
API) for ``--run-time`` seconds (default 120; ``--quick`` 45). Afterwards gunicorn is
stopped and ``openenforce ledger verify`` checks the record.

Prints per page: requests, failures, median, p95 and p99 (ms), and the totals, for the
whole run and for its steady state (the requests started after the last officer's log-in
answered: the 50 log-ins arrive within two seconds, and their password checks queue the
other requests for a while). Exits 1 if any request failed or the record does not verify.
JSON as the last line.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

STAFF, CITIZENS, SPAWN_RATE = 50, 200, 25
LOGIN_POST = "POST /accounts/login/"
PASSWORD_BYTES = 18


def environment(work: Path) -> dict[str, str]:
    """The production-like settings of scripts/smoke-production.sh, for loopback HTTP."""
    (work / "secret-key").write_text(secrets.token_urlsafe(64), encoding="utf-8")
    (work / "secret-key").chmod(0o600)
    env = {
        "DJANGO_SETTINGS_MODULE": "openenforce.settings",
        "OPENENFORCE_VAR_DIR": str(work / "var"),
        "OPENENFORCE_SECRET_KEY_FILE": str(work / "secret-key"),
        "OPENENFORCE_LEDGER_KEY_FILE": str(work / "ledger-signing.key"),
        "OPENENFORCE_DEBUG": "0",
        "OPENENFORCE_ALLOWED_HOSTS": "127.0.0.1",
        "OPENENFORCE_STATIC_COLLECTED": "1",  # hashed, compressed files from STATIC_ROOT
        "OPENENFORCE_DEMO_PASSWORD": "load-" + secrets.token_urlsafe(PASSWORD_BYTES),
        "PYTHONPATH": str(ROOT),
    }
    for name in ("OPENENFORCE_SECRET_KEY", "OPENENFORCE_TEST_NOW", "OPENENFORCE_SECURE"):
        os.environ.pop(name, None)
    os.environ.update(env)
    return dict(os.environ)


def run(command: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("w") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        print(log.read_text()[-3000:], file=sys.stderr)
        raise SystemExit(f"{' '.join(command[:3])} failed (exit {done.returncode})")


# -- set-up: the demo, then 50 officers with a case each, through the services ------------


def population(password: str) -> dict:
    """50 officers of the demo's bureau, one lead each; what the Locust users need."""
    import django

    django.setup()
    from openenforce.accounts.models import Agency, Department, Role
    from openenforce.accounts.services import create_user, get_system_actor
    from openenforce.cases.services import file_case
    from openenforce.catalog.models import Certificate, EnforcementField, Matter, Officer
    from openenforce.catalog.services import save_entry
    from openenforce.demo.data.accounts import BUREAU
    from openenforce.portal import selectors as portal

    actor = get_system_actor()
    agency = Agency.objects.get(code=BUREAU)
    department = Department.objects.get(agency=agency, code="brigade")
    field = EnforcementField.objects.get(agency=agency, code="civil")
    active = Matter.objects.filter(agency=agency, status=Matter.Status.ACTIVE, field=field)
    matter = active.filter(category="penalty").order_by("code").first()
    staff = []
    for i in range(1, STAFF + 1):
        user = create_user(
            f"load{i:02d}",
            actor=actor,
            agency=agency,
            roles=[Role.OFFICER],
            password=password,
            display_name=f"负载测试{i:02d}",
            department=department,
        )
        officer = save_entry(
            Officer(
                agency=agency,
                code=f"LT-{i:03d}",
                name=f"负载测试{i:02d}",
                employment=Officer.Employment.CIVIL_SERVANT,
                department=department,
                position="执法队员",
                user=user,
            ),
            actor=actor,
        )
        save_entry(
            Certificate(
                officer=officer,
                number=f"220199269{i:02d}",
                issuing_authority="吉林省人民政府",
                valid_from=datetime.date(2024, 1, 1),
                valid_to=datetime.date(2099, 12, 31),
            ),
            actor=actor,
            relations={"fields": [field]},
        )
        staff.append({"username": user.username, "officer": officer.code, "user": user})
    for i, person in enumerate(staff):
        partner = staff[(i + 1) % STAFF]
        case = file_case(
            actor=person["user"],
            procedure="penalty_ordinary",
            matter=matter,
            title=f"{person['officer']} 负载测试线索",
            source="complaint",
            facts="群众来电反映某养老机构未按规定建立入院评估制度。",
            parties=[{"kind": "organisation", "name": f"长春新区某养老院{i + 1}"}],
            handlers=[person["officer"], partner["officer"]],
        )
        person["cases"] = [case.pk]
    for i, person in enumerate(staff):  # the partner's lead is theirs to work on too
        person["cases"].append(staff[(i - 1) % STAFF]["cases"][0])
        person["partner"] = staff[(i + 1) % STAFF]["officer"]
        del person["user"]
    decisions = list(
        portal.filtered_decisions(portal.DecisionFilters()).values_list("pk", flat=True)[:50]
    )
    certificates = list(
        Certificate.objects.filter(officer__agency=agency).values_list("number", flat=True)
    )
    matters = list(Matter.objects.filter(status=Matter.Status.ACTIVE).values_list("pk", flat=True))
    return {
        "password": password,
        "matter": matter.pk,
        "staff": staff,
        "portal": {
            "decisions": decisions,
            "certificates": certificates,
            "matters": matters[:100],
            "agencies": list(portal.public_agencies().values_list("code", flat=True)),
            "search": ["养老", "罚款", "警告", "消防", "食品", "营业执照", "许可"],
        },
    }


# -- gunicorn and Locust ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "openenforce.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    helptext = subprocess.run([command[0], "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in helptext:  # gunicorn 27: no control socket for this server
        command.append("--no-control-socket")
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    proc.kill()
    print(log.read_text()[-3000:], file=sys.stderr)
    raise SystemExit("gunicorn did not answer /healthz")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_locust(port: int, seconds: int, env: dict[str, str], work: Path) -> int:
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(STAFF + CITIZENS),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(work / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with (work / "locust.log").open("w") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return done.returncode


def verify_ledger(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [str(BIN / "openenforce"), "ledger", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    return {
        "exit": done.returncode,
        "clean": done.returncode == 0,
        "last": lines[-1] if lines else "",
    }


def read_stats(work: Path) -> tuple[list[dict], dict]:
    """Per page and aggregated: requests, failures, median/p95/p99 (ms), req/s."""

    def row(r: dict) -> dict:
        return {
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "median_ms": float(r["50%"]) if r["50%"] != "N/A" else None,
            "p95_ms": float(r["95%"]) if r["95%"] != "N/A" else None,
            "p99_ms": float(r["99%"]) if r["99%"] != "N/A" else None,
            "rps": round(float(r["Requests/s"]), 1),
        }

    pages, total = [], {}
    with (work / "locust_stats.csv").open(newline="") as f:
        for r in csv.DictReader(f):
            if r["Name"] == "Aggregated":
                total = row(r)
            else:
                pages.append({"page": f"{r['Type']} {r['Name']}", **row(r)})
    return pages, total


def _percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


def steady_state(work: Path) -> tuple[float, list[dict], dict]:
    """The same figures for the requests that started after the last log-in answered
    (every officer's password check done): seconds into the run, per page, total."""
    rows = []
    for line in (work / "requests.tsv").read_text(encoding="utf-8").splitlines():
        start, page, ms, failed = line.split("\t")
        rows.append((float(start), page, float(ms), failed == "1"))
    if not rows:
        return 0.0, [], {}
    first = min(r[0] for r in rows)
    logins = [r[0] + r[2] / 1000 for r in rows if r[1] == LOGIN_POST]
    after = max(logins, default=first)
    steady = [r for r in rows if r[0] >= after]

    def figures(chosen: list) -> dict:
        ms = sorted(r[2] for r in chosen)
        return {
            "requests": len(chosen),
            "failures": sum(r[3] for r in chosen),
            "median_ms": round(_percentile(ms, 0.50)),
            "p95_ms": round(_percentile(ms, 0.95)),
            "p99_ms": round(_percentile(ms, 0.99)),
        }

    pages = [
        {"page": page, **figures([r for r in steady if r[1] == page])}
        for page in sorted({r[1] for r in steady}, key=lambda p: p.split(" ", 1)[::-1])
    ]
    total = figures(steady) if steady else {}
    if steady:
        span = max(r[0] for r in steady) - after
        total["rps"] = round(len(steady) / span, 1) if span > 0 else 0.0
    return after - first, pages, total


def print_table(pages: list[dict], total: dict) -> None:
    print(f"{'page':<40} {'requests':>8} {'fail':>5} {'median':>7} {'p95':>7} {'p99':>7}")
    for p in pages:
        print(
            f"{p['page'][:40]:<40} {p['requests']:>8} {p['failures']:>5} "
            f"{p['median_ms'] or 0:>7.0f} {p['p95_ms'] or 0:>7.0f} {p['p99_ms'] or 0:>7.0f}"
        )
    print(
        f"{'total':<40} {total.get('requests', 0):>8} {total.get('failures', 0):>5} "
        f"{total.get('median_ms') or 0:>7.0f} {total.get('p95_ms') or 0:>7.0f} "
        f"{total.get('p99_ms') or 0:>7.0f}   {total.get('rps', 0)} req/s  (times in ms)"
    )


def failures(work: Path) -> list[str]:
    path = work / "locust_failures.csv"
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return [
            f"{r['Occurrences']}× {r['Method']} {r['Name']}: {r['Error']}"
            for r in csv.DictReader(f)
        ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a 45 s run instead of 120 s")
    parser.add_argument("--run-time", type=int, help="seconds of load (default 120)")
    args = parser.parse_args()
    seconds = args.run_time or (45 if args.quick else 120)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench/load.py runs on PostgreSQL only: set DATABASE_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/oe_bench_load "
            "(that database is dropped and re-created)"
        )
    work = Path(tempfile.mkdtemp(prefix="oe-load-"))
    env = environment(work)
    from bench.ledger import fresh_database

    fresh_database()
    started = time.perf_counter()
    oe = str(BIN / "openenforce")
    with (work / "collectstatic.log").open("w") as out:
        collect = subprocess.Popen(
            [oe, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    run([oe, "demo", "--no-serve"], env, work / "demo.log")
    data = population(env["OPENENFORCE_DEMO_PASSWORD"])
    from django.db import connections

    connections.close_all()
    if collect.wait() != 0:
        raise SystemExit(
            (work / "collectstatic.log").read_text()[-3000:] + "\ncollectstatic failed"
        )
    data_file = work / "load-data.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    data_file.chmod(0o600)
    env["OPENENFORCE_LOAD_DATA"] = str(data_file)
    env["OPENENFORCE_LOAD_LOG"] = str(work / "requests.tsv")
    setup_s = time.perf_counter() - started
    print(f"set-up: demo data and {STAFF} officers with their cases in {setup_s:.0f} s", flush=True)

    port = _free_port()
    server = start_gunicorn(port, env, work / "gunicorn.log")
    print(
        f"gunicorn (2 workers) on 127.0.0.1:{port}; Locust: {STAFF} staff + {CITIZENS} "
        f"citizens for {seconds} s",
        flush=True,
    )
    try:
        locust_exit = run_locust(port, seconds, env, work)
    finally:
        stop(server)
    ledger = verify_ledger(env)
    pages, total = read_stats(work)
    errors = failures(work)

    warm, steady_pages, steady_total = steady_state(work)
    print(f"\n-- the whole run ({seconds} s), the {STAFF} log-ins included")
    print_table(pages, total)
    print(f"\n-- steady state: requests started after the last log-in answered ({warm:.0f} s in)")
    print_table(steady_pages, steady_total)
    for line in errors:
        print(f"FAILED {line}")
    if locust_exit not in (0, 1) or not pages:  # 1: some requests failed (listed above)
        print((work / "locust.log").read_text()[-3000:], file=sys.stderr)
    gunicorn_log = (work / "gunicorn.log").read_text()
    if any(s in gunicorn_log for s in ("Traceback", "[ERROR]", "Internal Server Error")):
        print("gunicorn log:\n" + gunicorn_log[-3000:], file=sys.stderr)
    print(f"ledger verify: exit {ledger['exit']}: {ledger['last']}")
    ok = bool(pages) and total.get("failures", 1) == 0 and locust_exit == 0 and ledger["clean"]
    result = {
        "benchmark": "load",
        "database": "postgresql",
        "workers": 2,
        "staff_users": STAFF,
        "citizen_users": CITIZENS,
        "run_time_s": seconds,
        "setup_s": round(setup_s, 1),
        "requests": total.get("requests", 0),
        "failures": total.get("failures", 0),
        "rps": total.get("rps", 0),
        "p95_ms": total.get("p95_ms"),
        "pages": {p["page"]: {k: v for k, v in p.items() if k != "page"} for p in pages},
        "steady_after_s": round(warm, 1),
        "steady": {
            "requests": steady_total.get("requests", 0),
            "failures": steady_total.get("failures", 0),
            "rps": steady_total.get("rps", 0),
            "p95_ms": steady_total.get("p95_ms"),
            "pages": {p["page"]: {k: v for k, v in p.items() if k != "page"} for p in steady_pages},
        },
        "ledger_verify": ledger,
        "ok": ok,
    }
    if ok:
        shutil.rmtree(work, ignore_errors=True)  # the secret key, passwords, logs
    else:
        print(f"logs kept in {work}")
    print(json.dumps(result, ensure_ascii=False))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
