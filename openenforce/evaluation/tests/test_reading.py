"""An assigned evaluator reads the whole file of a drawn case (its page and record, the
ordered case file, the evidence, the recordings, the documents, the service), and no
other case of the agency; nothing after the campaign's end; no change anywhere."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from openenforce.accounts.models import Role
from openenforce.accounts.services import add_supervision
from openenforce.cases.permissions import cases_for_user
from openenforce.deliveries.services import serve_document
from openenforce.documents.services import issue_document
from openenforce.evaluation.models import Assignment
from openenforce.evaluation.tests.scoring_world import publish_and_draw
from openenforce.evidence.services import add_evidence, store_bytes
from openenforce.ledger.models import Entry
from openenforce.recordings.services import register_device
from openenforce.testing import recordings
from openenforce.testing.cases import conclude_inspection
from openenforce.testing.record import record_state
from openenforce.testing.team import Team

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date
VIEWED = "evaluation.assignment.viewed"


def _equip(case, officer, device):
    """Evidence with a file, a recording, an issued document and its service."""
    item = add_evidence(
        case,
        actor=officer,
        kind="documentary",
        title="现场照片",
        collected_at=timezone.now() - datetime.timedelta(hours=1),
        place="长春市某路1号",
        method="拍照",
        blob=store_bytes(b"%PDF-1.4 photo", content_type="application/pdf"),
    )
    recording = recordings.record_step(case, "record_inspection", officer, device, officer="B1")
    document = issue_document(
        case, actor=officer, doc_type="inspection_result", data={"result": "未发现问题"}
    )
    serve_document(
        document,
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=timezone.localdate(),
        signed_by="张三",
    )
    return {"evidence": item, "recording": recording, "document": document}


@pytest.fixture
def world(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    """Agency B (other_agency) has one closed inspection case with everything a file
    holds, drawn in the bureau's campaign, and one open case equipped alike (never
    drawn). The bureau's evaluator reads the drawn one."""
    add_supervision(justice_bureau, actor=system_actor, supervised=other_agency)
    team = Team(other_agency, system_actor, prefix="B")
    b_user = team.user("bofficer", Role.OFFICER)
    team.officer("B1", user=b_user)
    team.officer("B2", user=team.user("bofficer2", Role.OFFICER))
    admin = team.user("badmin", Role.ADMIN)
    device = register_device(actor=admin, code="B-CAM", kind="body_camera")
    recordings.hold(device, "B1", admin)
    drawn_case = team.open("inspection", actor=b_user, handlers=("B1", "B2"))
    own = _equip(drawn_case, b_user, device)
    drawn_case = conclude_inspection(drawn_case, b_user)
    other_case = team.open("inspection", actor=b_user, handlers=("B1", "B2"))
    other = _equip(other_case, b_user, device)
    evaluator = Team(justice_bureau, system_actor, prefix="J").user("jevaluator")
    publish_and_draw(
        justice_bureau, supervisor, [agency.pk, other_agency.pk], (officer, b_user, evaluator)
    )
    assert Assignment.objects.filter(evaluator__user=evaluator, sampled__case=drawn_case).exists()
    return {
        "case": drawn_case,
        "other": other_case,
        "own": own,
        "others": other,
        "evaluator": evaluator,
        "b_user": b_user,
    }


def _reads(case, objects) -> list[tuple[str, str, list]]:
    """(method, url name, args) of every read-only page of ``case``'s file."""
    return [
        ("get", "workbench:case", [case.pk]),
        ("get", "workbench:timeline", [case.pk]),
        ("post", "casefiles:export", [case.pk, "pdf"]),
        ("post", "casefiles:export", [case.pk, "package"]),
        ("get", "evidence:item", [objects["evidence"].pk]),
        ("get", "evidence:content", [objects["evidence"].pk]),
        ("get", "evidence:download", [objects["evidence"].pk]),
        ("get", "recordings:media", [objects["recording"].pk]),
        ("get", "recordings:download", [objects["recording"].pk]),
        ("get", "documents:view", [objects["document"].pk]),
        ("get", "documents:pdf", [objects["document"].pk]),
    ]


