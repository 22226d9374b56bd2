"""The appraisal API per role: the body's supervisors read, publish and compute; the
appraised agency reads only its confirmed scorecards; anyone else gets 404."""

from __future__ import annotations

import pytest

from openenforce.appraisal import services
from openenforce.appraisal.models import Scorecard
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN

pytestmark = pytest.mark.clock(WRITTEN)

API = "/api/v1/appraisal"


def test_the_supervisor_reads_the_scheme_and_its_scorecards(card, supervisor):
    api = api_as(supervisor)
    listed = api.get(f"{API}/schemes").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == card.scheme_id
    body = api.get(f"{API}/schemes/{card.scheme_id}").json()
    # the parts in the scheme file's order, on PostgreSQL too (jsonb sorts its keys)
    assert [(p["code"], p["weight"]) for p in body["parts"]] == [
        ("daily", 50),
        ("casefiles", 30),
        ("external", 20),
    ]
    assert len(body["indicators"]) == 10
    assert body["indicators"][0]["rule"] == {"kind": "linear", "target": 100, "floor": 80}
    cards = api.get(f"{API}/schemes/{card.scheme_id}/scorecards").json()
    assert cards["count"] == 1 and cards["items"][0]["agency"] == card.agency.code
    detail = api.get(f"{API}/scorecards/{card.pk}").json()
    assert float(detail["total"]) == float(card.total)
    values = {v["key"]: v for v in detail["values"]}
    assert values["certificates"]["value"] == 66.7
    assert values["external_review"]["status"] == "missing"
    assert values["reconsideration_corrected"]["count"] == 1


def test_the_appraised_agency_reads_only_its_confirmed_scorecard(card, supervisor, head):
    api = api_as(head)
    assert api.get(f"{API}/scorecards/{card.pk}").status_code == 404  # a draft
    assert api.get(f"{API}/schemes").json()["count"] == 0
    assert api.get(f"{API}/schemes/{card.scheme_id}").status_code == 404
    assert api.get(f"{API}/schemes/{card.scheme_id}/scorecards").status_code == 404
    services.confirm(card, actor=supervisor)
    body = api.get(f"{API}/scorecards/{card.pk}").json()
    assert body["status"] == "confirmed" and body["agency"] == card.agency.code
    assert api.post(f"{API}/schemes/{card.scheme_id}/compute").status_code == 404


def test_another_agency_gets_404(card, outsider):
    api = api_as(outsider)
    assert api.get(f"{API}/schemes/{card.scheme_id}").status_code == 404
    assert api.get(f"{API}/scorecards/{card.pk}").status_code == 404
    assert api.post(f"{API}/schemes/{card.scheme_id}/publish").status_code == 404


def test_publish_and_compute(justice_bureau, supervisor, activity):
    scheme = services.load_scheme(justice_bureau, 2026, actor=supervisor)
    api = api_as(supervisor)
    refused = api.post(f"{API}/schemes/{scheme.pk}/compute")
    assert refused.status_code == 409 and refused.json()["code"] == "appraisal_draft_scheme"
    published = api.post(f"{API}/schemes/{scheme.pk}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert api.post(f"{API}/schemes/{scheme.pk}/publish").status_code == 409
    computed = api.post(f"{API}/schemes/{scheme.pk}/compute")
    assert computed.status_code == 200
    (row,) = computed.json()
    assert Scorecard.objects.get(pk=row["id"]).scheme_id == scheme.pk
    assert row["status"] == "draft"
