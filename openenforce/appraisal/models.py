"""Yearly appraisal (评议考核): a supervising body's scheme for a year, its indicators,
and the scorecard of each agency it appraises."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency
from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel


def _user_fk(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Scheme(RecordedModel, TimeStampedModel):
    """The appraisal scheme of a supervising body (a justice bureau) for one year: the
    weight of each part (``weights``: part code → share of 100, e.g. 日常执法 30 / 案卷评查
    50 / 外部评议 20) and at most how many bonus points (加分) count. Published, it is
    fixed: the scorecards are computed against it."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("appraisal scheme", "Draft")
        PUBLISHED = "published", pgettext_lazy("appraisal scheme", "Published")

    agency = models.ForeignKey(
        Agency, verbose_name=_("supervising body"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    weights = models.JSONField(_("weights by part"), default=dict)
    parts = models.JSONField(_("parts"), default=dict)  # part code → its title
    max_bonus = models.DecimalField(
        _("bonus points at most"), max_digits=6, decimal_places=2, default=Decimal("5")
    )
    basis = models.TextField(_("basis"), blank=True)
    created_by = _user_fk(_("created by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = _user_fk(_("published by"))

    class Meta:
        verbose_name = _("appraisal scheme")
        verbose_name_plural = _("appraisal schemes")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="appraisal_scheme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Indicator(RecordedModel):
    """One indicator of a scheme: its part, its points and the rule that turns the
    measured value into points (``rule``: ``{"kind": "linear", "target": 95, "floor":
    60}`` — the target earns full points, the floor none, linear between, either way
    round; ``{"kind": "deduct", "per_item": 2}`` — points less so much per item, not
    below zero; ``{"kind": "manual"}`` — entered by the supervisor with a reason).
    ``key`` names the computed source (``appraisal.registry``) for the first two."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="indicators")
    position = models.PositiveIntegerField(pgettext_lazy("item order", "position"))
    part = models.CharField(pgettext_lazy("appraisal", "part"), max_length=40)
    key = models.CharField(_("key"), max_length=60)
    title = models.CharField(pgettext_lazy("appraisal indicator", "title"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    rule = models.JSONField(_("rule"), default=dict)
    basis = models.TextField(_("basis"), blank=True)
    proposal = models.BooleanField(_("system's proposal"), default=False)

    class Meta:
        verbose_name = _("appraisal indicator")
        verbose_name_plural = _("appraisal indicators")
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="appraisal_indicator_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return str(self.rule.get("kind", ""))

    @property
    def is_manual(self) -> bool:
        return self.kind == "manual"


class Scorecard(RecordedModel, TimeStampedModel):
    """One appraised agency's scorecard under a scheme: per indicator the computed value
    with its count and digest (``values``), the parts the supervisor entered with a
    reason (``manual``: key → points and reason; ``adjustments``: 加分/扣分, each with its
    reason), the points per part and the total. Confirmed, it is frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("scorecard", "Draft")
        CONFIRMED = "confirmed", pgettext_lazy("scorecard", "Confirmed")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="scorecards")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency appraised"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    values = models.JSONField(_("values"), default=dict)
    digest = models.CharField(_("digest of the values"), max_length=64, blank=True)
    manual = models.JSONField(_("entered parts"), default=dict)
    adjustments = models.JSONField(_("bonus and deductions"), default=list)
    part_points = models.JSONField(_("points by part"), default=dict)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, default=Decimal(0))
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    computed_by = _user_fk(_("computed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = _user_fk(_("confirmed by"))

    class Meta:
        verbose_name = _("appraisal scorecard")
        verbose_name_plural = _("appraisal scorecards")
        ordering = ["scheme", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "agency"], name="appraisal_scorecard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.scheme.year}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
