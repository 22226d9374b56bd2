"""Demo case-file evaluation and appraisal (docs/evaluation.md, docs/appraisal.md).

The justice bureau's campaign ``2026年度行政执法案卷评查`` (the current year's) over both
district agencies: the files closed from 1 January to today, three per agency and
procedure, read by the bureau's legal reviewer (the market bureau's files), the market
bureau's legal reviewer (the bureau's files) and the justice bureau's evaluator (all
files). It is announced and drawn by the supervisor, and finished: every file is scored
and re-checked (the re-check of the market bureau's first file is far off the first
reading; the supervisor settles it), so the campaign is graded; the supervisor publishes
the report (on the portal) and issues a rectification notice to the market bureau,
pre-filled from the results, left open (issued, not replied).

A second, smaller campaign ``2026年行政处罚案卷专项评查`` (penalty files, two per agency)
re-checks selected files only and is left in scoring: the first readings of the market
bureau's files are submitted, and the market bureau's head objects to one of them
(``/evaluation/objections/``), which sends it to its second evaluator, whose re-check
finds more: the file waits for the supervisor's settlement. The bureau's files wait for
their first evaluators. Then the year's appraisal scorecards are
computed under the default scheme (left as drafts).

Everything goes through ``evaluation`` and ``appraisal`` services, as the users who
would act. Each step looks for what it would create first, so a second run creates
nothing; the scenario runs at the real now, after the year's replay.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import math

from django.utils import timezone

from openenforce.accounts.models import Agency, User
from openenforce.appraisal import services as appraisal
from openenforce.appraisal.models import Scheme
from openenforce.cases.models import Case
from openenforce.evaluation import campaigns, publication, recheck, rectification, scoring
from openenforce.evaluation.models import (
    Assignment,
    Campaign,
    FileResult,
    Objection,
    RecheckPolicy,
    RectificationNotice,
    RubricItem,
    Score,
)

logger = logging.getLogger(__name__)

BUREAU = "cnna-sa"
JUSTICE = "cnna-justice"
MARKET = "cnna-amr"
SUPERVISOR = "supervisor"
# The evaluators: each file keeps two after recusal (nobody reads their own agency's).
EVALUATORS = ("reviewer", "amr-reviewer", "evaluator")
PROCEDURES = ("penalty_ordinary", "inspection")
SAMPLE_SIZE = 3
# The second campaign, left in scoring: penalty files only, two per agency.
SPECIAL_PROCEDURES = ("penalty_ordinary",)
SPECIAL_SAMPLE_SIZE = 2
DAYS = 30

# What the evaluators found, per procedure: (item code, answer) applied to every file of
# the market bureau they score; the re-check of the disputed file adds ``DISPUTE``.
FINDINGS = {
    "penalty_ordinary": {
        "E1": scoring.Answer(deducted="3", comment="送达回证缺少受送达人签名，亦无见证人记载"),
        "G2": scoring.Answer(count="1", comment="卷内目录不完整，目录所列页码与卷内文书不一致"),
    },
    "inspection": {
        "G2": scoring.Answer(count="1", comment="卷内目录不完整，缺少检查结果告知书的目录项"),
        "B6": scoring.Answer(deducted="6", comment="检查笔录无被检查人签名，也未注明拒签情况"),
    },
}
DISPUTE = {
    "penalty_ordinary": {
        "S5": scoring.Answer(count="2", comment="裁量理由未在审批表中记载，裁量基准未引用"),
        "S6": scoring.Answer(deducted="2", comment="决定书说理不充分，未回应当事人的陈述申辩"),
        "D13": scoring.Answer(count="4", comment="现场照片未注明提取人和提取时间"),
    },
    "inspection": {
        "B5": scoring.Answer(count="3", comment="检查笔录对现场情况的记录过于简略"),
        "C1": scoring.Answer(deducted="5", comment="卷内无检查结果书面告知被检查人的材料"),
    },
}
# The bureau's files: its evaluators find less (the first file drawn only).
BUREAU_FINDINGS = {
    "penalty_ordinary": {
        "G2": scoring.Answer(count="1", comment="卷内目录页码与文书页码不一致"),
    },
    "inspection": {
        "G2": scoring.Answer(count="1", comment="卷内目录缺少检查照片的目录项"),
    },
}
OBJECTING_HEAD = "amr-head"
OBJECTION = (
    "送达回证已由受送达人签名，原件在卷宗第12页；初评认定送达回证缺少签名与卷宗不符，请求复核。"
)
SETTLE_TAKE_RECHECK = "经合议，复核意见成立，采纳复核意见"
SETTLE_KEEP_FIRST = "经合议，现有材料不足以认定该问题，维持初评意见"
OVERRIDE_REASON = "系统仅核对了记录中的日期和环节，纸质卷宗经人工核对存在上述问题"
REQUIREMENTS = (
    "对照评查发现的问题逐卷整改：补正送达回证等缺失材料，规范卷内目录和页码编排；"
    "对执法人员开展一次案卷制作专题培训；于期限内书面报送整改情况及佐证材料。"
)


def title(today: datetime.date) -> str:
    return f"{today.year}年度行政执法案卷评查"


def special_title(today: datetime.date) -> str:
    return f"{today.year}年行政处罚案卷专项评查"


def load_demo(*, actor: User) -> list[str]:
    """The campaign, its scores, the notice and the appraisal, where missing."""
    del actor  # each step acts as the demo user who would act
    today = timezone.localdate()
    justice = Agency.objects.get(code=JUSTICE)
    market = Agency.objects.get(code=MARKET)
    supervisor = User.objects.get(username=SUPERVISOR)
    created: list[str] = []
    bureau = Agency.objects.get(code=BUREAU)
    campaign = _campaign(justice, supervisor, today, created)
    if campaign is not None:
        _score(campaign, market, FINDINGS, created, dispute=True)
        _score(campaign, bureau, BUREAU_FINDINGS, created, dispute=False)
        _settle(campaign, supervisor, created)
        _publish(campaign, supervisor, created)
        _notice(campaign, market, supervisor, today, created)
    special = _campaign(
        justice,
        supervisor,
        today,
        created,
        name=special_title(today),
        wanted=SPECIAL_PROCEDURES,
        size=SPECIAL_SAMPLE_SIZE,
        policy=RecheckPolicy.SELECTED,
    )
    if special is not None:
        _first_readings(special, market, created)
        _object(special, market, created)
        _recheck_selected(special, market, created)
    _appraisal(justice, supervisor, today, created)
    return created


def _procedures(
    agencies: list[Agency],
    start: datetime.date,
    today: datetime.date,
    wanted: tuple[str, ...] = PROCEDURES,
) -> list[str]:
    """Those of ``wanted`` with closed files of every agency in the period."""
    return [
        procedure
        for procedure in wanted
        if all(
            Case.objects.filter(
                agency=agency, procedure=procedure, closed_on__gte=start, closed_on__lte=today
            ).exists()
            for agency in agencies
        )
    ]


def _campaign(
    justice: Agency,
    supervisor: User,
    today: datetime.date,
    created: list[str],
    *,
    name: str | None = None,
    wanted: tuple[str, ...] = PROCEDURES,
    size: int = SAMPLE_SIZE,
    policy: str = RecheckPolicy.ALL,
) -> Campaign | None:
    name = name or title(today)
    campaign = Campaign.objects.filter(agency=justice, title=name).first()
    if campaign is None:
        agencies = list(Agency.objects.filter(code__in=(BUREAU, MARKET)).order_by("code"))
        start = datetime.date(today.year, 1, 1)
        procedures = _procedures(agencies, start, today, wanted)
        if not procedures:
            # Not a creation: a second load would name it again (the idempotence check).
            logger.info(
                "No evaluation campaign %s: not every agency has a closed file of %s this year.",
                name,
                " or ".join(wanted),
            )
            return None
        campaign = campaigns.create_campaign(
            justice,
            actor=supervisor,
            title=name,
            agency_ids=[a.pk for a in agencies],
            procedures=procedures,
            closed_from=start,
            closed_to=today,
            sample_size=size,
            recheck_policy=policy,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=DAYS),
        )
        created.append(f"evaluation campaign {campaign.title}")
    if campaign.status == Campaign.Status.DRAFT:
        have = set(campaign.evaluators.values_list("user__username", flat=True))
        for username in EVALUATORS:
            if username not in have:
                user = User.objects.get(username=username)
                campaigns.add_evaluator(campaign, user, actor=supervisor)
                created.append(f"evaluation evaluator {username}")
        campaign = campaigns.announce(campaign, actor=supervisor)
        created.append(f"evaluation announced {campaign.title}")
    if campaign.status == Campaign.Status.ANNOUNCED:
        campaign = campaigns.draw(campaign, actor=supervisor)
        created.append(f"evaluation drawn {campaign.title} ({campaign.sampled.count()} files)")
    return campaign


def _answers(score: Score, extra: dict[str, scoring.Answer]) -> dict[int, scoring.Answer]:
    """An answer for every item: what the record found where a check pre-filled the item
    (a failed point item loses its points, noted), nothing deducted elsewhere; then the
    evaluator's own findings ``extra`` (item codes absent from the rubric are skipped)."""
    answers = {}
    for row in score.items.select_related("item"):
        item = row.item
        prefilled = (row.prefilled or {}).get("met")
        if item.kind == RubricItem.Kind.VETO:
            answer = scoring.Answer(met=True if prefilled is None else prefilled)
            if prefilled is False:
                answer = scoring.Answer(met=False, comment=f"经核对执法记录，不符合：{item.title}")
        elif prefilled is False:
            count = math.ceil(item.points / item.deduct_each) if item.deduct_each else None
            answer = scoring.Answer(
                count=count,
                deducted=item.points,
                comment=f"经核对执法记录，不符合：{item.title}",
            )
        else:
            answer = scoring.Answer(count="0", deducted="0")
        found = extra.get(item.code)
        if found is not None and item.kind == RubricItem.Kind.POINTS and prefilled is not False:
            # The record's check passed, the paper file did not: the evaluator says why.
            answer = dataclasses.replace(found, reason=OVERRIDE_REASON if prefilled else "")
        answers[item.pk] = answer
    return answers


