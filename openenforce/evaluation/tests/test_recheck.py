"""Re-check (复核) of selected files only (docs/evaluation.md §4, "Re-check policy"):
the rule, the lot (recomputed here from the public values), objections by the evaluated
agency, dormant re-check assignments, confirming the first scores, and ``all`` as before.

The world (``scoring_world``): three drawn inspection files (agency A: 2, agency B: 1),
rubric bands 60 / 90, the campaign running 1 Nov – 31 Dec 2026."""

from __future__ import annotations

import datetime
import hashlib
import math
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from openenforce.accounts.models import Role
from openenforce.accounts.services import create_user
from openenforce.core.errors import NotFound, WrongState
from openenforce.evaluation import recheck, results, scoring
from openenforce.evaluation.models import Assignment, Campaign, FileResult, Objection, Score
from openenforce.evaluation.tests.scoring_world import drawn_campaign
from openenforce.evaluation.tests.test_scoring import _assignment, _open, _submit
from openenforce.evaluation.todo import evaluation_tasks
from openenforce.ledger.models import Entry
from openenforce.testing.api import api_as
from openenforce.testing.record import record_state

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date
FIRST, RECHECK = Assignment.Role.FIRST, Assignment.Role.RECHECK
TODAY = D(2026, 11, 20)


@pytest.fixture
def selected(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    return drawn_campaign(
        system_actor,
        agency,
        other_agency,
        justice_bureau,
        officer,
        supervisor,
        recheck_policy="selected",
    )


def _heads(system_actor, agency, other_agency):
    """The head of agency A and a legal reviewer of agency B."""

    def user(username, agency, role):
        return create_user(
            username,
            actor=system_actor,
            agency=agency,
            roles=[role],
            password="correct horse battery 42",  # noqa: S106  (a test password)
            display_name=username,
        )

    return user("ahead", agency, Role.HEAD), user("breviewer", other_agency, Role.REVIEWER)


def _selection(campaign: Campaign) -> dict[int, list[str]]:
    return {s.rank: list(s.recheck_reasons) for s in campaign.sampled.order_by("rank")}


def _submit_first(campaign, rank, **by_code) -> Score:
    score, _a = _open(campaign, FIRST, rank)
    return _submit(score, **by_code)


def test_the_rule_selects_a_veto_and_a_score_near_a_grade_line(selected):
    assert selected.recheck_policy == "selected" and selected.recheck_margin == 3
    _submit_first(selected, 1, J2=scoring.Answer(met=False, comment="执法主体不合法"))
    _submit_first(selected, 2, S1=scoring.Answer(deducted="2", comment="小瑕疵"))  # 98
    assert _selection(selected) == {1: ["veto"], 2: [], 3: []}
    entries = Entry.objects.filter(event_type="evaluation.recheck.selected")
    assert entries.count() == 1
    # 91 is within 3 points of 90; the last first score also draws the lot
    _submit_first(selected, 3, S1=scoring.Answer(deducted="9", comment="说理不足"))
    chosen = _selection(selected)
    assert chosen[1] == ["veto"] and chosen[3] == ["band_edge"]
    # 98 is 8 from 90: not by the rule; the only candidate of the lot (ceil(1 × 20 %) = 1)
    assert chosen[2] == ["lot"]
    assert (
        recheck.rule_reasons(
            Score.objects.get(assignment=_assignment(selected, FIRST, 2)), Decimal(3)
        )
        == []
    )
    # 60 ± 3 too, and a score far from both lines is not selected
    score = Score.objects.get(assignment=_assignment(selected, FIRST, 2))
    for points, expected in (
        (Decimal("62.5"), ["band_edge"]),
        (Decimal(75), []),
        (Decimal(87), ["band_edge"]),
    ):
        score.points = points  # in memory only: the rule is a function of the score
        assert recheck.rule_reasons(score, Decimal(3)) == expected


def test_the_lot_is_reproducible_from_the_public_values(
    system_actor, agency, other_agency, justice_bureau, officer, supervisor
):
    campaign = drawn_campaign(
        system_actor,
        agency,
        other_agency,
        justice_bureau,
        officer,
        supervisor,
        recheck_policy="selected",
        recheck_share=50,
    )
    for rank in (1, 2, 3):
        _submit_first(campaign, rank)  # 100 each: none near a line, all candidates
        if rank < 3:
            assert not Entry.objects.filter(event_type="evaluation.recheck.lot_drawn").exists()
    campaign.refresh_from_db()
    # recompute from the published seed and the first scores alone
    firsts = {
        s.assignment.sampled.rank: s
        for s in Score.objects.filter(
            assignment__sampled__campaign=campaign, assignment__role=FIRST
        )
    }
    text = "".join(
        f"{rank}\t{firsts[rank].points:.1f}\t{firsts[rank].grade}\t{int(firsts[rank].vetoed)}\n"
        for rank in sorted(firsts)
    )
    assert text == "1\t100.0\texcellent\t0\n2\t100.0\texcellent\t0\n3\t100.0\texcellent\t0\n"
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert campaign.recheck_scores_sha256 == digest
    keys = {
        rank: hashlib.sha256(
            bytes.fromhex(campaign.seed)
            + b"recheck"
            + rank.to_bytes(4, "big")
            + bytes.fromhex(digest)
        ).hexdigest()
        for rank in firsts
    }
    size = math.ceil(3 * 50 / 100)
    expected = sorted(sorted(keys, key=keys.__getitem__)[:size])
    lot = [rank for rank, reasons in _selection(campaign).items() if "lot" in reasons]
    assert lot == expected and len(lot) == 2
    entry = Entry.objects.get(event_type="evaluation.recheck.lot_drawn")
    assert entry.subject_id == str(campaign.pk)
    assert Entry.objects.filter(event_type="evaluation.recheck.selected").count() == 2


def test_the_lot_size_rounds_up_and_a_share_of_zero_draws_nothing():
    assert [recheck.lot_size(n, 20) for n in (0, 1, 5, 6, 60, 61)] == [0, 1, 1, 2, 12, 13]
    assert recheck.lot_size(60, 0) == 0 and recheck.lot_size(7, 100) == 7


def test_dormant_recheck_gives_no_access_until_selected(
    selected, client_for, system_actor, agency, other_agency
):
    first = _assignment(selected, FIRST, 1)
    second = _assignment(selected, RECHECK, 1)
    user = second.evaluator.user
    client = client_for(user)
    score_url = reverse("evaluation:score", args=[second.pk])
    case_url = reverse("workbench:case", args=[second.sampled.case_id])
    assert client.get(score_url).status_code == 404
    assert client.get(case_url).status_code == 404
    with pytest.raises(NotFound):
        scoring.open_score(second, actor=user)
    keys = {t.key for t in evaluation_tasks(user, TODAY)}
    assert f"evaluation:assignment:{second.pk}" not in keys
    html = client.get(reverse("evaluation:my_files")).content.decode()
    assert score_url not in html
    # the first evaluator is unaffected
    assert (
        client_for(first.evaluator.user)
        .get(reverse("evaluation:score", args=[first.pk]))
        .status_code
        == 200
    )
    # selected (a failed veto): the re-check wakes up
    _submit_first(selected, 1, J2=scoring.Answer(met=False, comment="证据不足"))
    client = client_for(user)
    assert client.get(case_url).status_code == 200
    assert client.get(score_url).status_code == 200
    with translation.override("zh-hans"):
        tasks = {t.key: t for t in evaluation_tasks(user, TODAY)}
    assert str(tasks[f"evaluation:assignment:{second.pk}"].title) == "复核案卷"


def test_an_objection_selects_the_file_within_the_period_only(
    selected, client_for, system_actor, agency, other_agency, clock
):
    a_head, b_reviewer = _heads(system_actor, agency, other_agency)
    by_rank = {s.rank: s for s in selected.sampled.all()}
    rank = next(r for r, s in by_rank.items() if s.agency_id == agency.pk)
    sampled = by_rank[rank]
    _submit_first(selected, rank, G1=scoring.Answer(deducted="5", comment="卷内目录不全"))  # 95
    assert _selection(selected)[rank] == []
    # the agency's head sees the first score, its problems, not the evaluator's name
    page = client_for(a_head).get(reverse("evaluation:objections"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200 and "95.0" in html and "卷内目录不全" in html
    evaluator = _assignment(selected, FIRST, rank).evaluator.user
    assert evaluator.username not in html
    with translation.override("zh-hans"):
        tasks = [
            t for t in evaluation_tasks(a_head, TODAY) if t.key.startswith("evaluation:objection")
        ]
    assert tasks and str(tasks[0].title) == "对评查初评结果提出异议（如有）"
    assert tasks[0].due == TODAY + datetime.timedelta(days=5)
    # another agency's legal staff see nothing of it and cannot object
    other = client_for(b_reviewer)
    assert "卷内目录不全" not in other.get(reverse("evaluation:objections")).content.decode()
    url = reverse("evaluation:objection", args=[sampled.pk])
    assert other.post(url, {"reasons": "不服"}).status_code == 404
    with pytest.raises(NotFound):
        recheck.file_objection(sampled, actor=b_reviewer, reasons="不服")
    # reasons are required (the field named, in Chinese), nothing written
    client = client_for(a_head)
    refused = client.post(url, {"reasons": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 422 and "异议理由" in refused.content.decode()
    assert not Objection.objects.exists()
    response = client.post(url, {"reasons": "卷内目录已按规定编制，请复核"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.filed_by == a_head and objection.sampled == sampled
    assert _selection(selected)[rank] == ["objection"]
    assert Entry.objects.filter(event_type="evaluation.objection.filed").count() == 1
    # the re-checker now has the file
    second = _assignment(selected, RECHECK, rank)
    assert (
        client_for(second.evaluator.user)
        .get(reverse("evaluation:score", args=[second.pk]))
        .status_code
        == 200
    )
    # one objection per file: the form is gone and a second is refused
    page = client.get(reverse("evaluation:objections")).content.decode()
    assert f'action="{url}"' not in page
    with pytest.raises(WrongState) as twice:
        recheck.file_objection(sampled, actor=a_head, reasons="再次异议")
    assert twice.value.code == "objection_twice"
    # the agency's other file: after its period (5 days after its first score), refused
    later = next(r for r, s in by_rank.items() if s.agency_id == agency.pk and r != rank)
    _submit_first(selected, later)
    clock.shift(datetime.timedelta(days=6))
    with pytest.raises(WrongState) as late:
        recheck.file_objection(by_rank[later], actor=a_head, reasons="不服初评")
    assert late.value.code == "objection_period_over"
    assert Objection.objects.count() == 1
    _count, problems = record_state()
    assert problems == []


def test_objection_api(selected, system_actor, agency, other_agency, clock):
    a_head, b_reviewer = _heads(system_actor, agency, other_agency)
    sampled = next(s for s in selected.sampled.all() if s.agency_id == agency.pk)
    _submit_first(selected, sampled.rank)
    path = f"/api/v1/evaluation/files/{sampled.pk}/objection"
    assert api_as(b_reviewer).post(path, {"reasons": "不服"}).status_code == 404
    response = api_as(a_head).post(path, {"reasons": "评分有误"})
    assert response.status_code == 201, response.content
    assert response.json()["recheck_reasons"] == ["objection"]
    clock.shift(datetime.timedelta(days=6))
    assert api_as(a_head).post(path, {"reasons": "再次"}).status_code == 409


def test_confirming_the_first_scores_finalises_the_others_and_grades(
    selected, supervisor, client_for, clock
):
    with pytest.raises(WrongState) as refused:
        recheck.close_first_round(selected, actor=supervisor)
    assert refused.value.code in ("first_round_not_scoring", "first_round_scores_missing")
    _submit_first(selected, 1, J2=scoring.Answer(met=False, comment="主体不适格"))  # veto
    _submit_first(selected, 2)  # 100
    selected.refresh_from_db()
    with translation.override("zh-hans"), pytest.raises(WrongState) as refused:
        recheck.close_first_round(selected, actor=supervisor)
    assert refused.value.code == "first_round_scores_missing" and "1" in refused.value.message
    _submit_first(selected, 3)  # 100; the lot takes one of ranks 2 and 3
    chosen = _selection(selected)
    lot = [rank for rank, reasons in chosen.items() if reasons == ["lot"]]
    assert chosen[1] == ["veto"] and len(lot) == 1
    unselected = ({2, 3} - set(lot)).pop()
    # the objection period is still open (until 25 November)
    page = client_for(supervisor).post(reverse("evaluation:first_round_close", args=[selected.pk]))
    assert page.status_code == 302
    selected.refresh_from_db()
    assert selected.first_round_closed_at is None
    assert not [t for t in evaluation_tasks(supervisor, TODAY) if "first-round" in t.key]
    clock.shift(datetime.timedelta(days=6))
    today = TODAY + datetime.timedelta(days=6)
    with translation.override("zh-hans"):
        tasks = [t for t in evaluation_tasks(supervisor, today) if "first-round" in t.key]
    assert tasks and str(tasks[0].title) == "确认初评结果"
    detail = client_for(supervisor).get(
        reverse("evaluation:campaign", args=[selected.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "确认初评结果" in detail.content.decode() and "未选中复核" in detail.content.decode()
    page = client_for(supervisor).post(reverse("evaluation:first_round_close", args=[selected.pk]))
    assert page.status_code == 302
    selected.refresh_from_db()
    assert selected.first_round_closed_at is not None and selected.status == "scoring"
    result = FileResult.objects.get(sampled__campaign=selected, sampled__rank=unselected)
    assert (result.status, result.recheck, result.points, result.grade) == (
        "agreed",
        None,
        Decimal(100),
        "excellent",
    )
    assert Entry.objects.filter(event_type="evaluation.campaign.first_round_closed").count() == 1
    with pytest.raises(WrongState):
        recheck.close_first_round(selected, actor=supervisor)
    # the settle page's details of a file final with its first score alone
    settle = client_for(supervisor).get(reverse("evaluation:settle", args=[result.sampled_id]))
    assert settle.status_code == 200
    # the selected files go through the compare/settle path: agreeing re-checks grade it
    second, _a = _open(selected, RECHECK, 1)
    _submit(second, J2=scoring.Answer(met=False, comment="主体确不适格"))
    selected.refresh_from_db()
    assert selected.status == "scoring"
    second, _a = _open(selected, RECHECK, lot[0])
    _submit(second)
    selected.refresh_from_db()
    assert selected.status == "graded"
    rows = {r.sampled.rank: r for r in results.file_results(selected)}
    assert rows[1].grade == "failed" and rows[unselected].points == Decimal(100)
    _count, problems = record_state()
    assert problems == []


def test_all_behaves_as_before(
    system_actor, agency, other_agency, justice_bureau, officer, supervisor, client_for
):
    campaign = drawn_campaign(
        system_actor, agency, other_agency, justice_bureau, officer, supervisor
    )
    assert campaign.recheck_policy == "all"
    second = _assignment(campaign, RECHECK, 1)
    assert (
        client_for(second.evaluator.user)
        .get(reverse("evaluation:score", args=[second.pk]))
        .status_code
        == 200
    )
    _submit_first(campaign, 1, J2=scoring.Answer(met=False, comment="证据不足"))
    assert _selection(campaign)[1] == []  # no selection under ``all``
    with pytest.raises(WrongState) as refused:
        recheck.close_first_round(campaign, actor=supervisor)
    assert refused.value.code == "first_round_not_selected"
    assert not Entry.objects.filter(event_type__startswith="evaluation.recheck").exists()


def test_the_form_offers_the_policy_and_the_api_shows_it(selected, supervisor, client_for):
    client = client_for(supervisor)
    html = client.get(
        reverse("evaluation:campaign_create"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    radios = {
        re.search(r'value="(\w+)"', tag).group(1): "checked" in tag
        for tag in re.findall(r'<input[^>]*name="recheck_policy"[^>]*>', html)
    }
    assert radios == {"selected": True, "all": False}
    assert html.index('value="selected"') < html.index('value="all"')
    _submit_first(selected, 1, J2=scoring.Answer(met=False, comment="证据不足"))
    api = api_as(supervisor)
    body = api.get(f"/api/v1/evaluation/campaigns/{selected.pk}").json()
    assert (body["recheck_policy"], body["recheck_share"], body["objection_days"]) == (
        "selected",
        20,
        5,
    )
    assert Decimal(str(body["recheck_margin"])) == 3
    sample = api.get(f"/api/v1/evaluation/campaigns/{selected.pk}/sample").json()["items"]
    assert sample[0]["recheck_reasons"] == ["veto"] and sample[0]["recheck_selected_at"]
    assert sample[1]["recheck_reasons"] == []


def test_the_score_page_says_nothing_is_saved_before_the_first_save(selected, client_for):
    assignment = _assignment(selected, FIRST, 1)
    client = client_for(assignment.evaluator.user)
    url = reverse("evaluation:score", args=[assignment.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "尚未保存" in html and "100.0" not in html
    client.post(url, {"action": "save"})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "尚未保存" not in html and "100.0" in html


def test_the_reasons_stay_hidden_from_a_recheck_evaluator_until_their_score(selected, supervisor):
    from openenforce.evaluation import api, campaign_views
    from openenforce.evaluation.models import SampledFile

    _submit_first(selected, 1, J2=scoring.Answer(met=False, comment="证据不足"))
    second = _assignment(selected, RECHECK, 1)
    user = second.evaluator.user

    def seen(viewer):
        files = list(
            SampledFile.objects.filter(campaign=selected, rank=1).prefetch_related(
                "assignments__evaluator__user", "assignments__score"
            )
        )
        row = campaign_views._scores(files, viewer, False)[0]
        return [str(r) for r in row["reasons"]], api._blind(viewer, files[0])

    with translation.override("zh-hans"):
        assert seen(supervisor) == (["否决项不符合"], False)
        assert seen(user) == ([], True)
        score, _a = _open(selected, RECHECK, 1)
        _submit(score, J2=scoring.Answer(met=False, comment="主体不适格"))
        assert seen(user) == (["否决项不符合"], False)
