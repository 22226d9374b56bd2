"""The published test vectors of ``oe-draw/1`` (docs/vectors/, docs/draws.md §9) and the
statements of docs/draws.md that an outside implementer relies on.

Each vector is run through the project's draw and verifier and must match byte for byte;
every digest in it is then recomputed with ``hashlib`` and ``json`` only, and the
canonical JSON once more by a writer following the words of docs/draws.md §3."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from openenforce.inspections import draw as d

VECTORS = Path(__file__).resolve().parents[3] / "docs" / "vectors"
DRAW_VECTORS = sorted(VECTORS.glob("draw-*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_vectors_are_there():
    names = {path.name for path in DRAW_VECTORS}
    assert {
        "draw-worked-example.json",
        "draw-two-groups-exclusion.json",
        "draw-campaign.json",
    } <= names


@pytest.mark.parametrize("path", DRAW_VECTORS, ids=lambda p: p.stem)
def test_the_project_draw_reproduces_the_vector(path):
    vector = load(path)
    inputs, expected = vector["inputs"], vector["expected"]
    seed = bytes.fromhex(inputs["seed"])
    data = d.DrawInput(
        plan=inputs["plan"],
        targets=inputs["targets"].encode(),
        inspectors=inputs["inspectors"].encode(),
        exclusions=inputs["exclusions"].encode(),
        ratios=inputs["ratios"],
        quotas=inputs["quotas"],
        seed_commitment=d.seed_commitment(seed),
    )
    result = d.run_draw(data, seed)
    assert result.text() == expected["result"].encode()  # byte for byte
    assert result.digest() == expected["result_sha256"]
    assert data.parameters() == expected["parameters"]
    assert d.canonical_json(data.parameters()) == expected["canonical_parameters"].encode()
    doc = d.export_document(data, seed=seed, result=result, about={})
    assert doc["parameters_sha256"] == expected["parameters_sha256"]
    report = d.verify_document(
        doc,
        expected_parameters_sha256=expected["parameters_sha256"],
        expected_seed_commitment=expected["seed_commitment"],
    )
    assert report.consistent and report.authentic and report.drawn == len(result.lines)
    # the lists in the vector are canonical: building them from their pairs changes nothing
    for name in ("targets", "inspectors", "exclusions"):
        pairs = [tuple(line.split("\t")) for line in inputs[name].splitlines()]
        assert d.canonical_text(pairs) == inputs[name].encode()


@pytest.mark.parametrize("path", DRAW_VECTORS, ids=lambda p: p.stem)
def test_every_digest_recomputed_with_hashlib_and_json_only(path):
    vector = load(path)
    inputs, expected = vector["inputs"], vector["expected"]

    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    seed = bytes.fromhex(inputs["seed"])
    assert len(seed) == 32
    assert sha(seed) == expected["seed_commitment"]  # the raw 32 bytes, not the hex text
    assert sha(inputs["seed"].encode()) != expected["seed_commitment"]
    for name in ("targets", "inspectors", "exclusions"):
        assert sha(inputs[name].encode("utf-8")) == expected[f"{name}_sha256"]
    parameters = {
        "algorithm": "oe-draw/1",
        "plan": inputs["plan"],
        "ratios": inputs["ratios"],
        "quotas": inputs["quotas"],
        "seed_commitment": expected["seed_commitment"],
        "targets_sha256": expected["targets_sha256"],
        "inspectors_sha256": expected["inspectors_sha256"],
        "exclusions_sha256": expected["exclusions_sha256"],
    }
    assert parameters == expected["parameters"]
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical == expected["canonical_parameters"] == spec_canonical_json(parameters)
    assert sha(canonical.encode("utf-8")) == expected["parameters_sha256"]
    assert sha(expected["result"].encode("utf-8")) == expected["result_sha256"]


def spec_canonical_json(value) -> str:
    """Canonical JSON written from the words of docs/draws.md §3, not from ``json.dumps``."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: [ord(c) for c in item[0]])
        return "{" + ",".join(f"{spec_string(k)}:{spec_canonical_json(v)}" for k, v in items) + "}"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(value)
    if isinstance(value, int):
        assert value >= 0
        return str(value)
    return spec_string(value)


SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def spec_string(text: str) -> str:
    out = []
    for c in text:
        if c in SHORT:
            out.append(SHORT[c])
        elif ord(c) < 0x20:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": {"z": "x", "é": "中文", "Z": 0}},
        {"plan": 'q"uote\\back/slash\u007f\u0085\u2028', "n": 10000},
        {"ctrl": "\x01\x1f\t\n\r\b\f", "": ""},
        {"\ue000": 1, "\U0001f600": 2, "a": 3},  # code-point order (RFC 8785 would differ)
    ],
)
def test_canonical_json_is_what_the_spec_says(value):
    assert d.canonical_json(value).decode() == spec_canonical_json(value)
    assert d.canonical_json(value) == spec_canonical_json(value).encode("utf-8")


def test_seed_commitment_hashes_the_raw_bytes():
    seed = bytes.fromhex("00" * 31 + "01")
    assert d.seed_commitment(seed) == hashlib.sha256(seed).hexdigest()
    assert d.seed_commitment(seed) != hashlib.sha256(seed.hex().encode()).hexdigest()


@pytest.mark.parametrize("bad", ["", "a\tb", "a\nb", "a\x00", "a\x1f", "a\x7f", "\r"])
def test_values_with_a_control_character_are_refused(bad):
    with pytest.raises(d.DrawError):
        d.check_value(bad, "stratum")
    with pytest.raises(d.DrawError):
        d.canonical_text([("91220102MA0000001A", bad)], "target")


@pytest.mark.parametrize(
    "stratum", ["A", "E", "cnna-sa/general", "cnna-sb/简易程序", "x\u0085y", "a b"]
)
def test_any_stratum_name_without_control_characters_is_accepted(stratum):
    """The algorithm does not restrict strata to A–D: campaigns draw by agency/procedure."""
    seed = bytes(32)
    data = d.DrawInput.from_pairs(
        plan="demo/x",
        targets=[("T1", stratum), ("T2", stratum)],
        inspectors=[("i:1", "g"), ("i:2", "g")],
        exclusions=[],
        ratios={stratum: 10000},
        quotas={"g": 2},
        seed_commitment=d.seed_commitment(seed),
    )
    result = d.run_draw(data, seed)
    assert [task[1] for task in result.tasks] == [stratum, stratum]


def test_a_stratum_without_a_ratio_draws_nothing():
    vector = load(VECTORS / "draw-two-groups-exclusion.json")
    assert "C\n" in vector["inputs"]["targets"] and "C" not in vector["inputs"]["ratios"]
    assert "\tC\t" not in vector["expected"]["result"]


def test_the_reached_exclusion_is_skipped():
    """Vector (b): the first-ranked target's first inspector of each group is excluded."""
    vector = load(VECTORS / "draw-two-groups-exclusion.json")
    first = vector["expected"]["result"].splitlines()[0].split("\t")
    for pair in vector["notes"]["reached_exclusions"]:
        inspector, target = pair.split("\t")
        assert target == first[0] and inspector not in first[2:]
        assert pair + "\n" in vector["inputs"]["exclusions"]
    without = vector["notes"]["without_exclusions_the_first_line_would_be"].split("\t")
    assert without[0] == first[0] and without[2:] != first[2:]
    quotas = vector["inputs"]["quotas"]
    assert len(quotas) == 2 and all(
        len(line.split("\t")) == 2 + sum(quotas.values())
        for line in vector["expected"]["result"].splitlines()
    )


def test_the_worked_example_printed_in_the_docs_is_the_vector():
    """docs/draws.md §8 prints every input text and the canonical parameters in full."""
    docs = (VECTORS.parent / "draws.md").read_text(encoding="utf-8")
    example = docs[docs.index("## 8. Worked example") : docs.index("## 9. Test vectors")]
    vector = load(VECTORS / "draw-worked-example.json")
    for name in ("targets", "inspectors", "exclusions"):
        text = vector["inputs"][name]
        printed = "```\n" + text.replace("\t", "<TAB>") + "```"
        assert printed in example, name
        assert f"{len(text.splitlines())} line" in example
        assert f"{len(text.encode())} bytes" in example
    canonical = vector["expected"]["canonical_parameters"]
    assert f"```\n{canonical}\n```" in example
    assert f"exact {len(canonical.encode())} bytes" in example
    for name in ("seed_commitment", "parameters_sha256", "result_sha256"):
        assert vector["expected"][name] in example
    printed_result = vector["expected"]["result"].replace("\t", "<TAB>")
    assert printed_result in example
