"""The inspections REST API: staff plans, announce and draw, the public export and verifier."""

from __future__ import annotations

from openenforce.inspections import services
from openenforce.testing.api import api_as


def test_plan_announce_draw_through_the_api(insp, registry_targets, head, outsider):
    plan = insp.plan()
    assert api_as(head).get("/api/v1/inspections/plans").json()[0]["code"] == plan.code
    response = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/announce", {})
    assert response.status_code == 200 and response.json()["status"] == "announced"
    refused = api_as(insp.team.user("o9", "officer")).post(
        f"/api/v1/inspections/plans/{plan.pk}/draw", {}
    )
    assert refused.status_code == 403
    body = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/draw", {}).json()
    assert body["status"] == "drawn" and body["tasks"][0]["case_id"]
    assert api_as(outsider).get(f"/api/v1/inspections/plans/{plan.pk}").status_code == 404
    assert api_as(None).get("/api/v1/inspections/plans").status_code == 401
    again = api_as(head).post(f"/api/v1/inspections/plans/{plan.pk}/draw", {})
    assert again.status_code == 409


def test_public_export_and_verifier(insp, registry_targets):
    plan = services.draw_plan(services.announce_plan(insp.plan(), actor=insp.head), actor=insp.head)
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
