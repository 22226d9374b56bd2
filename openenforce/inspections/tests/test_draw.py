"""The oe-draw/1 algorithm: determinism, tamper detection, fairness, recusal (no database)."""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openenforce.inspections import draw as d

SEED = bytes(range(32))


def make_input(n=200, inspectors=12, exclusions=(), ratios=None, quotas=None, seed=SEED):
    return d.DrawInput.from_pairs(
        plan="agency/P1",
        targets=[(f"T{i:05d}", "ABCD"[i % 4]) for i in range(n)],
        inspectors=[(f"I{i:03d}", "g") for i in range(inspectors)],
        exclusions=exclusions,
        ratios=ratios or {"A": 1000, "B": 2000, "C": 5000, "D": 10000},
        quotas=quotas or {"g": 2},
        seed_commitment=d.seed_commitment(seed),
    )


def test_same_inputs_same_draw_and_documented_sizes():
    data = make_input()
    first, second = d.run_draw(data, SEED), d.run_draw(make_input(), SEED)
    assert first.text() == second.text()
    strata = [s for _t, s, _i in first.tasks]
    # 50 per grade: ceil(5), ceil(10), ceil(25), all 50
    assert (strata.count("A"), strata.count("B"), strata.count("C"), strata.count("D")) == (
        5,
        10,
        25,
        50,
    )


def test_canonical_text_is_order_independent():
    pairs = [("b", "A"), ("a", "B"), ("ab", "C")]
    assert d.canonical_text(pairs) == d.canonical_text(reversed(pairs)) == b"a\tB\nab\tC\nb\tA\n"


def test_worked_example_from_the_docs():
    """The example in docs/draws.md: if this changes, the document must change too."""
    seed = bytes.fromhex("00" * 31 + "01")
    data = d.DrawInput.from_pairs(
        plan="demo/2026-01",
        targets=[
            ("91220102MA0000001A", "A"),
            ("91220102MA0000002B", "A"),
            ("91220102MA0000003C", "D"),
            ("91220102MA0000004D", "D"),
        ],
        inspectors=[
            ("demo:ZF-001", "demo/SC-001"),
            ("demo:ZF-002", "demo/SC-001"),
            ("demo:ZF-003", "demo/SC-001"),
        ],
        exclusions=[("demo:ZF-001", "91220102MA0000003C")],
        ratios={"A": 5000, "D": 10000},
        quotas={"demo/SC-001": 2},
        seed_commitment=d.seed_commitment(seed),
    )
    result = d.run_draw(data, seed)
    doc = d.export_document(data, seed=seed, result=result, about={})
    assert data.seed_commitment.startswith("ec4916dd28fc4c10")
    assert doc["parameters"]["targets_sha256"].startswith("b78789e018c105f9")
    assert doc["parameters_sha256"] == (
        "907ddefb552cab2aef15a7397cd9e074ce48daec262a0ea1df10a0cb3dfe86e2"
    )
    assert result.text().decode() == (
        "91220102MA0000002B\tA\tdemo:ZF-001\tdemo:ZF-003\n"
        "91220102MA0000003C\tD\tdemo:ZF-002\tdemo:ZF-003\n"
        "91220102MA0000004D\tD\tdemo:ZF-001\tdemo:ZF-002\n"
    )
    assert doc["result_sha256"] == (
        "86c5707b6beff6be85db67b255fa240efa929fb9b6e7985d393736857f260c8b"
    )
    assert d.verify_document(doc).ok


def test_wrong_seed_refused():
    data = make_input()
    with pytest.raises(d.DrawError) as info:
        d.run_draw(data, bytes(32))
    assert info.value.code == "draw_seed_mismatch"


def _doc():
    data = make_input(exclusions=[("I000", "T00003")])
    return d.export_document(data, seed=SEED, result=d.run_draw(data, SEED), about={"x": 1})


