"""Remedies against a case's decision (行政救济): administrative reconsideration (行政复议)
and administrative litigation (行政诉讼), with their outcomes.

A remedy is registered when the agency learns of it (the reconsideration body's or the
court's notice) and its outcome recorded when decided. ``Remedy.corrects`` says whether
the outcome corrects the agency (复议纠错 / 诉讼败诉): the statistics compute correction
and loss rates from it, they are never typed in.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.cases.models import Case
from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class RemedyQuerySet(RecordedQuerySet):
    def decided(self) -> RemedyQuerySet:
        return self.exclude(result="")

    def pending(self) -> RemedyQuerySet:
        return self.filter(result="")

    def correcting(self) -> RemedyQuerySet:
        """Outcomes that correct the agency: 复议纠错, 诉讼败诉."""
        return self.filter(result__in=Remedy.CORRECTING)


class Remedy(RecordedModel, TimeStampedModel):
    """One reconsideration or one instance of litigation against a case's decision."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration")  # 行政复议
        LITIGATION = "litigation", _("Administrative litigation")  # 行政诉讼

    class Instance(models.TextChoices):
        FIRST = "first", _("First instance")  # 一审
        SECOND = "second", _("Second instance")  # 二审

    class Result(models.TextChoices):
        PENDING = "", pgettext_lazy("remedy", "Pending")
        UPHELD = "upheld", _("Upheld")  # 维持
        REVOKED = "revoked", pgettext_lazy("remedy", "Revoked")  # 撤销
        CHANGED = "changed", _("Changed")  # 变更
        CONFIRMED_ILLEGAL = "confirmed_illegal", _("Confirmed illegal")  # 确认违法
        ORDERED_TO_ACT = "ordered_to_act", _("Ordered to perform a duty")  # 责令履行
        DISMISSED = "dismissed", _("Claim dismissed")  # 驳回
        WITHDRAWN = "withdrawn", _("Withdrawn or terminated")  # 撤回/终止
        SETTLED = "settled", _("Settled by mediation")  # 调解

    # Outcomes that correct the agency: 复议纠错 (行政复议法 Art 63–66), 诉讼败诉.
    CORRECTING: ClassVar[tuple[str, ...]] = (
        Result.REVOKED,
        Result.CHANGED,
        Result.CONFIRMED_ILLEGAL,
        Result.ORDERED_TO_ACT,
    )

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    instance = models.CharField(_("instance"), max_length=10, choices=Instance.choices, blank=True)
    body = models.CharField(
        _("reconsideration body or court"),
        max_length=200,
    )
    filed_on = models.DateField(pgettext_lazy("remedy", "filed on"))
    decided_on = models.DateField(pgettext_lazy("remedy", "decided on"), null=True, blank=True)
    result = models.CharField(
        pgettext_lazy("remedy", "result"),
        max_length=20,
        choices=Result.choices,
        blank=True,
        default="",
    )
    note = models.TextField(_("note"), blank=True)

    objects = RemedyQuerySet.as_manager()  # type: ignore[misc]  # (django-stubs)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["case", "filed_on", "id"]
        indexes = [models.Index(fields=["kind", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="litigation") | models.Q(instance=""),
                name="remedy_instance_only_litigation",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True) | ~models.Q(result=""),
                name="remedy_decided_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def corrects(self) -> bool:
        """复议纠错 / 诉讼败诉: the outcome revokes, changes or confirms the decision illegal,
        or orders the agency to act."""
        return self.result in self.CORRECTING

    @property
    def is_decided(self) -> bool:
        return bool(self.result)
