"""The inspections REST API: staff plans, announce and draw, the public export and verifier."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from openenforce.inspections import draw as algorithm
from openenforce.testing.api import api_as
from openenforce.testing.witness import new_share


def test_plan_announce_draw_through_the_api(insp, registry_targets, head, outsider, supervisor):
    plan = insp.plan()
    assert api_as(head).get("/api/v1/inspections/plans").json()[0]["code"] == plan.code
    early = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/announce", {})
    assert early.status_code == 409 and early.json()["code"] == "seed_share_missing"
    value, commitment = new_share()
    base = f"/api/v1/inspections/plans/{plan.pk}"
    assert (
        api_as(head).post(f"{base}/seed-commitment", {"commitment": commitment}).status_code == 403
    )
    shared = api_as(supervisor).post(f"{base}/seed-commitment", {"commitment": commitment})
    assert shared.status_code == 200 and shared.json()["shares"][0]["commitment"] == commitment
    response = api_as(head).post(f"{base}/announce", {})
    assert response.status_code == 200 and response.json()["status"] == "announced"
    gate = response.json()["draw_gate"]
    assert gate["witnessed_at"] is None and gate["waiting_for"] == ["justice"]
    early = api_as(supervisor).post(f"{base}/seed-reveal", {"reveal": value})
    assert early.status_code == 409  # not before the announcement is witnessed
    insp.witness.round()
    wrong = api_as(supervisor).post(f"{base}/seed-reveal", {"reveal": "00" * 32})
    assert wrong.status_code == 422 and wrong.json()["problems"][0]["field"] == "reveal"
    revealed = api_as(supervisor).post(f"{base}/seed-reveal", {"reveal": value}).json()
    assert revealed["draw_gate"]["reasons"] == [] and revealed["draw_gate"]["witnessed_at"]
    refused = api_as(insp.team.user("o9", "officer")).post(f"{base}/draw", {})
    assert refused.status_code == 403
    body = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/draw", {}).json()
    assert body["status"] == "drawn" and body["tasks"][0]["case_id"]
    assert api_as(outsider).get(f"/api/v1/inspections/plans/{plan.pk}").status_code == 404
    assert api_as(None).get("/api/v1/inspections/plans").status_code == 401
    again = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/draw", {})
    assert again.status_code == 409


def test_public_export_and_verifier(insp, registry_targets):
    plan = insp.draw(insp.plan())
    client = api_as(None)
    doc = client.get(f"/api/v1/inspections/public/{plan.agency.code}/{plan.code}/draw").json()
    assert doc["result_sha256"] == plan.result_sha256
    report = client.post("/api/v1/inspections/public/verify", doc).json()
    assert report["ok"] and report["drawn"] == plan.tasks.count()
    doc["seed"] = "00" * 32
    report = client.post("/api/v1/inspections/public/verify", doc).json()
    assert not report["ok"] and report["differences"]
    draft = insp.plan("P2")
    missing = client.get(f"/api/v1/inspections/public/{draft.agency.code}/{draft.code}/draw")
    assert missing.status_code == 404


def _forge(doc: dict, *, plan: str | None = None) -> dict:
    """A self-consistent export with a made-up seed (and commitment, digests and result):
    what anyone could build without the agency's secret."""
    data = algorithm.input_from_document(doc)
    seed = bytes(range(32))
    forged = algorithm.DrawInput(
        **{
            **data.__dict__,
            "plan": plan or data.plan,
            "seed_commitment": algorithm.seed_commitment(seed),
            "commitments": {},
        }
    )
    result = algorithm.run_draw(forged, seed)
    return algorithm.export_document(forged, seed=seed, result=result, about=doc["about"])


def _drawn_export(insp):
    plan = insp.draw(insp.plan())
    doc = api_as(None).get(f"/api/v1/inspections/public/{plan.agency.code}/{plan.code}/draw")
    return plan, doc.json()