def test_export_verifies_after_a_json_round_trip():
    doc = json.loads(json.dumps(_doc()))
    report = d.verify_document(doc)
    assert report.ok, report.differences
    assert report.drawn == 90


def _tampered(change):
    doc = json.loads(json.dumps(_doc()))
    change(doc)
    return d.verify_document(doc).differences


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda doc: doc.update(targets=doc["targets"].replace("T00001\tB", "T00001\tA")),
            "targets_sha256",
        ),
        (
            lambda doc: doc.update(inspectors=doc["inspectors"].replace("I011\tg\n", "")),
            "inspectors_sha256",
        ),
        (lambda doc: doc.update(exclusions=""), "exclusions_sha256"),
        (lambda doc: doc.update(seed="ff" * 32), "seed"),
        (lambda doc: doc["parameters"]["ratios"].update(A=2000), "parameters_sha256"),
        (lambda doc: doc["parameters"]["quotas"].update(g=3), "parameters_sha256"),
        (lambda doc: doc.update(result=doc["result"].replace("I00", "I0O", 1)), "result"),
    ],
)
def test_any_change_is_detected_and_named(change, named):
    differences = _tampered(change)
    assert differences and any(named in line for line in differences), differences


def test_consistent_forgery_is_caught_by_the_announced_digest():
    """Someone re-hashing everything after changing a list still differs from what was
    announced before the draw."""
    original = _doc()
    data = d.input_from_document(original)
    forged_targets = data.targets.replace(b"T00001\tB", b"T00001\tD")
    forged = d.DrawInput(**{**data.__dict__, "targets": forged_targets})
    doc = d.export_document(forged, seed=SEED, result=d.run_draw(forged, SEED), about={})
    alone = d.verify_document(doc)
    assert alone.consistent and alone.authentic is None  # not checked, and said so
    report = d.verify_document(doc, expected_parameters_sha256=original["parameters_sha256"])
    assert report.consistent and report.authentic is False and not report.ok
    assert "announced" in report.authenticity_differences[0]


def test_malformed_lists_refused():
    for text in (b"a\tA", b"a\tA\na\tB\n", b"b\tA\na\tA\n", b"a\t\n", b"a\x01\tA\n"):
        with pytest.raises(d.DrawError):
            d.split_text(text, "targets", unique_first=True)


def test_workload_balanced_without_exclusions():
    result = d.run_draw(make_input(n=400, inspectors=7), SEED)
    loads = result.loads().values()
    assert max(loads) - min(loads) <= 1


def _seed(i: int) -> bytes:
    return hashlib.sha256(b"fairness %d" % i).digest()


def test_selection_uniform_within_each_stratum():
    """Chi-square over 2,000 seeds: every target of a stratum is drawn equally often,
    and each stratum always yields exactly ceil(n x ratio)."""
    runs, targets = 2000, [(f"T{i:02d}", "A" if i < 20 else "D") for i in range(32)]
    ratios = {"A": 2500, "D": 5000}  # A: 5 of 20, D: 6 of 12
    counts = {t: 0 for t, _s in targets}
    for i in range(runs):
        seed = _seed(i)
        ids, strata = d.split_text(d.canonical_text(targets), "t", unique_first=True)
        drawn = d.select_targets(ids, strata, ratios, seed)
        chosen = [key[32:].split(b"\t") for key in drawn]
        assert sum(s == b"A" for _t, s in chosen) == 5
        assert sum(s == b"D" for _t, s in chosen) == 6
        for target, _s in chosen:
            counts[target.decode()] += 1
    # critical values of chi-square at p = 0.001: df 19 -> 43.82, df 11 -> 31.26
    for stratum, size, k, critical in (("A", 20, 5, 43.82), ("D", 12, 6, 31.26)):
        observed = [c for t, c in counts.items() if dict(targets)[t] == stratum]
        expected = runs * k / size
        chi2 = sum((o - expected) ** 2 / expected for o in observed)
        assert chi2 < critical, (stratum, chi2)


