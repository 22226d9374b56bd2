"""Rubrics (评查标准) as versioned data.

A ``Rubric`` is owned by the supervising body (a justice bureau) and applies to one
procedure. Its content lives in ``RubricVersion`` rows: a draft is imported whole (from a
workbook or a shipped data file), then published; a published version never changes, and
a change is a new version. Each version holds its ``RubricItem`` rows: veto items (基本标准:
any one failing makes the file 不合格) and point items (grouped by stage or by form and
content, each deducting to zero within itself), and the grade bands.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency
from openenforce.core.models import TimeStampedModel
from openenforce.inspections.models import CommittedDraw
from openenforce.ledger.recorded import RecordedModel


def points_field(verbose_name: Any, **options: Any) -> models.DecimalField:
    """Points with one decimal place (0.5 is a common step in the standards)."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=1, **options)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("evaluation grade", "Excellent")  # 优秀
    PASSED = "passed", pgettext_lazy("evaluation grade", "Passed")  # 合格
    FAILED = "failed", pgettext_lazy("evaluation grade", "Failed")  # 不合格


class Rubric(RecordedModel, TimeStampedModel):
    """One evaluation standard of a supervising body for one procedure."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    procedure = models.CharField(_("procedure"), max_length=40)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("evaluation rubric")
        verbose_name_plural = _("evaluation rubrics")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="rubric_code")]

    def __str__(self) -> str:
        return self.title

    def current(self) -> RubricVersion | None:
        """The version in force: the latest published one."""
        return (
            self.versions.filter(status=RubricVersion.Status.PUBLISHED).order_by("-number").first()
        )


class RubricVersion(RecordedModel, TimeStampedModel):
    """The content of a rubric at one time. Only a draft's status changes; its items and
    bands never do (an import makes a new version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("rubric status", "Draft")
        PUBLISHED = "published", pgettext_lazy("rubric status", "Published")
        DISCARDED = "discarded", pgettext_lazy("rubric status", "Discarded")

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="versions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    total_points = points_field(_("total points"))
    excellent_from = points_field(_("excellent from"))
    passed_from = points_field(_("passed from"))
    digest = models.CharField(_("digest of the content"), max_length=64)
    origin = models.CharField(_("imported from"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubric_version_number"),
            models.UniqueConstraint(
                fields=["rubric"],
                condition=models.Q(status="draft"),
                name="rubric_one_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(passed_from__lte=models.F("excellent_from")),
                name="rubric_version_bands_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def grade(self, score: Decimal, *, vetoed: bool) -> str:
        """The grade of a file with ``score`` points: any veto item failing makes it
        不合格 whatever its points; otherwise the bands decide."""
        if vetoed or score < self.passed_from:
            return Grade.FAILED
        return Grade.EXCELLENT if score >= self.excellent_from else Grade.PASSED


class RubricItem(RecordedModel):
    """One item of a rubric version: a veto item, or a point item with its deduction."""

    class Kind(models.TextChoices):
        VETO = "veto", _("Veto item")  # 否决项 / 基本标准
        POINTS = "points", _("Point item")  # 评分项

    class Group(models.TextChoices):
        BASIC = "basic", pgettext_lazy("evaluation group", "Basic standard")  # 基本标准
        FILING = "filing", pgettext_lazy("evaluation group", "Filing")  # 立案
        INVESTIGATION = (
            "investigation",
            pgettext_lazy("evaluation group", "Investigation and evidence"),
        )  # 调查取证
        DECISION = "decision", pgettext_lazy("evaluation group", "Review and decision")  # 审查决定
        SERVICE = "service", pgettext_lazy("evaluation group", "Service and execution")  # 送达执行
        ARCHIVE = (
            "archive",
            pgettext_lazy("evaluation group", "Filing of the case file"),
        )  # 立卷归档
        FORM = "form", pgettext_lazy("evaluation group", "Form of the file")  # 卷面
        CONTENT = "content", pgettext_lazy("evaluation group", "Content")  # 内容

    version = models.ForeignKey(RubricVersion, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(pgettext_lazy("item order", "position"))
    code = models.CharField(_("item number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    group = models.CharField(
        pgettext_lazy("evaluation item", "group"), max_length=20, choices=Group.choices
    )
    title = models.TextField(_("requirement"))
    points = points_field(_("points"), default=Decimal(0))
    deduction = models.TextField(_("deduction rule"), blank=True)
    deduct_each = points_field(_("points deducted each time"), null=True, blank=True)
    source = models.TextField(_("source"))
    proposal = models.BooleanField(_("the system's own proposal"), default=False)
    check_key = models.CharField(_("automatic check"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="rubric_item_code"),
            models.CheckConstraint(
                condition=(models.Q(kind="veto", points=0) | models.Q(kind="points", points__gt=0)),
                name="rubric_item_points_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def score(self, deductions: Decimal) -> Decimal:
        """The item's points after ``deductions``: never below zero (扣完为止)."""
        return max(Decimal(0), self.points - deductions)


# -- campaigns (docs/evaluation.md §3) --------------------------------------------------


class RecheckPolicy(models.TextChoices):
    ALL = "all", pgettext_lazy("recheck policy", "Every file scored twice")
    SELECTED = (
        "selected",
        pgettext_lazy("recheck policy", "Re-check selected files (rule, lot, objection)"),
    )


class Campaign(CommittedDraw, RecordedModel, TimeStampedModel):
    """One evaluation campaign of a supervising body: which closed files of which
    agencies and procedures are drawn, how many per agency × procedure, by whom they are
    read. The sample is drawn with ``oe-draw/1`` (docs/draws.md): announced with a
    commitment to a secret seed, the seed revealed at the draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
        ANNOUNCED = "announced", pgettext_lazy("campaign status", "Announced")
        DRAWN = "drawn", pgettext_lazy("campaign status", "Drawn")
        SCORING = "scoring", pgettext_lazy("campaign status", "Scoring")
        GRADED = "graded", pgettext_lazy("campaign status", "Graded")
        PUBLISHED = "published", pgettext_lazy("campaign status", "Report published")
        CLOSED = "closed", pgettext_lazy("campaign status", "Closed")

    # The states in which the sample exists: assigned files can be read (within the
    # campaign's dates). Scoring is open in DRAWN and SCORING only.
    SAMPLED_STATES = ("drawn", "scoring", "graded", "published", "closed")
    # Every file has its final result: the report can be written (and once published,
    # it is public).
    REPORT_STATES = ("graded", "published", "closed")
    PUBLIC_STATES = ("published", "closed")
    SCORING_STATES = ("drawn", "scoring")

    agency = models.ForeignKey(
        Agency, verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    # Scope as lists of ids and codes (frozen with the rest at announcement).
    agency_ids = models.JSONField(_("agencies evaluated"), default=list)
    procedures = models.JSONField(_("procedures"), default=list)
    closed_from = models.DateField(_("closed from"))
    closed_to = models.DateField(_("closed until"))
    sample_size = models.PositiveIntegerField(_("files per agency and procedure"), default=5)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    rubric_versions = models.JSONField(_("rubric version per procedure"), default=dict)
    recheck_threshold = points_field(_("points difference needing settlement"), default=Decimal(5))
    # Re-check policy (docs/evaluation.md §4): every file scored twice, or only the files
    # selected by the rule, by lot or by objection (``evaluation/recheck.py``).
    recheck_policy = models.CharField(
        _("re-check"), max_length=10, choices=RecheckPolicy.choices, default=RecheckPolicy.ALL
    )
    recheck_margin = points_field(_("points near a grade line re-checked"), default=Decimal(3))
    recheck_share = models.PositiveSmallIntegerField(
        _("share of the other files re-checked by lot (%)"), default=20
    )
    objection_days = models.PositiveSmallIntegerField(_("days for objections"), default=5)
    recheck_scores_sha256 = models.CharField(
        _("digest of the first scores the lot used"), max_length=64, blank=True
    )
    first_round_closed_at = models.DateTimeField(_("first round closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # The report (通报, docs/evaluation.md §5): published, then the campaign closed.
    report_sha256 = models.CharField(_("digest of the published report"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_from__lte=models.F("closed_to")),
                name="campaign_closed_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="campaign_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def draw_id(self) -> str:
        return f"{self.agency.code}:campaign-{self.pk}"

    @property
    def own_party(self) -> str:
        return self.agency.code

    @property
    def group(self) -> str:
        return f"campaign-{self.pk}"


class Evaluator(RecordedModel, TimeStampedModel):
    """A user who reads files in a campaign, with the agency they belong to (their own
    agency's files are never theirs to read)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="evaluators")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering = ["campaign", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="evaluator_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class SampledFile(RecordedModel):
    """A case drawn in a campaign, in the rank order of the draw."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="sampled")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("stratum"), max_length=120)
    rank = models.PositiveIntegerField(_("rank in the draw"))

    class Meta:
        verbose_name = _("sampled file")
        verbose_name_plural = _("sampled files")
        ordering = ["campaign", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="sampled_once"),
            models.UniqueConstraint(fields=["campaign", "rank"], name="sampled_rank"),
        ]

    # Under the ``selected`` re-check policy: why the file is re-checked (codes of
    # ``RECHECK_REASONS``, in the order they arose) and when it was first selected.
    recheck_reasons = models.JSONField(_("reasons for the re-check"), default=list, blank=True)
    recheck_selected_at = models.DateTimeField(_("selected for re-check at"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.rank}"


# Why a file is re-checked under the ``selected`` policy.
RECHECK_REASONS = {
    "veto": pgettext_lazy("recheck reason", "A veto item failed"),
    "band_edge": pgettext_lazy("recheck reason", "Near a grade line"),
    "lot": pgettext_lazy("recheck reason", "Drawn by lot"),
    "objection": pgettext_lazy("recheck reason", "Objection by the agency"),
}


class Objection(RecordedModel, TimeStampedModel):
    """The evaluated agency's objection (异议) to a file's first score, with its written
    reasons: it selects the file for re-check."""

    sampled = models.ForeignKey(SampledFile, on_delete=models.PROTECT, related_name="objections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("reasons for the objection"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["sampled", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.sampled_id}: {self.created_at:%Y-%m-%d}"


class Assignment(RecordedModel):
    """An evaluator's part in a sampled file: the first reading, or the re-check (复核)
    by the second evaluator the draw named."""

    class Role(models.TextChoices):
        FIRST = "first", pgettext_lazy("evaluation role", "First evaluation")
        RECHECK = "recheck", pgettext_lazy("evaluation role", "Re-check")

    sampled = models.ForeignKey(SampledFile, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("evaluation assignment")
        verbose_name_plural = _("evaluation assignments")
        ordering = ["sampled", "role"]
        constraints = [
            models.UniqueConstraint(fields=["sampled", "role"], name="assignment_role_once"),
        ]


# -- scoring, re-check, final results (docs/evaluation.md §4) ---------------------------


class ProblemClass(models.TextChoices):
    """How the campaign report classes a problem (许昌 2022: 立卷 / 实体 / 程序)."""

    FILING = "filing", pgettext_lazy("problem class", "Filing and documentation")  # 立卷
    SUBSTANCE = "substance", pgettext_lazy("problem class", "Substance")  # 实体
    PROCEDURE = "procedure", pgettext_lazy("problem class", "Procedure")  # 程序


# Item group → problem class: the form of the file and its archiving are 立卷; the basic
# standard (subject, facts, evidence, law) and the decision and its content are 实体;
# every stage of the procedure is 程序.
PROBLEM_CLASS: dict[str, str] = {
    RubricItem.Group.FORM: ProblemClass.FILING,
    RubricItem.Group.ARCHIVE: ProblemClass.FILING,
    RubricItem.Group.BASIC: ProblemClass.SUBSTANCE,
    RubricItem.Group.DECISION: ProblemClass.SUBSTANCE,
    RubricItem.Group.CONTENT: ProblemClass.SUBSTANCE,
    RubricItem.Group.FILING: ProblemClass.PROCEDURE,
    RubricItem.Group.INVESTIGATION: ProblemClass.PROCEDURE,
    RubricItem.Group.SERVICE: ProblemClass.PROCEDURE,
}


def problem_class(group: str) -> str:
    return PROBLEM_CLASS.get(group, ProblemClass.PROCEDURE)


class Score(RecordedModel, TimeStampedModel):
    """One evaluator's scoring of one assigned file against the campaign's rubric
    version: a draft while they work, then submitted (it never changes after)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("score status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("score status", "Submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="score")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        RubricVersion, verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    points = points_field(_("points"), default=Decimal(0))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("a veto item failed"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["assignment"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.points}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ItemScore(RecordedModel):
    """The evaluator's answer on one item: for a veto item whether it is met; for a point
    item the points deducted (``count`` × ``deduct_each`` when the item deducts per
    occurrence). ``prefilled`` is the record's finding as it stood when the score was
    opened (met and evidence), frozen; ``overridden`` says the answer contradicts it."""

    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="items")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(pgettext_lazy("veto item", "met"), null=True, blank=True)
    count = models.PositiveIntegerField(_("occurrences"), null=True, blank=True)
    deducted = points_field(_("points deducted"), default=Decimal(0))
    comment = models.TextField(_("comment"), blank=True)
    prefilled = models.JSONField(_("pre-filled finding"), null=True, blank=True)
    overridden = models.BooleanField(_("overrides the pre-filled finding"), default=False)
    override_reason = models.TextField(_("reason for the override"), blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["score", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["score", "item"], name="item_score_once"),
            models.CheckConstraint(condition=models.Q(deducted__gte=0), name="item_score_deducted"),
        ]

    def __str__(self) -> str:
        return f"{self.score_id}/{self.item_id}"

    @property
    def points_left(self) -> Decimal:
        return self.item.score(self.deducted)


class FileResult(RecordedModel, TimeStampedModel):
    """The outcome of a sampled file once both evaluators have submitted: agreed (the
    first evaluator's score stands) or disputed until the supervisor settles the
    differing items. Both scores stay; the final points, grade and veto are here."""

    class Status(models.TextChoices):
        DISPUTED = "disputed", pgettext_lazy("file result", "To settle")
        AGREED = "agreed", pgettext_lazy("file result", "Agreed")
        SETTLED = "settled", pgettext_lazy("file result", "Settled")

    FINAL_STATES = ("agreed", "settled")

    sampled = models.OneToOneField(SampledFile, on_delete=models.PROTECT, related_name="result")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    first = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="+")
    # None: not re-checked (``selected`` policy, final with the first score alone).
    recheck = models.ForeignKey(
        Score, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    points = points_field(_("final points"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("a veto item failed"), default=False)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("file result")
        verbose_name_plural = _("file results")
        ordering = ["sampled"]

    def __str__(self) -> str:
        return f"{self.sampled_id}: {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATES


class ItemSettlement(RecordedModel):
    """The supervisor's decision on one item the two evaluators answered differently,
    with a note: met (veto item) or the points deducted (point item)."""

    result = models.ForeignKey(FileResult, on_delete=models.PROTECT, related_name="settlements")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(pgettext_lazy("veto item", "met"), null=True, blank=True)
    deducted = points_field(_("points deducted"), default=Decimal(0))
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("item settlement")
        verbose_name_plural = _("item settlements")
        ordering = ["result", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="item_settled_once"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}/{self.item_id}"


class Recusal(RecordedModel, TimeStampedModel):
    """A recusal the supervising body declares before announcement: this evaluator must
    not read this case's file, for the reason given (近亲属, 曾参与办理, …). Frozen and
    published with the computed pairs at announcement (the pair, not the reason)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="recusals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    evaluator = models.ForeignKey(
        Evaluator, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="recusals"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason for the recusal"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["campaign", "evaluator", "case"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "evaluator", "case"], name="recusal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} × {self.case_id}"


# -- rectification notices (整改通知, docs/evaluation.md §5) ------------------------------


class RectificationNotice(RecordedModel, TimeStampedModel):
    """A rectification notice (整改通知) the supervising body sends an evaluated agency
    after a campaign: the problems found (each line with the case it concerns, where any,
    and its class 立卷/实体/程序), what must be done, and by when. A draft until issued;
    the agency replies; the bureau accepts the reply or returns it for another."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("rectification status", "Draft")
        ISSUED = "issued", pgettext_lazy("rectification status", "Issued")
        REPLIED = "replied", pgettext_lazy("rectification status", "Replied")
        ACCEPTED = "accepted", pgettext_lazy("rectification status", "Accepted")
        RETURNED = "returned", pgettext_lazy("rectification status", "Returned")

    # The classes of the problems found: those the scoring classes them in.
    ProblemClass = ProblemClass

    # Issued or returned: the agency owes a reply (and is overdue after ``due_on``).
    AWAITING_REPLY = ("issued", "returned")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("evaluation campaign"),
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    notified = models.ForeignKey(
        Agency, verbose_name=_("agency notified"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("notice number"), max_length=80, blank=True)
    # [{"case_id": int|None, "case_number": str, "text": str, "problem_class": str}]
    problems = models.JSONField(_("problems found"), default=list)
    requirements = models.TextField(_("requirements"))
    due_on = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~models.Q(number=""),
                name="rectification_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def awaits_reply(self) -> bool:
        return self.status in self.AWAITING_REPLY


class RectificationReply(RecordedModel, TimeStampedModel):
    """The notified agency's reply: what it did, with its evidence attached; the
    supervising body's decision on it (accepted, or returned with a note saying what is
    still missing)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("rectification decision", "Accepted")
        RETURNED = "returned", pgettext_lazy("rectification decision", "Returned")

    notice = models.ForeignKey(
        RectificationNotice, on_delete=models.PROTECT, related_name="replies"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("what was rectified"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    note = models.TextField(_("supervisor's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification reply")
        verbose_name_plural = _("rectification replies")
        ordering = ["notice", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.submitted_at:%Y-%m-%d}"


class RectificationAttachment(RecordedModel):
    """A file attached to a reply as its evidence (a stored, content-addressed blob)."""

    reply = models.ForeignKey(
        RectificationReply, on_delete=models.PROTECT, related_name="attachments"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    blob = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("rectification attachment")
        verbose_name_plural = _("rectification attachments")
        ordering = ["reply", "pk"]

    def __str__(self) -> str:
        return self.file_name
