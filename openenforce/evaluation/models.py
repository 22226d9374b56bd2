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