def test_inspectors_uniform_across_seeds():
    runs, counts = 500, {}
    for i in range(runs):
        seed = _seed(i)
        data = make_input(n=8, inspectors=10, ratios={"A": 10000}, seed=seed)
        for _t, _s, inspectors in d.run_draw(data, seed).tasks:
            counts[inspectors[0]] = counts.get(inspectors[0], 0) + 1  # the first pick
    expected = runs * 2 / 10  # 2 targets of grade A per draw, first picks spread over 10
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert len(counts) == 10 and chi2 < 27.88  # df 9, p = 0.001


@st.composite
def scenarios(draw):
    n = draw(st.integers(1, 25))
    groups = draw(
        st.lists(st.sampled_from(["g1", "g2", "g3"]), min_size=1, max_size=3, unique=True)
    )
    inspectors = [
        (f"I{i:02d}", draw(st.sampled_from(groups))) for i in range(draw(st.integers(2, 12)))
    ]
    targets = [(f"T{i:02d}", draw(st.sampled_from("ABCD"))) for i in range(n)]
    exclusions = draw(
        st.sets(
            st.tuples(
                st.sampled_from([i for i, _g in inspectors]),
                st.sampled_from([t for t, _s in targets]),
            ),
            max_size=30,
        )
    )
    quotas = {g: draw(st.integers(1, 3)) for g in groups}
    if sum(quotas.values()) < 2:
        quotas[groups[0]] = 2
    ratios = {s: draw(st.integers(0, 10000)) for s in "ABCD"}
    seed = draw(st.binary(min_size=32, max_size=32))
    return targets, inspectors, exclusions, quotas, ratios, seed


def _feasible(targets, inspectors, exclusions, quotas) -> bool:
    group_of = dict(inspectors)
    for target, _s in targets:
        for group, quota in quotas.items():
            free = [i for i, g in inspectors if g == group and (i, target) not in exclusions]
            if len(free) < quota:
                return False
    return all(group_of.get(i) is not None for i, _t in exclusions)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_recusal_and_two_inspectors_always_hold(scenario):
    targets, inspectors, exclusions, quotas, ratios, seed = scenario
    data = d.DrawInput.from_pairs(
        plan="p",
        targets=targets,
        inspectors=inspectors,
        exclusions=exclusions,
        ratios=ratios,
        quotas=quotas,
        seed_commitment=d.seed_commitment(seed),
    )
    if not _feasible(targets, inspectors, exclusions, quotas):
        # Infeasible lists may still draw nothing at all (ratios of 0): if it refuses, it
        # refuses for want of inspectors.
        try:
            d.run_draw(data, seed)
        except d.DrawError as exc:
            assert exc.code == "draw_not_enough_inspectors"  # noqa: PT017 - may not raise
        return
    result = d.run_draw(data, seed)
    group_of = dict(inspectors)
    stratum_sizes = {s: sum(1 for _t, x in targets if x == s) for s in "ABCD"}
    for stratum, size in stratum_sizes.items():
        drawn = sum(1 for _t, s, _i in result.tasks if s == stratum)
        assert drawn == math.ceil(size * ratios[stratum] / 10000)
    for target, _stratum, chosen in result.tasks:
        assert len(chosen) == len(set(chosen)) == sum(quotas.values()) >= 2
        assert not any((i, target) in exclusions for i in chosen)
        for group, quota in quotas.items():
            assert sum(group_of[i] == group for i in chosen) == quota
    assert d.verify_document(
        copy.deepcopy(d.export_document(data, seed=seed, result=result, about={}))
    ).ok