def _score(
    campaign: Campaign,
    agency: Agency,
    findings: dict[str, dict[str, scoring.Answer]],
    created: list[str],
    *,
    dispute: bool,
) -> None:
    """Every score of ``agency``'s files submitted: the first reading, then the re-check,
    each with ``findings`` (the market bureau's: every file; the bureau's: its first file
    only); with ``dispute`` the re-check of the first file drawn finds more, and both
    readings of the last file find that too."""
    if campaign.status not in Campaign.SCORING_STATES or not scoring.is_open(campaign):
        return
    files = list(campaign.sampled.filter(case__agency=agency).order_by("rank"))
    first = files[0].pk if files else None
    disputed = first if dispute else None
    # Both readings of the market bureau's last file find the heavier problems too: a
    # file graded 合格 rather than 优秀, without a dispute.
    heavy = files[-1].pk if dispute and len(files) > 1 else None
    for sampled in files:
        procedure = sampled.case.procedure
        for role in (Assignment.Role.FIRST, Assignment.Role.RECHECK):
            assignment = (
                Assignment.objects.filter(sampled=sampled, role=role)
                .select_related("evaluator__user")
                .first()
            )
            if assignment is None:
                continue
            user = assignment.evaluator.user
            score = Score.objects.filter(assignment=assignment).first()
            if score is not None and score.is_submitted:
                continue
            if score is None:
                score = scoring.open_score(assignment, actor=user)
            extra = dict(findings.get(procedure, {})) if dispute or sampled.pk == first else {}
            if (role == Assignment.Role.RECHECK and sampled.pk == disputed) or (
                sampled.pk == heavy
            ):
                extra |= DISPUTE.get(procedure, {})
            scoring.submit_score(score, actor=user, answers=_answers(score, extra))
            created.append(f"evaluation score {sampled.case.number} {role} {user.username}")


