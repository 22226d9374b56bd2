"""Benchmark of evidence uploads (issue 5): 1 GiB through the tus endpoint on loopback.

    .venv/bin/python bench/evidence.py [--quick] [--size-mib N] [--port N]

Starts a real server process (``openenforce runserver --noreload``, one process) on a
fresh var directory (SQLite; with DATABASE_URL set, that PostgreSQL database is dropped and
re-created), uploads a file of random data (1 GiB; ``--quick``: 64 MiB) with the standard
tus client (tuspy, 32 MiB chunks) and compares, in the same run:

- upload throughput against ``sha256sum`` reading the same file (page-cached) — the
  upload also moves every byte over loopback and writes it to disk;
- the server's hashing (hashlib, as the upload path uses it) against ``sha256sum``;
- the server process's peak memory (VmHWM from /proc/<pid>/status), target < 150 MB.

It also checks that the stored blob's SHA-256 equals ``sha256sum``'s. The median time to
render a penalty decision PDF is reported when ``openenforce.documents.render`` provides
it (``pdf_render_median_ms``). JSON as the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIB = 1024 * 1024
MEMORY_TARGET_MB = 150
SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from openenforce.accounts.models import Agency, Role
from openenforce.accounts.services import create_user, get_system_actor, issue_api_token, save_agency
actor = get_system_actor()
agency = save_agency(Agency(code="bench", name="Bench agency", short_name="Bench"), actor=actor)
user = create_user("bench", actor=actor, agency=agency, roles=[Role.OFFICER],
                   password="correct horse battery 42", display_name="bench")
print(issue_api_token(user, actor=actor))
"""
BLOB = """
import django; django.setup()
from openenforce.evidence.models import Upload
upload = Upload.objects.select_related("blob").get(pk="{pk}")
print(upload.status, upload.blob.sha256 if upload.blob_id else "")
"""


def environment(var_dir: Path, size: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="openenforce.settings",
        OPENENFORCE_VAR_DIR=str(var_dir),
        OPENENFORCE_LEDGER_KEY_FILE=str(var_dir / "bench.key"),
        OPENENFORCE_EVIDENCE_MAX_BYTES=str(max(size, 2 * 1024**3)),
    )
    return env


def django_snippet(code: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def make_file(path: Path, size: int) -> None:
    """An MP4 header (sniffed as video/mp4), then random data: incompressible, like video."""
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    with open(path, "wb") as out:
        out.write(header)
        written = len(header)
        while written < size:
            chunk = os.urandom(min(16 * MIB, size - written))
            out.write(chunk)
            written += len(chunk)


def time_sha256sum(path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.split()[0]


def time_hashlib(path: Path) -> float:
    """SHA-256 the way the upload path computes it: hashlib, 1 MiB at a time."""
    digest = hashlib.sha256()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        while chunk := handle.read(MIB):  # evidence.storage.CHUNK
            digest.update(chunk)
    return time.perf_counter() - started


def start_server(env: dict, port: int) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/openenforce"), "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def upload(path: Path, port: int, token: str) -> tuple[float, str]:
    from tusclient import client

    tus = client.TusClient(
        f"http://127.0.0.1:{port}/api/v1/uploads/", headers={"Authorization": f"Bearer {token}"}
    )
    uploader = tus.uploader(
        file_path=str(path), chunk_size=32 * MIB, metadata={"filename": "bodycam.mp4"}
    )
    started = time.perf_counter()
    uploader.upload()
    return time.perf_counter() - started, uploader.url.rstrip("/").rsplit("/", 1)[1]


def pdf_render_median_ms(runs: int, env: dict) -> tuple[float | None, str]:
    """Median time to render a penalty decision PDF with the documents app
    (``documents.render.bench_render_penalty_decision``; Django set up, no database)."""
    os.environ.update({k: v for k, v in env.items() if k.startswith(("OPENENFORCE_", "DJANGO_"))})
    import django

    django.setup()
    try:
        from openenforce.documents.render import bench_render_penalty_decision
    except ImportError:
        return None, "openenforce.documents.render.bench_render_penalty_decision not available"
    timing = bench_render_penalty_decision(runs)
    return round(timing["median_s"] * 1000, 1), f"median of {runs} after a warm-up"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="64 MiB instead of 1 GiB")
    parser.add_argument("--size-mib", type=int, help="file size in MiB")
    parser.add_argument("--port", type=int, default=8071)
    args = parser.parse_args()
    size = (args.size_mib or (64 if args.quick else 1024)) * MIB
    work = Path(tempfile.mkdtemp(prefix="oe-bench-evidence-"))
    var_dir = work / "var"
    var_dir.mkdir()
    env = environment(var_dir, size)
    if env.get("DATABASE_URL"):
        from bench.ledger import fresh_database

        fresh_database()
    server = None
    try:
        print(f"setting up in {work} …")
        token = django_snippet(SETUP, env)
        path = work / "bodycam.mp4"
        make_file(path, size)
        time_sha256sum(path)  # warm the page cache: both sides read from memory
        sum_seconds, expected = time_sha256sum(path)
        hash_seconds = time_hashlib(path)
        server = start_server(env, args.port)
        idle_mb = peak_rss_mb(server.pid)
        up_seconds, upload_id = upload(path, args.port, token)
        peak_mb = peak_rss_mb(server.pid)
        status, stored = django_snippet(BLOB.format(pk=upload_id), env).split()
        mib = size / MIB
        result = {
            "size_mib": round(mib),
            "quick": args.quick,
            "database": "postgresql" if env.get("DATABASE_URL") else "sqlite",
            "sha256sum": {"seconds": round(sum_seconds, 3), "mib_per_s": round(mib / sum_seconds)},
            "server_hashing": {
                "seconds": round(hash_seconds, 3),
                "mib_per_s": round(mib / hash_seconds),
                "ratio_vs_sha256sum": round(sum_seconds / hash_seconds, 3),
            },
            "upload": {
                "seconds": round(up_seconds, 3),
                "mib_per_s": round(mib / up_seconds),
                "ratio_vs_sha256sum": round(sum_seconds / up_seconds, 3),
                "client": "tuspy, 32 MiB chunks",
                "status": status,
                "digest_matches_sha256sum": stored == expected,
            },
            "server_memory": {
                "idle_mb": round(idle_mb, 1),
                "peak_mb": round(peak_mb, 1),
                "target_mb": MEMORY_TARGET_MB,
                "ok": peak_mb < MEMORY_TARGET_MB,
            },
        }
        # The penalty decision PDF (documents.render), median of N; target < 1000 ms.
        median, note = pdf_render_median_ms(5 if args.quick else 20, env)
        result["pdf_render_median_ms"] = median
        result["pdf_render_note"] = note
        result["pdf_render_target_ms"] = 1000
        for line in (
            f"sha256sum: {mib / sum_seconds:.0f} MiB/s",
            f"server hashing (hashlib): {mib / hash_seconds:.0f} MiB/s",
            f"tus upload on loopback: {mib / up_seconds:.0f} MiB/s "
            f"({sum_seconds / up_seconds:.2f}× sha256sum)",
            f"server peak memory: {peak_mb:.1f} MB (idle {idle_mb:.1f} MB, "
            f"target < {MEMORY_TARGET_MB} MB)",
            f"stored digest matches sha256sum: {stored == expected}",
            f"penalty decision PDF: {median} ms ({note})",
        ):
            print(line)
        print(json.dumps(result))
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
