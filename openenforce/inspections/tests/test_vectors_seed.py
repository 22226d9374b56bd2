"""The published ``oe-draw/2`` vector (docs/vectors/seed-two-parties.json, docs/draws.md
§1): the project's draw reproduces it, and every value is recomputed with ``hashlib`` and
``json`` alone, from the words of the spec."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from openenforce.inspections import draw as d

VECTOR = Path(__file__).resolve().parents[3] / "docs" / "vectors" / "seed-two-parties.json"


def _vector() -> dict:
    return json.loads(VECTOR.read_text(encoding="utf-8"))


def test_the_project_draw_reproduces_the_two_party_vector():
    vector = _vector()
    inputs, expected = vector["inputs"], vector["expected"]
    reveals = {party: bytes.fromhex(value) for party, value in inputs["reveals"].items()}
    data = d.DrawInput(
        plan=inputs["plan"],
        targets=inputs["targets"].encode(),
        inspectors=inputs["inspectors"].encode(),
        exclusions=inputs["exclusions"].encode(),
        ratios=inputs["ratios"],
        quotas=inputs["quotas"],
        seed_commitment="",
        commitments=expected["commitments"],
        delay_seconds=inputs["delay_seconds"],
    )
    assert data.parameters() == expected["parameters"]
    assert d.derive_seed(reveals).hex() == expected["seed"]
    result = d.run_draw(data, reveals)
    assert result.text() == expected["result"].encode()
    doc = d.export_document(
        data, seed=d.derive_seed(reveals), result=result, about={}, reveals=reveals
    )
    assert (
        doc["format"] == "openenforce.draw/2"
        and doc["parameters_sha256"] == expected["parameters_sha256"]
    )
    report = d.verify_document(doc, expected_parameters_sha256=expected["parameters_sha256"])
    assert report.consistent and report.authentic
    doc["reveals"]["justice-bureau"] = "00" * 32  # a reveal that is not the committed one
    assert any("justice-bureau" in line for line in d.verify_document(doc).differences)


def test_the_two_party_vector_recomputed_with_hashlib_only():
    vector = _vector()
    inputs, expected = vector["inputs"], vector["expected"]

    def sha(data: bytes) -> bytes:
        return hashlib.sha256(data).digest()

    reveals = {party: bytes.fromhex(value) for party, value in inputs["reveals"].items()}
    for party, value in reveals.items():
        assert sha(value).hex() == expected["commitments"][party]  # the raw 32 bytes
    # "oe-draw/2 seed", then for each party in byte order: 0x00, name, 0x00, reveal
    message = b"oe-draw/2 seed" + b"".join(
        b"\x00" + name.encode() + b"\x00" + reveals[name]
        for name in sorted(reveals, key=str.encode)
    )
    assert message.hex() == expected["seed_message"] and sha(message).hex() == expected["seed"]
    changed = message[:-32] + bytes(32)  # justice-bureau is last in byte order
    assert (
        sha(changed).hex() == expected["seed_if_justice_bureau_revealed_zero"] != expected["seed"]
    )
    canonical = json.dumps(
        expected["parameters"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert canonical == expected["canonical_parameters"]
    assert hashlib.sha256(canonical.encode()).hexdigest() == expected["parameters_sha256"]
    assert expected["parameters"]["delay_seconds"] == inputs["delay_seconds"]
    assert hashlib.sha256(expected["result"].encode()).hexdigest() == expected["result_sha256"]