def _first_readings(campaign: Campaign, agency: Agency, created: list[str]) -> None:
    """Under re-check of selected files: the first readings of ``agency``'s files
    submitted with the usual findings (the rule may select a file near a grade line; the
    re-check of the others waits for the lot, an objection or the confirmation)."""
    if campaign.status not in Campaign.SCORING_STATES or not scoring.is_open(campaign):
        return
    for sampled in campaign.sampled.filter(case__agency=agency).order_by("rank"):
        assignment = (
            Assignment.objects.filter(sampled=sampled, role=Assignment.Role.FIRST)
            .select_related("evaluator__user")
            .first()
        )
        if assignment is None:
            continue
        user = assignment.evaluator.user
        score = Score.objects.filter(assignment=assignment).first()
        if score is not None and score.is_submitted:
            continue
        if score is None:
            score = scoring.open_score(assignment, actor=user)
        extra = dict(FINDINGS.get(sampled.case.procedure, {}))
        scoring.submit_score(score, actor=user, answers=_answers(score, extra))
        created.append(f"evaluation first score {sampled.case.number} {user.username}")


def _object(campaign: Campaign, agency: Agency, created: list[str]) -> None:
    """The agency's head objects to the first score of its first file not yet selected:
    the file goes to its second evaluator (复核)."""
    head = User.objects.filter(agency=agency, username=OBJECTING_HEAD).first()
    if head is None or Objection.objects.filter(sampled__campaign=campaign).exists():
        return
    today = timezone.localdate()
    for sampled in recheck.objectable_files(head).filter(campaign=campaign).order_by("rank"):
        if sampled.recheck_selected_at is not None:
            continue
        if not recheck.may_object(sampled, recheck.first_score(sampled), today):
            continue
        recheck.file_objection(sampled, actor=head, reasons=OBJECTION)
        created.append(f"evaluation objection {sampled.case.number}")
        return