def reference_assign(drawn, inspectors, exclusions, quotas, seed):  # noqa: C901 - the spec, plainly
    """docs/draws.md's rule written plainly with a heap, to check the fast implementation."""
    import heapq

    key = d.inspector_key(seed)

    def entry(load, inspector):
        tie = hashlib.sha256(key + inspector + b"\x00" + str(load).encode()).digest()
        return (load, tie, inspector)

    barred = {}
    for inspector, target in zip(*exclusions, strict=True):
        barred.setdefault(target, set()).add(inspector)
    heaps = {g.encode(): [] for g in quotas}
    for inspector, group in zip(*inspectors, strict=True):
        if group in heaps:
            heaps[group].append(entry(0, inspector))
    for heap in heaps.values():
        heapq.heapify(heap)
    lines = []
    for score_line in drawn:
        target, stratum = score_line[32:].split(b"\t")
        chosen = []
        for group in sorted(heaps):
            heap, picked, skipped = heaps[group], [], []
            while len(picked) < quotas[group.decode()]:
                item = heapq.heappop(heap)
                (skipped if item[2] in barred.get(target, ()) else picked).append(item)
            for item in skipped:
                heapq.heappush(heap, item)
            for load, _tie, inspector in picked:
                heapq.heappush(heap, entry(load + 1, inspector))
                chosen.append(inspector)
        lines.append(b"\t".join([target, stratum, *chosen]) + b"\n")
    return lines


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_fast_assignment_equals_the_heap_rule(scenario):
    targets, inspectors, exclusions, quotas, ratios, seed = scenario
    if not _feasible(targets, inspectors, exclusions, quotas):
        return
    ids, strata = d.split_text(d.canonical_text(targets), "t", unique_first=True)
    staff = d.split_text(d.canonical_text(inspectors), "i", unique_first=True)
    barred = d.split_text(d.canonical_text(exclusions), "x", unique_first=False)
    drawn = d.select_targets(ids, strata, dict.fromkeys("ABCD", 10000), seed) * 3  # many rounds
    fast = d.assign_inspectors(drawn, staff, barred, quotas, seed).lines
    assert fast == reference_assign(drawn, staff, barred, quotas, seed)


def test_fast_assignment_equals_the_heap_rule_with_long_runs_and_many_exclusions():
    """Runs long enough to be served in slices, with targets inside them whose slice hits
    an exclusion (the run must stop there) and others whose slice does not."""
    rng = random.Random(7)
    inspectors = [(f"I{i:03d}", "g1" if i % 3 else "g2") for i in range(90)]
    targets = [(f"T{i:05d}", "A") for i in range(3000)]
    exclusions = {
        (rng.choice(inspectors)[0], target)
        for target, _s in targets
        for _ in range(rng.randint(0, 4))
    }
    seed = hashlib.sha256(b"long runs").digest()
    ids, strata = d.split_text(d.canonical_text(targets), "t", unique_first=True)
    staff = d.split_text(d.canonical_text(inspectors), "i", unique_first=True)
    barred = d.split_text(d.canonical_text(exclusions), "x", unique_first=False)
    drawn = d.select_targets(ids, strata, {"A": 10000}, seed)
    quotas = {"g1": 2, "g2": 1}
    fast = d.assign_inspectors(drawn, staff, barred, quotas, seed).lines
    assert fast == reference_assign(drawn, staff, barred, quotas, seed)


@pytest.mark.parametrize("k", [0, 1, 5, 333, 999, 1000, 1200])
def test_lowest_is_the_k_smallest_whatever_the_scores(k):
    rng = random.Random(k)
    uniform = [rng.randbytes(32) + b"id%d" % i for i in range(1000)]
    assert d.lowest(list(uniform), k) == sorted(uniform)[:k]
    # scores that are not uniform: every item shares its first bytes, so the bound that
    # should keep a few more than k keeps none (or all) and the exact fallback is taken
    crowded = [b"\x00\x00\x00\x01" + item[4:] for item in uniform]
    assert d.lowest(list(crowded), k) == sorted(crowded)[:k]
    high = [b"\xff\xff\xff\xff" + item[4:] for item in uniform]
    assert d.lowest(list(high), k) == sorted(high)[:k]
