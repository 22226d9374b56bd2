"""Benchmark of the random draw (issue 7 target: 1,000,000 targets and 5,000 inspectors,
draw ≤ 3 s and verification ≤ 3 s), against baselines measured in the same run.

    .venv/bin/python bench/draws.py [--quick] [--targets N] [--inspectors N] [--repeat N]

No database: the draw runs on the committed inputs as the service freezes them (canonical
texts), verification on the parsed public export (``openenforce.draw/1``) exactly as
``openenforce inspections verify-draw`` does. Targets are spread over grades A–D with
ratios 5/10/20/50 %; one target in seven has a recusal exclusion; two inspectors per
target. Baselines: hashing the whole target list once (SHA-256 of its canonical text),
and one SHA-256 per target (the least per-target work any ranking needs). Prints JSON as
its last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openenforce.demo.creditcode import make_credit_code  # noqa: E402
from openenforce.inspections import draw as d  # noqa: E402 (after the path set-up)

TARGET_SECONDS = 3.0
RATIOS = {"A": 500, "B": 1000, "C": 2000, "D": 5000}


def population(n: int, inspectors: int, seed: bytes) -> d.DrawInput:
    """``n`` well-formed credit codes (the check character computed for the first 1,000
    bodies; the rest reuse the GB 32100 prefix with a counter — the draw never checks it)."""
    base = make_credit_code(authority="9", kind="1", division="220102", org_body="MA000000")[:8]
    targets = [(f"{base}{i:010d}", "ABCD"[(i * 7919) % 4]) for i in range(n)]
    staff = [(f"cnna-sa:ZF-{i:05d}", "cnna-sa/SC-001") for i in range(inspectors)]
    exclusions = [(staff[i % inspectors][0], targets[i][0]) for i in range(0, n, 7)]
    return d.DrawInput.from_pairs(
        plan="cnna-sa/bench",
        targets=targets,
        inspectors=staff,
        exclusions=exclusions,
        ratios=RATIOS,
        quotas={"cnna-sa/SC-001": 2},
        seed_commitment=d.seed_commitment(seed),
    )


CPU: dict[str, float] = {}  # label → median CPU seconds (robust on a shared machine)


def timed(fn, repeat: int, label: str = "") -> tuple[float, object]:
    """Median wall-clock seconds of ``fn`` (and its CPU seconds under ``label``)."""
    times, cpu, value = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if label:
        CPU[label] = statistics.median(cpu)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 targets, 500 inspectors")
    parser.add_argument("--targets", type=int, default=1_000_000)
    parser.add_argument("--inspectors", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.targets, args.inspectors = 100_000, 500
    seed = hashlib.sha256(b"bench/draws").digest()
    start = time.perf_counter()
    data = population(args.targets, args.inspectors, seed)
    setup = time.perf_counter() - start
    print(f"set-up: {args.targets:,} targets, {args.inspectors:,} inspectors in {setup:.1f} s")

    draw_s, result = timed(lambda: d.run_draw(data, seed), args.repeat, "draw")
    drawn = len(result.lines)
    print(f"draw: {drawn:,} targets drawn, two inspectors each, in {draw_s:.2f} s")

    doc = d.export_document(data, seed=seed, result=result, about={})
    text = json.dumps(doc, ensure_ascii=False)
    parse_s, parsed = timed(lambda: json.loads(text), args.repeat)
    verify_s, report = timed(lambda: d.verify_document(parsed), args.repeat, "verify")
    print(
        f"verify: {'matches' if report.ok else 'DIFFERS'} in {verify_s:.2f} s "
        f"(+ {parse_s:.2f} s to parse the {len(text) / 1e6:.0f} MB JSON export)"
    )

    hash_once_s, _ = timed(lambda: hashlib.sha256(data.targets).digest(), args.repeat)
    ids = data.targets.replace(b"\n", b"\t").split(b"\t")[0:-1:2]
    sha = hashlib.sha256
    per_target_s, _ = timed(lambda: [sha(seed + i).digest() for i in ids], args.repeat, "hash")
    print(
        f"baseline: hash the target list once {hash_once_s:.3f} s; "
        f"one SHA-256 per target {per_target_s:.2f} s"
    )
    print(
        f"draw = {draw_s / per_target_s:.1f}× one hash per target; "
        f"verification = {verify_s / per_target_s:.1f}×"
    )
    print(
        f"CPU time: draw {CPU['draw']:.2f} s, verify {CPU['verify']:.2f} s, "
        f"one SHA-256 per target {CPU['hash']:.2f} s (wall time above includes waiting "
        "for a busy machine)"
    )
    ok = report.ok and draw_s <= TARGET_SECONDS and verify_s <= TARGET_SECONDS
    print(
        json.dumps(
            {
                "bench": "draws",
                "targets": args.targets,
                "inspectors": args.inspectors,
                "drawn": drawn,
                "draw_s": round(draw_s, 3),
                "verify_s": round(verify_s, 3),
                "draw_cpu_s": round(CPU["draw"], 3),
                "verify_cpu_s": round(CPU["verify"], 3),
                "baseline_sha256_per_target_cpu_s": round(CPU["hash"], 3),
                "cpu_within_target": CPU["draw"] <= TARGET_SECONDS
                and CPU["verify"] <= TARGET_SECONDS,
                "json_parse_s": round(parse_s, 3),
                "export_mb": round(len(text) / 1e6, 1),
                "baseline_hash_list_once_s": round(hash_once_s, 4),
                "baseline_sha256_per_target_s": round(per_target_s, 3),
                "ratio_draw_vs_per_target_hash": round(draw_s / per_target_s, 2),
                "ratio_verify_vs_per_target_hash": round(verify_s / per_target_s, 2),
                "ratio_draw_vs_hash_list_once": round(draw_s / hash_once_s, 1),
                "target_s": TARGET_SECONDS,
                "verified": report.ok,
                "within_target": ok,
            }
        )
    )


if __name__ == "__main__":
    main()