def _recheck_selected(campaign: Campaign, agency: Agency, created: list[str]) -> None:
    """The second evaluator re-checks each selected file of ``agency`` and finds more than
    the first reading: the file waits for the supervisor's settlement (复核争议案卷)."""
    if campaign.status not in Campaign.SCORING_STATES or not scoring.is_open(campaign):
        return
    selected = campaign.sampled.filter(case__agency=agency, recheck_selected_at__isnull=False)
    for sampled in selected.order_by("rank"):
        assignment = (
            Assignment.objects.filter(sampled=sampled, role=Assignment.Role.RECHECK)
            .select_related("evaluator__user")
            .first()
        )
        if assignment is None or Score.objects.filter(assignment=assignment).exists():
            continue
        user = assignment.evaluator.user
        score = scoring.open_score(assignment, actor=user)
        procedure = sampled.case.procedure
        extra = FINDINGS.get(procedure, {}) | DISPUTE.get(procedure, {})
        scoring.submit_score(score, actor=user, answers=_answers(score, extra))
        created.append(f"evaluation re-check {sampled.case.number} {user.username}")


def _settle(campaign: Campaign, supervisor: User, created: list[str]) -> None:
    """The supervisor settles each disputed file: the re-check's answer on the first item
    that differs, the first reading's on the others, each with a note."""
    disputed = FileResult.objects.filter(
        sampled__campaign=campaign, status=FileResult.Status.DISPUTED
    ).select_related("first", "recheck", "sampled__case")
    for result in disputed:
        if result.recheck is None:  # a disputed file has both scores; never here
            continue
        decisions = {}
        for index, (item, one, two) in enumerate(scoring.differing(result.first, result.recheck)):
            chosen = two if index == 0 else one
            note = SETTLE_TAKE_RECHECK if index == 0 else SETTLE_KEEP_FIRST
            if item.kind == RubricItem.Kind.VETO:
                decisions[item.pk] = scoring.Decision(met=chosen.met, note=note)
            else:
                decisions[item.pk] = scoring.Decision(deducted=chosen.deducted, note=note)
        scoring.settle(result, actor=supervisor, decisions=decisions)
        created.append(f"evaluation settled {result.sampled.case.number}")


def _publish(campaign: Campaign, supervisor: User, created: list[str]) -> None:
    """The report of the graded campaign, published by the supervisor."""
    campaign.refresh_from_db()
    if campaign.status == Campaign.Status.GRADED:
        publication.publish_report(campaign, actor=supervisor)
        created.append(f"evaluation report published {campaign.title}")


def _notice(
    campaign: Campaign,
    market: Agency,
    supervisor: User,
    today: datetime.date,
    created: list[str],
) -> None:
    """The rectification notice to the market bureau, pre-filled and issued."""
    notice = RectificationNotice.objects.filter(campaign=campaign, notified=market).first()
    if notice is None:
        if not rectification.prefilled_problems(campaign, market.pk):
            return
        notice = rectification.create_notice(
            campaign,
            actor=supervisor,
            notified=market,
            requirements=REQUIREMENTS,
            due_on=today + datetime.timedelta(days=DAYS),
        )
        created.append(f"evaluation rectification notice draft {market.code}")
    if notice.status == RectificationNotice.Status.DRAFT:
        notice = rectification.issue(notice, actor=supervisor)
        created.append(f"evaluation rectification notice {notice.number}")


def _appraisal(justice: Agency, supervisor: User, today: datetime.date, created: list[str]) -> None:
    """The year's default scheme, published, and the draft scorecards computed once."""
    scheme = Scheme.objects.filter(agency=justice, year=today.year).first()
    if scheme is None:
        scheme = appraisal.load_scheme(justice, today.year, actor=supervisor)
        created.append(f"appraisal scheme {scheme.title}")
    if not scheme.is_published:
        scheme = appraisal.publish_scheme(scheme, actor=supervisor)
        created.append(f"appraisal published {scheme.title}")
    if not scheme.scorecards.exists():
        for card in appraisal.compute_scorecards(scheme, actor=supervisor):
            created.append(f"appraisal scorecard {card.agency.code}")
