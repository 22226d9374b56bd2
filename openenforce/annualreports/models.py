"""The annual enforcement data report of an agency (行政执法数据年度报告)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency
from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel


def due_on(year: int) -> datetime.date:
    """The day a year's report must be published: ``OPENENFORCE_ANNUAL_REPORT_DUE``
    ("MM-DD" of the next year; 31 January by 国办发〔2018〕118号)."""
    month, day = (int(part) for part in settings.OPENENFORCE_ANNUAL_REPORT_DUE.split("-"))
    return datetime.date(year + 1, month, day)


def _user_fk(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class AnnualReport(RecordedModel, TimeStampedModel):
    """One agency's report for one statistical year: the computed tables (stored with
    their digest, so a later recomputation can be compared), the narrative 情况说明 the
    staff write, and who moved it through draft → submitted → approved → published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("tables"), default=dict)
    digest = models.CharField(_("digest of the tables"), max_length=64)
    narrative = models.TextField(_("narrative"), blank=True)
    due_on = models.DateField(_("to be published by"))
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = _user_fk(_("computed by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = _user_fk(_("approved by"))
    review_note = models.TextField(_("review note"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = _user_fk(_("published by"))

    class Meta:
        verbose_name = _("annual enforcement data report")
        verbose_name_plural = _("annual enforcement data reports")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
