"""Scoring, re-check (复核) and final results (docs/evaluation.md §4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from openenforce.core.errors import InvalidInput, NotFound, WrongState
from openenforce.evaluation import checks, results, scoring
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    FileResult,
    ItemScore,
    Score,
)
from openenforce.evaluation.tests.scoring_world import drawn_campaign
from openenforce.ledger.models import Entry
from openenforce.testing.record import record_state

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T10:00:00+08:00")]

D = datetime.date
FIRST, RECHECK = Assignment.Role.FIRST, Assignment.Role.RECHECK


@pytest.fixture
def drawn(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    return drawn_campaign(system_actor, agency, other_agency, justice_bureau, officer, supervisor)


def _assignment(campaign, role=FIRST, rank=1) -> Assignment:
    return Assignment.objects.select_related("evaluator__user", "sampled__case").get(
        sampled__campaign=campaign, sampled__rank=rank, role=role
    )


def _open(campaign, role=FIRST, rank=1) -> tuple[Score, Assignment]:
    assignment = _assignment(campaign, role, rank)
    return scoring.open_score(assignment, actor=assignment.evaluator.user), assignment


def _answers(score: Score, **by_code) -> dict[int, scoring.Answer]:
    """A clean answer for every item (each veto as the record says, or met; nothing
    deducted), with ``by_code`` replacing some: ``J2=Answer(met=False, comment=…)``."""
    answers = {}
    for row in score.items.select_related("item"):
        item = row.item
        prefilled = (row.prefilled or {}).get("met")
        if item.kind == "veto":
            answer = scoring.Answer(met=True if prefilled is None else prefilled)
        else:
            answer = scoring.Answer(count="0", deducted="0")
        if item.kind == "points" and prefilled is False:
            answer = scoring.Answer(count="0", deducted="0", reason="纸质材料齐全")
        answers[item.pk] = by_code.get(item.code, answer)
    return answers


def _submit(score: Score, **by_code) -> Score:
    user = score.assignment.evaluator.user
    return scoring.submit_score(score, actor=user, answers=_answers(score, **by_code))


def test_a_veto_failure_fails_the_file_whatever_its_points(drawn):
    score, _a = _open(drawn)
    score = _submit(score, J2=scoring.Answer(met=False, comment="执法主体不合法"))
    assert score.points == Decimal(100)
    assert (score.grade, score.vetoed, score.status) == ("failed", True, "submitted")
    # and a clean one is 优秀 at 100
    other, _a = _open(drawn, rank=2)
    assert _submit(other).grade == "excellent"


def test_deductions_stop_at_zero_within_an_item(drawn):
    score, assignment = _open(drawn)
    user = assignment.evaluator.user
    answers = _answers(
        score,
        L1=scoring.Answer(count="7", comment="七处文书未编号"),  # 70 > 50: to zero
        S1=scoring.Answer(deducted="12.5", comment="说理不充分"),
    )
    score = scoring.save_score(score, actor=user, answers=answers)
    rows = {r.item.code: r for r in score.items.select_related("item")}
    assert (rows["L1"].count, rows["L1"].deducted, rows["L1"].points_left) == (7, 50, 0)
    assert score.points == Decimal("37.5")  # 0 + 17.5 + 20
    assert score.grade == "failed"  # below 60
    entries = Entry.objects.count()
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        scoring.save_score(
            score,
            actor=user,
            answers={**answers, rows["S1"].item_id: scoring.Answer(deducted="31")},
        )
    assert "S1" in refused.value.message and "30" in refused.value.message
    assert refused.value.problems[0].field == f"item-{rows['S1'].item_id}"
    with pytest.raises(InvalidInput) as refused:
        scoring.save_score(
            score, actor=user, answers={**answers, rows["L1"].item_id: scoring.Answer(count="1.5")}
        )
    assert "L1" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        scoring.save_score(
            score, actor=user, answers={**answers, rows["L1"].item_id: scoring.Answer(count="1e30")}
        )
    assert "L1" in refused.value.message
    assert Entry.objects.count() == entries  # nothing half-written


def test_comments_and_override_reasons_are_required_naming_the_item(drawn):
    score, assignment = _open(drawn)
    user = assignment.evaluator.user
    j1 = score.items.select_related("item").get(item__code="J1")
    assert j1.prefilled is not None and j1.prefilled["met"] in (True, False)
    contrary = not j1.prefilled["met"]
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        _submit(score, L1=scoring.Answer(count="1"))
    assert refused.value.message.startswith("第L1项") or "L1" in refused.value.message
    assert "意见" in refused.value.message or "说明" in refused.value.message
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        _submit(score, J2=scoring.Answer(met=False))
    assert "J2" in refused.value.message and "comment" in refused.value.message
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        _submit(score, J1=scoring.Answer(met=contrary, comment="核对纸质卷宗"))
    assert "J1" in refused.value.message and "reason" in refused.value.message
    with pytest.raises(InvalidInput):  # a veto item left unanswered
        _submit(score, J2=scoring.Answer(met=None))
    assert Score.objects.get(pk=score.pk).status == "draft"
    score = _submit(
        score, J1=scoring.Answer(met=contrary, comment="核对纸质卷宗", reason="持证信息有误")
    )
    j1.refresh_from_db()
    assert j1.overridden and j1.override_reason == "持证信息有误"
    with pytest.raises(WrongState):  # a submitted score never changes
        scoring.save_score(score, actor=user, answers={})


def test_prefilled_findings_are_frozen_and_shown(drawn, client_for):
    assignment = _assignment(drawn)
    user = assignment.evaluator.user
    client = client_for(user)
    url = reverse("evaluation:score", args=[assignment.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    score = Score.objects.get(assignment=assignment)
    j1 = score.items.get(item__code="J1")
    with translation.override("zh-hans"):
        finding = checks.run("two_certified_officers", assignment.sampled.case)
    assert j1.prefilled == {
        "met": finding.met,
        "evidence": [
            {"label": str(e.label), "url": e.url, "sequence": e.sequence} for e in finding.evidence
        ],
    }
    html = page.content.decode()
    for evidence in j1.prefilled["evidence"]:
        assert evidence["label"] in html
    assert "评查案卷" in html or "复核案卷" in html or "案卷评分" in html
    # opened once: a second visit, in English, shows the same frozen labels
    opened = Entry.objects.filter(event_type="evaluation.score.opened").count()
    client.cookies["django_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert Entry.objects.filter(event_type="evaluation.score.opened").count() == opened == 1
    html = page.content.decode()
    assert "Save the draft" in html and "Submit the score" in html
    assert j1.prefilled["evidence"][0]["label"] in html
    j1.refresh_from_db()
    assert j1.prefilled["met"] == finding.met


def test_only_the_assigned_evaluator_scores(drawn, client_for, supervisor, outsider):
    assignment = _assignment(drawn)
    url = reverse("evaluation:score", args=[assignment.pk])
    recheck = _assignment(drawn, RECHECK)
    for user in (recheck.evaluator.user, supervisor, outsider):
        assert client_for(user).get(url).status_code == 404
    assert not Score.objects.exists()
    with pytest.raises(NotFound):
        scoring.open_score(assignment, actor=recheck.evaluator.user)
    client = client_for(assignment.evaluator.user)
    assert client.get(url).status_code == 200
    score = Score.objects.get(assignment=assignment)
    response = client.post(url, {"action": "save", f"deducted-{_item(score, 'S1').pk}": "3"})
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.points == Decimal(97)
    drawn.refresh_from_db()
    assert drawn.status == "scoring"


def _item(score: Score, code: str):
    return score.version.items.get(code=code)


@pytest.mark.clock("2027-01-05T10:00:00+08:00")
def test_scoring_is_refused_after_the_campaign_ends(drawn, client_for):
    assignment = _assignment(drawn)
    user = assignment.evaluator.user
    url = reverse("evaluation:score", args=[assignment.pk])
    assert client_for(user).get(url).status_code == 404
    with pytest.raises(WrongState) as refused:
        scoring.open_score(assignment, actor=user)
    assert refused.value.code == "score_campaign_closed"


def test_a_refused_submission_answers_422_naming_the_item(drawn, client_for):
    assignment = _assignment(drawn)
    client = client_for(assignment.evaluator.user)
    url = reverse("evaluation:score", args=[assignment.pk])
    client.get(url)
    score = Score.objects.get(assignment=assignment)
    fields = {"action": "submit", f"count-{_item(score, 'L1').pk}": "2"}
    for row in score.items.select_related("item").filter(item__kind="veto"):
        fields[f"met-{row.item_id}"] = (
            "yes" if row.prefilled is None or row.prefilled["met"] else "no"
        )
    response = client.post(url, fields, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    html = response.content.decode()
    assert "L1" in html and "has-problem" in html
    assert 'value="2"' in html  # what was typed stays
    assert Score.objects.get(pk=score.pk).status == "draft"


def test_the_recheck_is_independent(drawn, client_for, supervisor):
    first, fa = _open(drawn)
    _submit(first, S1=scoring.Answer(deducted="8", comment="说理不足"))
    recheck = _assignment(drawn, RECHECK)
    client = client_for(recheck.evaluator.user)
    url = reverse("evaluation:score", args=[recheck.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "说理不足" not in html and "92.0" not in html
    # the campaign page does not give it away either (a bureau evaluator reads it)
    if recheck.evaluator.agency_id == drawn.agency_id:
        detail = client.get(reverse("evaluation:campaign", args=[drawn.pk])).content.decode()
        assert "92.0" not in detail
    score = Score.objects.get(assignment=recheck)
    assert not scoring.may_see(recheck.evaluator.user, first)
    _submit(score, S1=scoring.Answer(deducted="6", comment="说理略有不足"))
    assert scoring.may_see(recheck.evaluator.user, first)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "说理不足" in html and "92.0" in html
    # 92 against 94: same grade, no veto differs, within 5 points: agreed, the first's
    result = FileResult.objects.get(sampled=fa.sampled)
    assert (result.status, result.points, result.grade) == ("agreed", Decimal(92), "excellent")
    detail = client_for(supervisor).get(reverse("evaluation:campaign", args=[drawn.pk]))
    assert "92.0" in detail.content.decode() and "94.0" in detail.content.decode()


def test_differing_scores_are_settled_and_the_settlement_stands(drawn, client_for, supervisor):
    first, fa = _open(drawn)
    _submit(first, S1=scoring.Answer(deducted="5", comment="说理不足"))  # 95 优秀
    second, _ra = _open(drawn, RECHECK)
    _submit(
        second,
        J2=scoring.Answer(met=False, comment="证据不足"),
        S1=scoring.Answer(deducted="20", comment="适用法律错误"),
    )  # 80 and vetoed: 不合格
    result = FileResult.objects.get(sampled=fa.sampled)
    assert result.status == "disputed" and result.points is None
    assert [item.code for item, _one, _two in scoring.differing(first, second)] == ["J2", "S1"]
    # only the bureau's supervisors settle (the evaluators get 404)
    url = reverse("evaluation:settle", args=[fa.sampled_id])
    assert client_for(fa.evaluator.user).get(url).status_code == 404
    client = client_for(supervisor)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "证据不足" in page and "说理不足" in page and "适用法律错误" in page
    j2, s1 = _item(first, "J2"), _item(first, "S1")
    refused = client.post(url, {f"met-{j2.pk}": "yes", f"deducted-{s1.pk}": "10"})
    assert refused.status_code == 422 and "J2" in refused.content.decode()
    result.refresh_from_db()
    assert result.status == "disputed"
    response = client.post(
        url,
        {
            f"met-{j2.pk}": "yes",
            f"note-{j2.pk}": "证据经合议足以认定",
            f"deducted-{s1.pk}": "10",
            f"note-{s1.pk}": "说理不足，但法律适用正确",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.points, result.grade, result.vetoed) == (
        "settled",
        Decimal(90),
        "excellent",
        False,
    )
    assert Score.objects.filter(assignment__sampled=fa.sampled, status="submitted").count() == 2
    rows = {r.sampled.pk: r for r in results.file_results(drawn)}
    problems = rows[fa.sampled_id].problems
    assert [(p.item.code, p.problem_class, p.deducted, p.comment) for p in problems] == [
        ("S1", "substance", Decimal(10), "说理不足，但法律适用正确")
    ]
    with pytest.raises(WrongState):
        scoring.settle(result, actor=supervisor, decisions={})


def test_results_and_the_campaign_graded(drawn, supervisor, agency, other_agency):
    by_rank = {}
    for rank in (1, 2, 3):
        score, assignment = _open(drawn, FIRST, rank)
        by_rank[rank] = assignment.sampled
        if rank == 1:
            _submit(score, G1=scoring.Answer(deducted="20", comment="未按规定装订"))  # 80 合格
        elif rank == 2:
            _submit(score, J2=scoring.Answer(met=False, comment="执法主体不合法"))  # 不合格
        else:
            _submit(score)  # 100 优秀
        drawn.refresh_from_db()
        assert drawn.status == "scoring"
    for rank in (1, 2, 3):
        score, _a = _open(drawn, RECHECK, rank)
        if rank == 1:
            _submit(score, G1=scoring.Answer(deducted="18", comment="装订不规范"))  # 82 合格
        elif rank == 2:
            _submit(score, J2=scoring.Answer(met=False, comment="主体不适格"))
        else:
            _submit(score, S1=scoring.Answer(deducted="4", comment="说理稍欠"))  # 96 优秀
    drawn.refresh_from_db()
    assert drawn.status == "graded"
    assert Entry.objects.filter(event_type="evaluation.campaign.graded").count() == 1
    rows = {r.sampled.rank: r for r in results.file_results(drawn)}
    assert (rows[1].points, rows[1].grade, rows[1].vetoed) == (Decimal(80), "passed", False)
    assert [(p.item.code, p.problem_class, p.deducted) for p in rows[1].problems] == [
        ("G1", "filing", Decimal(20))
    ]
    assert rows[2].grade == "failed" and rows[2].vetoed
    assert [(p.item.code, p.problem_class, p.veto) for p in rows[2].problems] == [
        ("J2", "substance", True)
    ]
    assert rows[3].problems == [] and rows[3].grade == "excellent"
    summary = {row.agency.pk: row for row in results.agency_summary(drawn)}
    expected: dict[int, list[int]] = {}
    for rank, sampled in by_rank.items():
        expected.setdefault(sampled.agency_id, []).append(rank)
    points = {1: Decimal(80), 2: Decimal(100), 3: Decimal(100)}
    for agency_id, ranks in expected.items():
        row = summary[agency_id]
        assert row.files == len(ranks)
        assert row.mean_points == (sum(points[r] for r in ranks) / len(ranks)).quantize(
            Decimal("0.1")
        )
        grades = [rows[r].grade for r in ranks]
        assert (row.excellent, row.passed, row.failed) == (
            grades.count("excellent"),
            grades.count("passed"),
            grades.count("failed"),
        )
        passed = grades.count("excellent") + grades.count("passed")
        assert row.pass_rate == (Decimal(passed) / len(ranks)).quantize(Decimal("0.0001"))
    # scoring is over: the scores no longer change, no to-do is left
    from openenforce.evaluation.todo import evaluation_tasks

    assignment = _assignment(drawn, FIRST, 1)
    with pytest.raises(WrongState):
        scoring.save_score(assignment.score, actor=assignment.evaluator.user, answers={})
    assert not list(evaluation_tasks(assignment.evaluator.user, D(2026, 11, 20)))
    assert scoring.assignment_to_score(assignment.evaluator.user, assignment.pk) is None


def test_todo_entries_for_the_evaluator_and_the_supervisor(drawn, supervisor):
    from openenforce.evaluation.todo import evaluation_tasks

    first = _assignment(drawn)
    user = first.evaluator.user
    with translation.override("zh-hans"):
        tasks = [t for t in evaluation_tasks(user, D(2026, 11, 20)) if "assignment" in t.key]
    assert f"evaluation:assignment:{first.pk}" in {t.key for t in tasks}
    assert reverse("evaluation:score", args=[first.pk]) in {t.url for t in tasks}
    score, _a = _open(drawn)
    _submit(score, J2=scoring.Answer(met=False, comment="证据不足"))
    keys = {t.key for t in evaluation_tasks(user, D(2026, 11, 20))}
    assert f"evaluation:assignment:{first.pk}" not in keys
    second, _r = _open(drawn, RECHECK)
    _submit(second)
    with translation.override("zh-hans"):
        tasks = list(evaluation_tasks(supervisor, D(2026, 11, 20)))
    settle = [t for t in tasks if t.key == f"evaluation:settle:{first.sampled_id}"]
    assert settle and str(settle[0].title) == "复核争议案卷"


def test_my_files_shows_each_state(drawn, client_for):
    assignment = _assignment(drawn)
    user = assignment.evaluator.user
    client = client_for(user)
    html = client.get(reverse("evaluation:my_files"), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "待评分" in html.decode()
    score, _a = _open(drawn)
    html = client.get(reverse("evaluation:my_files"), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "草稿" in html.decode()
    _submit(score)
    html = client.get(reverse("evaluation:my_files"), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "已提交" in html.decode()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("evaluation:my_files"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Submitted" in html.decode()


def test_record_entries_and_ledger_silent_after_honest_use(drawn, supervisor, client_for):
    first, fa = _open(drawn)
    assert Entry.objects.filter(event_type="evaluation.score.opened").count() == 1
    assert Entry.objects.filter(event_type="evaluation.itemscore.opened").count() == 5
    assert Entry.objects.filter(event_type="evaluation.campaign.scoring").count() == 1
    scoring.save_score(
        first,
        actor=fa.evaluator.user,
        answers=_answers(first, S1=scoring.Answer(deducted="2", comment="小瑕疵")),
    )
    assert Entry.objects.filter(event_type="evaluation.itemscore.saved").count() >= 1
    _submit(first, S1=scoring.Answer(deducted="2", comment="小瑕疵"))
    second, _r = _open(drawn, RECHECK)
    _submit(second, S1=scoring.Answer(deducted="15", comment="说理严重不足"))
    assert Entry.objects.filter(event_type="evaluation.score.submitted").count() == 2
    assert Entry.objects.filter(event_type="evaluation.fileresult.disputed").count() == 1
    result = FileResult.objects.get(sampled=fa.sampled)
    s1 = _item(first, "S1")
    scoring.settle(
        result, actor=supervisor, decisions={s1.pk: scoring.Decision(deducted="5", note="折中")}
    )
    assert Entry.objects.filter(event_type="evaluation.itemsettlement.settled").count() == 1
    assert Entry.objects.filter(event_type="evaluation.fileresult.settled").count() == 1
    assert ItemScore.objects.count() == 10
    _count, problems = record_state()
    assert problems == []
    assert Campaign.objects.get(pk=drawn.pk).status == "scoring"
