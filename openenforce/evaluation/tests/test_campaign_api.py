"""The campaign API per role: the bureau's staff read its campaigns, the sample and the
draw digests; an evaluator reads their assignments; a supervised agency's officer and
another agency see nothing (empty lists, 404)."""

from __future__ import annotations

import pytest

from openenforce.evaluation import campaigns
from openenforce.evaluation.models import Assignment, SampledFile
from openenforce.evaluation.tests import test_campaigns as base
from openenforce.inspections import draw as algorithm
from openenforce.testing.api import api_as

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

world = base.world  # the two supervised agencies, the rubric, three possible evaluators
drawn = base.drawn  # the campaign announced and drawn (7 files, 14 assignments)

API = "/api/v1/evaluation"


def test_the_bureau_supervisor_reads_the_campaign_and_its_sample(drawn, supervisor):
    api = api_as(supervisor)
    listed = api.get(f"{API}/campaigns").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == drawn.pk
    assert listed["items"][0]["status"] == "drawn"
    body = api.get(f"{API}/campaigns/{drawn.pk}").json()
    assert (
        body["seed_commitment"]
        == drawn.seed_commitment
        == algorithm.seed_commitment(bytes.fromhex(body["seed"]))
    )
    assert body["parameters_sha256"] == drawn.parameters_sha256
    assert body["result_sha256"] == drawn.result_sha256
    assert {s["stratum"]: (s["eligible"], s["to_draw"], s["drawn"]) for s in body["strata"]} == {
        "cnna-sa/inspection": (7, 5, 5),
        "other/inspection": (2, 2, 2),
    }
    assert len(body["evaluators"]) == 3
    assert body["recusal_pairs"] == len(drawn.exclusions_text.splitlines()) > 0
    export = api.get(body["draw_export"])
    assert export.status_code == 200
    assert algorithm.verify_document(export.json()).ok
    sample = api.get(f"{API}/campaigns/{drawn.pk}/sample?page_size=5").json()
    assert sample["count"] == 7 and len(sample["items"]) == 5
    first = SampledFile.objects.filter(campaign=drawn).select_related("case").first()
    row = sample["items"][0]
    assert (row["rank"], row["case_id"], row["stratum"]) == (1, first.case_id, first.stratum)
    assert [a["role"] for a in row["assignments"]] == ["first", "recheck"]
    second = api.get(f"{API}/campaigns/{drawn.pk}/sample?page=2&page_size=5").json()
    assert [r["rank"] for r in second["items"]] == [6, 7]


def test_before_the_draw_no_seed_and_no_sample(
    world, supervisor, justice_bureau, agency, other_agency
):
    draft = base._campaign(world, supervisor, justice_bureau, agency, other_agency)
    api = api_as(supervisor)
    body = api.get(f"{API}/campaigns/{draft.pk}").json()
    assert (body["status"], body["seed_commitment"], body["draw_export"]) == ("draft", "", "")
    assert api.get(f"{API}/campaigns/{draft.pk}/draw").status_code == 404
    campaigns.announce(draft, actor=supervisor)
    body = api.get(f"{API}/campaigns/{draft.pk}").json()
    assert body["seed_commitment"] and body["seed"] == "" and body["result_sha256"] == ""
    assert api.get(f"{API}/campaigns/{draft.pk}/sample").json()["count"] == 0


def test_an_evaluator_reads_their_assignments(drawn, world):
    evaluator = world["b_user"]  # an officer of agency B, evaluating A's files
    api = api_as(evaluator)
    mine = api.get(f"{API}/my-assignments").json()
    expected = Assignment.objects.filter(evaluator__user=evaluator)
    assert mine["count"] == expected.count() > 0
    assert {row["case_id"] for row in mine["items"]} == set(
        expected.values_list("sampled__case_id", flat=True)
    )
    assert all(row["agency"] == "cnna-sa" for row in mine["items"])  # never their own
    assert mine["items"][0]["case_url"] == f"/cases/{mine['items'][0]['case_id']}/"
    # ... but not the bureau's campaigns.
    assert api.get(f"{API}/campaigns").json()["items"] == []
    assert api.get(f"{API}/campaigns/{drawn.pk}").status_code == 404
    assert api.get(f"{API}/campaigns/{drawn.pk}/sample").status_code == 404


def test_outside_the_bureau_nothing(drawn, officer, outsider, supervisor):
    for user in (officer, outsider):  # a supervised agency's officer; another agency
        api = api_as(user)
        assert api.get(f"{API}/campaigns").json() == {
            "count": 0,
            "page": 1,
            "page_size": 50,
            "items": [],
        }
        assert api.get(f"{API}/campaigns/{drawn.pk}").status_code == 404
        assert api.get(f"{API}/campaigns/{drawn.pk}/sample").status_code == 404
    assert api_as(outsider).get(f"{API}/my-assignments").json()["count"] == 0
    assert api_as(None).get(f"{API}/campaigns").status_code == 401
    assert api_as(supervisor).get(f"{API}/campaigns/987654321").status_code == 404


@pytest.mark.clock("2027-01-05T10:00:00+08:00")
def test_assignments_end_with_the_campaign(drawn, world):
    assert api_as(world["b_user"]).get(f"{API}/my-assignments").json()["count"] == 0
