"""The evidence list of a submission for legal review is chosen among the evidence
registered with the case (items and recordings), not typed: the action keeps the chosen
items' refs and labels, the review page links to their files, the case page offers them
as checkboxes and the prior notice and decision are proposed the same list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from openenforce.cases import registry
from openenforce.cases.inputs import describe
from openenforce.cases.models import Case
from openenforce.core.errors import InvalidInput
from openenforce.documents import context as doc_context
from openenforce.documents.kinds import KINDS
from openenforce.evidence import services as evidence
from openenforce.reviews.selectors import latest_review
from openenforce.testing.api import api_as
from openenforce.testing.cases import WRITTEN, act, refused
from openenforce.testing.reviews import MATERIALS, opinion

pytestmark = [pytest.mark.django_db, pytest.mark.clock(WRITTEN)]

TYPED = {k: v for k, v in MATERIALS.items() if k != "evidence_other"}


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def items(major_case, officer):
    def add(kind, title):
        return evidence.add_evidence(
            major_case,
            actor=officer,
            kind=kind,
            title=title,
            collected_at=timezone.now() - datetime.timedelta(hours=1),
            place="长春新区某养老院",
            method="现场拍照",
        )

    return add("record", "现场检查笔录"), add("witness", "询问笔录")


def submit_with(case, officer, **data) -> Case:
    return act(case, "submit_review", officer, **TYPED, **data)


def test_the_submission_chooses_registered_evidence_and_notes_the_rest(major_case, officer, items):
    first, second = items
    case = submit_with(
        major_case,
        officer,
        evidence_list=[f"evidence:{second.pk}", f"evidence:{first.pk}"],
        evidence_other="营业执照复印件",
    )
    kept = case.details["submit_review"]["evidence_list"]
    assert kept == [
        {"ref": f"evidence:{second.pk}", "label": "No. 2 询问笔录 (Witness testimony)"},
        {
            "ref": f"evidence:{first.pk}",
            "label": "No. 1 现场检查笔录 (Inspection or on-site record)",
        },
    ]
    review = latest_review(case)
    assert review.materials["evidence_list"].splitlines() == [
        "No. 2 询问笔录 (Witness testimony)",
        "No. 1 现场检查笔录 (Inspection or on-site record)",
        "营业执照复印件",
    ]


def test_evidence_not_registered_with_the_case_is_refused_by_name(major_case, officer, items):
    error = refused(
        InvalidInput, major_case, "submit_review", officer, **TYPED, evidence_list=["evidence:999"]
    )
    assert [p.field for p in error.problems] == ["evidence_list"]
    assert "evidence:999" in error.problems[0].message


def test_without_any_evidence_the_material_is_missing(major_case, officer, items):
    error = refused(InvalidInput, major_case, "submit_review", officer, **TYPED)
    assert error.code == "review_materials_missing"
    assert [p.field for p in error.problems] == ["evidence_list"]


def test_the_case_page_offers_the_registered_evidence_as_checkboxes(
    client_for, major_case, officer, items
):
    spec = next(
        i for i in major_case_inputs(major_case, "submit_review") if i.name == "evidence_list"
    )
    assert [label for _ref, label in describe(major_case, spec)["choices"]][0].startswith("No. 1")
    page = client_for(officer).get(reverse("workbench:case", args=[major_case.pk]))
    html = page.content.decode()
    assert f'name="evidence_list" value="evidence:{items[0].pk}"' in html
    assert "No. 2 询问笔录 (Witness testimony)" in html


def test_a_form_submission_with_checked_items_is_taken(client_for, major_case, officer, items):
    client = client_for(officer)
    posted = {**TYPED, "evidence_list": [f"evidence:{items[0].pk}"]}
    client.post(reverse("workbench:act", args=[major_case.pk, "submit_review"]), posted)
    major_case.refresh_from_db()
    assert major_case.state == "legal_review"
    assert [c["ref"] for c in major_case.details["submit_review"]["evidence_list"]] == [
        f"evidence:{items[0].pk}"
    ]


def test_the_review_page_links_to_the_chosen_evidence(
    client_for, major_case, officer, head, qualified, items
):
    case = submit_with(major_case, officer, evidence_list=[f"evidence:{items[1].pk}"])
    review = latest_review(case)
    html = client_for(head).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert reverse("evidence:item", args=[items[1].pk]) in html
    assert reverse("evidence:item", args=[items[0].pk]) not in html


def test_the_prior_notice_and_decision_are_proposed_the_chosen_list(major_case, officer, items):
    fresh = doc_context.defaults(major_case, KINDS["prior_notice"])["evidence"]
    assert fresh.splitlines() == [
        "第1号 现场检查笔录（勘验笔录、现场笔录）",
        "第2号 询问笔录（证人证言）",
    ]
    case = submit_with(
        major_case, officer, evidence_list=[f"evidence:{items[1].pk}"], evidence_other="照片六张"
    )
    for kind in ("prior_notice", "penalty_decision"):
        lines = doc_context.defaults(case, KINDS[kind])["evidence"].splitlines()
        assert lines == ["第2号 询问笔录（证人证言）", "照片六张"]  # printed in Chinese


def test_the_case_file_prints_the_evidence_list_of_each_round(
    major_case, officer, head, qualified, items
):
    case = submit_with(
        major_case, officer, evidence_list=[f"evidence:{items[0].pk}"], evidence_other="照片六张"
    )
    case = act(case, "assign_reviewer", head, reviewer=qualified.username)
    opinion(case, qualified, "agree")
    [record] = registry.casefile_records()["reviews"](case)
    fields = dict(record["fields"])
    assert fields["Evidence list"].splitlines() == [
        "No. 1 现场检查笔录 (Inspection or on-site record)",
        "照片六张",
    ]


def major_case_inputs(case, code):
    from openenforce.cases.lifecycles import get

    return get(case.procedure).action(code).inputs


def test_the_api_offers_the_evidence_and_takes_chosen_refs(major_case, officer, items):
    client = api_as(officer)
    case = client.get(f"/api/v1/cases/{major_case.pk}").json()
    offer = next(a for a in case["available_actions"] if a["code"] == "submit_review")
    spec = next(i for i in offer["inputs"] if i["name"] == "evidence_list")
    refs = [ref for ref, _label in spec["choices"]]
    assert spec["type"] == "evidence" and refs == [f"evidence:{i.pk}" for i in items]
    url = f"/api/v1/cases/{major_case.pk}/actions/submit_review"
    bad = client.post(url, {**TYPED, "evidence_list": "证据清单"})
    assert bad.status_code == 422 and "evidence_list" in bad.text
    assert client.post(url, {**TYPED, "evidence_list": refs[:1]}).status_code == 200
    assert latest_review(major_case).materials["evidence_refs"] == refs[:1]
