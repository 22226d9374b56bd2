"""Enforcement documents (执法文书): numbered, rendered once to PDF, never changed.

A document is issued by ``services.issue_document``: it takes the next number of its
agency, type and year (no gaps: the counter row is locked until the transaction ends),
renders the HTML and the PDF, stores the PDF as an evidence blob and records the PDF's
digest. A correction is a new document whose ``corrects`` points to the old one; the old
one stays as it was and is shown as superseded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class DocType(models.TextChoices):
    """The standard enforcement documents (the 17 of the issue), in case-file order."""

    FILING_APPROVAL = "filing_approval", _("Filing approval form")  # 立案审批表
    INSPECTION_RECORD = "inspection_record", _("On-site inspection record")  # 现场检查笔录
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")  # 询问笔录
    EVIDENCE_PRESERVATION = (
        "evidence_preservation",
        _("Notice of registering and preserving evidence"),  # 先行登记保存证据通知书
    )
    SEIZURE_DECISION = "seizure_decision", _("Seizure decision with inventory")  # 查封扣押决定书
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order")  # 责令改正通知书
    INSPECTION_RESULT = "inspection_result", _("Inspection result notice")  # 检查结果告知书
    LEGAL_REVIEW_OPINION = "legal_review_opinion", _("Legal review opinion")  # 法制审核意见书
    COLLECTIVE_DISCUSSION = (
        "collective_discussion",
        _("Collective discussion record"),  # 集体讨论记录
    )
    PRIOR_NOTICE = "prior_notice", _("Prior notice of intended penalty")  # 行政处罚事先告知书
    HEARING_NOTICE = "hearing_notice", _("Hearing notice")  # 听证通知书
    HEARING_RECORD = "hearing_record", _("Hearing record")  # 听证笔录
    PENALTY_DECISION = "penalty_decision", _("Penalty decision")  # 行政处罚决定书
    ON_SPOT_DECISION = (
        "on_spot_decision",
        _("On-the-spot penalty decision"),  # 当场行政处罚决定书
    )
    NO_PENALTY_DECISION = "no_penalty_decision", _("Decision of no penalty")  # 不予行政处罚决定书
    LICENSING_DECISION = "licensing_decision", _("Licensing decision")  # 行政许可决定书
    PROOF_OF_SERVICE = "proof_of_service", _("Proof of service")  # 送达回证
    CLOSING_REPORT = "closing_report", _("Closing report")  # 结案报告


class DocumentQuerySet(RecordedQuerySet):
    def current(self) -> DocumentQuerySet:
        """Documents no correction has superseded."""
        return self.filter(corrections__isnull=True)

    def superseded(self) -> DocumentQuerySet:
        return self.filter(corrections__isnull=False).distinct()


class Document(RecordedModel):
    """One issued enforcement document (执法文书) with its number (文号) and PDF.

    Never updated after issue. ``context`` holds the values the document was filled with
    and ``html`` the rendered body shown in the browser; both may hold personal data and
    enter the record only as salted commitments. The PDF's digest (``sha256``) enters the
    record as a file digest; the public verification page finds the document by its
    unguessable ``verification_code`` and compares an uploaded PDF with that digest.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocType.choices)
    number = models.CharField(_("document number"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence number"))
    title = models.CharField(_("title"), max_length=200)
    blob = models.ForeignKey(
        "evidence.Blob",
        verbose_name=_("PDF file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    verification_code = models.CharField(_("verification code"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    context = models.JSONField(_("filled values"), default=dict, blank=True)
    html = models.TextField(_("rendered document"), blank=True)

    # The record holds these only as salted commitments (they name parties and facts).
    ledger_personal_fields = ("context", "html")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement document")
        verbose_name_plural = _("enforcement documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_type", "year", "seq"], name="document_seq_unique"
            ),
            models.UniqueConstraint(fields=["agency", "number"], name="document_number_unique"),
        ]
        indexes = [models.Index(fields=["case", "doc_type"])]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class DocumentNumberCounter(models.Model):
    """The last number given per agency, document type and year, so numbers have no gaps
    (the counter row is locked while a document is issued; a failed issue rolls back)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=30, choices=DocType.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_type", "year"], name="document_number_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last}"
