"""A graded campaign with known grades, for the report tests (evaluation and portal).

Over ``scoring_world.drawn_campaign`` (agency A: 2 files, agency B: 1 file), both
evaluators of each file give the same answers, so every file is agreed:

- A's first file (by rank): 100 points, 优秀;
- A's second file: L1 one occurrence (−10) and G1 −20: 70 points, 合格;
- B's file: J2 failed (veto) and L1 one occurrence (−10): 90 points, 不合格 (vetoed).

So A: mean 85.0, 优秀率 50%, 合格率 100%; B: mean 90.0, 0% and 0%; in all 1 优秀, 1 合格,
1 不合格. Problems: 程序 2 (L1 in two files of both agencies), 立卷 1 (G1), 实体 1 (J2).
"""

from __future__ import annotations

from openenforce.evaluation import scoring
from openenforce.evaluation.models import Assignment, Campaign, SampledFile, Score
from openenforce.evaluation.tests.scoring_world import drawn_campaign


def _answers(score: Score, **by_code) -> dict[int, scoring.Answer]:
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


def plans(campaign: Campaign, agency_a) -> dict[int, dict]:
    """The answers per sampled file (its pk), as the module's docstring says."""
    files = list(SampledFile.objects.filter(campaign=campaign).order_by("rank"))
    a_files = [f for f in files if f.agency_id == agency_a.pk]
    b_files = [f for f in files if f.agency_id != agency_a.pk]
    assert len(a_files) == 2 and len(b_files) == 1
    return {
        a_files[0].pk: {},
        a_files[1].pk: {
            "L1": scoring.Answer(count="1", comment="一处文书未编号"),
            "G1": scoring.Answer(deducted="20", comment="未按规定装订"),
        },
        b_files[0].pk: {
            "J2": scoring.Answer(met=False, comment="执法主体不合法"),
            "L1": scoring.Answer(count="1", comment="一处文书未编号"),
        },
    }


def score_all(campaign: Campaign, agency_a) -> Campaign:
    """Both scores of every file submitted with the same answers: the campaign graded."""
    for pk, plan in plans(campaign, agency_a).items():
        for role in (Assignment.Role.FIRST, Assignment.Role.RECHECK):
            assignment = Assignment.objects.select_related("evaluator__user").get(
                sampled_id=pk, role=role
            )
            user = assignment.evaluator.user
            score = scoring.open_score(assignment, actor=user)
            scoring.submit_score(score, actor=user, answers=_answers(score, **plan))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.GRADED
    return campaign


def graded_campaign(system_actor, agency, other_agency, justice_bureau, officer, supervisor):
    campaign = drawn_campaign(
        system_actor, agency, other_agency, justice_bureau, officer, supervisor
    )
    return score_all(campaign, agency)