def _open(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def test_the_evaluator_reads_every_page_of_the_assigned_file(world, client_for):
    client = client_for(world["evaluator"])
    before = Entry.objects.filter(event_type=VIEWED).count()
    for method, name, args in _reads(world["case"], world["own"]):
        response = _open(client, method, name, args)
        assert response.status_code == 200, (name, response.status_code)
    # The readings are recorded under the evaluator's name: the opening of the file, once
    # within a reading (not per page or per range request), and each file handed out.
    assert Entry.objects.filter(event_type=VIEWED).count() == before + 1
    actor = world["evaluator"].pk
    for event in (
        "casefiles.casefileexport.created",
        "evidence.evidenceitem.viewed",
        "evidence.evidenceitem.downloaded",
        "documents.document.downloaded",
    ):
        assert Entry.objects.filter(event_type=event, actor_id=actor).exists(), event
    # The case page lists the documents with their links, and the service of each.
    page = client.get(reverse("workbench:case", args=[world["case"].pk])).content.decode()
    document = world["own"]["document"]
    assert reverse("documents:pdf", args=[document.pk]) in page
    assert reverse("evidence:item", args=[world["own"]["evidence"].pk]) in page
    assert reverse("recordings:media", args=[world["own"]["recording"].pk]) in page
    assert 'id="deliveries-h"' in page
    # ... but no form that changes anything.
    for action in ("evidence:add", "recordings:add", "documents:issue"):
        assert reverse(action, args=[world["case"].pk]) not in page
    assert reverse("deliveries:serve", args=[document.pk]) not in page


def test_no_other_case_of_the_agency(world, client_for):
    client = client_for(world["evaluator"])
    for method, name, args in _reads(world["other"], world["others"]):
        assert _open(client, method, name, args).status_code == 404, name
    assert not Entry.objects.filter(event_type=VIEWED).exists()
    # The agency's cases are not listed to them either.
    assert not cases_for_user(world["evaluator"]).exists()
    listing = client.get(reverse("workbench:list")).content.decode()
    assert reverse("workbench:case", args=[world["case"].pk]) not in listing


def test_reading_never_acts(world, client_for):
    client = client_for(world["evaluator"])
    case = world["case"]
    others = Entry.objects.exclude(event_type=VIEWED)
    entries = others.count()
    response = client.post(
        reverse("evidence:add", args=[case.pk]),
        {"kind": "documentary", "title": "x", "place": "x", "method": "x"},
    )
    assert response.status_code == 404
    document = world["own"]["document"]
    assert client.get(reverse("documents:correct", args=[document.pk])).status_code in (403, 404)
    assert client.get(reverse("documents:issue", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("deliveries:serve", args=[document.pk]),
        {"method": "direct", "recipient": "x", "served_on": "2026-11-20"},
    )
    assert response.status_code == 404
    assert client.post(reverse("workbench:act", args=[case.pk, "archive"])).status_code == 404
    assert others.count() == entries  # nothing but the opening of the file


def test_nothing_after_the_end(world, client_for, clock):
    clock.move_to("2027-01-05T10:00:00+08:00")
    client = client_for(world["evaluator"])
    for method, name, args in _reads(world["case"], world["own"]):
        assert _open(client, method, name, args).status_code == 404, name


def test_the_agency_reads_as_before_and_the_record_holds(world, client_for):
    client = client_for(world["b_user"])
    for method, name, args in _reads(world["other"], world["others"]):
        if name == "casefiles:export":
            continue  # the open case has no file to export yet
        assert _open(client, method, name, args).status_code == 200, name
    assert not Entry.objects.filter(event_type=VIEWED).exists()
    client_for(world["evaluator"]).get(reverse("workbench:case", args=[world["case"].pk]))
    _count, problems = record_state()
    assert problems == []