def test_a_genuine_export_is_consistent_and_authentic(insp, registry_targets):
    plan, doc = _drawn_export(insp)
    answer = api_as(None).post("/api/v1/inspections/public/verify", doc).json()
    assert answer["ok"] and answer["consistent"] and answer["authentic"]
    assert answer["checked"] == ["consistency", "authenticity", "order"]
    assert answer["authenticity_basis"] == ["record"]  # looked up, nothing given
    assert answer["order"]["ok"] and answer["order"]["witnesses"] == ["bureau.example/witness"]
    assert "authentic" in answer["summary"]["en"] and "真实" in answer["summary"]["zh-hans"]
    with_announced = api_as(None).post(
        f"/api/v1/inspections/public/verify?announced={plan.parameters_sha256}", doc
    )
    assert with_announced.json()["authenticity_basis"] == ["announced", "record"]
    assert with_announced.json()["ok"]


def test_a_made_up_seed_for_a_real_plan_is_not_authentic(insp, registry_targets):
    """Finding 6 of issue 18: a made-up seed, commitment and result for a real plan agree
    with themselves; the verifier compares them with the plan's announcement record."""
    _plan, doc = _drawn_export(insp)
    forged = _forge(doc)
    assert algorithm.verify_document(forged).consistent  # the forgery is self-consistent
    answer = api_as(None).post("/api/v1/inspections/public/verify", forged).json()
    assert answer["consistent"] and not answer["authentic"] and not answer["ok"]
    assert "authenticity" in answer["checked"]
    assert any("seed commitment" in line for line in answer["differences"])
    assert "NOT" in answer["summary"]["en"]


def test_an_unknown_plan_without_announced_is_consistent_only(insp, registry_targets):
    _plan, doc = _drawn_export(insp)
    foreign = _forge(doc, plan="elsewhere/2026-X")
    answer = api_as(None).post("/api/v1/inspections/public/verify", foreign).json()
    assert answer["consistent"] and not answer["authentic"] and not answer["ok"]
    assert answer["checked"] == ["consistency"] and answer["authenticity_basis"] == []
    assert answer["differences"] == []
    assert "not checked" in answer["summary"]["en"]
    assert "未核验" in answer["summary"]["zh-hans"]
    given = (
        api_as(None)
        .post(
            "/api/v1/inspections/public/verify?announced=" + foreign["parameters_sha256"], foreign
        )
        .json()
    )
    assert given["ok"] and given["authenticity_basis"] == ["announced"]
    wrong = (
        api_as(None)
        .post("/api/v1/inspections/public/verify?announced=" + doc["parameters_sha256"], foreign)
        .json()
    )
    assert wrong["consistent"] and not wrong["authentic"] and not wrong["ok"]


def test_verify_draw_command_says_what_it_checked(insp, registry_targets, tmp_path):
    plan, doc = _drawn_export(insp)
    out = io.StringIO()
    call_command("inspections", "verify-draw", f"{plan.agency.code}/{plan.code}", stdout=out)
    assert "authentic=yes" in out.getvalue()
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(_forge(doc)), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("inspections", "verify-draw", str(forged))
    assert "authentic=no" in str(refused.value) and "consistent=yes" in str(refused.value)
    foreign = tmp_path / "foreign.json"
    foreign_doc = _forge(doc, plan="elsewhere/2026-X")
    foreign.write_text(json.dumps(foreign_doc), encoding="utf-8")
    with pytest.raises(CommandError) as unchecked:
        call_command("inspections", "verify-draw", str(foreign))
    assert "authentic=no checked=consistency)" in str(unchecked.value)
    out = io.StringIO()
    call_command(
        "inspections",
        "verify-draw",
        str(foreign),
        "--announced",
        foreign_doc["parameters_sha256"],
        stdout=out,
    )
    assert "checked=consistency + authenticity" in out.getvalue()


@pytest.mark.parametrize(
    "body",
    [
        [],
        "draw",
        {"format": "openenforce.draw/1", "parameters": {"plan": 5}},
        {"format": "openenforce.draw/1", "parameters": {"plan": "x:campaign-999999999999999999"}},
        {
            "format": "openenforce.draw/1",
            "parameters": {"plan": "nowhere/P", "ratios": [], "algorithm": "oe-draw/1"},
        },
        {"format": "openenforce.draw/1", "result_sha256": [1], "parameters": {"plan": "a/b"}},
    ],
)
def test_the_verifier_answers_odd_bodies_without_failing(db, body):
    answer = api_as(None).post("/api/v1/inspections/public/verify?announced=AB", body)
    assert answer.status_code == 200
    report = answer.json()
    assert not report["ok"] and not report["consistent"] and report["differences"]
