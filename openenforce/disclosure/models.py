"""Publications (事后公开): decisions and inspection results made public, masked, on time,
withdrawable and correctable.

A publication is drafted when a decision that must be published is made (the case
lifecycles call ``services.draft_for_decision``), masked automatically, reviewed and
approved by the publicity officer, and published at once or at a scheduled time. Its
``status`` changes only through ``openenforce.disclosure.services``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency
from openenforce.cases.models import Case
from openenforce.catalog.models import EnforcementCategory, Matter
from openenforce.core.models import TimeStampedModel
from openenforce.documents.models import Document
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class PublicationQuerySet(RecordedQuerySet):
    def pending(self) -> PublicationQuerySet:
        """Not yet out: drafts, approved and scheduled items."""
        return self.filter(status__in=Publication.PENDING)

    def overdue(self, today: datetime.date | None = None) -> PublicationQuerySet:
        """Pending items past their due date."""
        return self.pending().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, days: int = 3, today: datetime.date | None = None) -> PublicationQuerySet:
        """Pending items due within ``days`` calendar days (not yet past)."""
        today = today or timezone.localdate()
        return self.pending().filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days)
        )

    def withdrawal_pending(self) -> PublicationQuerySet:
        """Published items whose decision was changed, revoked, found illegal or void,
        not yet withdrawn (行政处罚法 Art 48)."""
        return self.filter(status=Publication.Status.PUBLISHED, withdrawal_due__isnull=False)

    def withdrawal_overdue(self, today: datetime.date | None = None) -> PublicationQuerySet:
        return self.withdrawal_pending().filter(withdrawal_due__lt=today or timezone.localdate())

    def public(self, today: datetime.date | None = None) -> PublicationQuerySet:
        """What the portal may show: published or withdrawn (as a notice), within
        retention."""
        today = today or timezone.localdate()
        shown = Q(status=Publication.Status.PUBLISHED) | Q(status=Publication.Status.WITHDRAWN)
        return self.filter(shown, published_at__isnull=False).filter(
            Q(retention_until__isnull=True) | Q(retention_until__gte=today)
        )


class Publication(RecordedModel, TimeStampedModel):
    """One item of after-action publicity (事后公开): a decision or an inspection result."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("Penalty decision")  # 行政处罚决定
        LICENSING = "licensing", _("Licensing decision")  # 行政许可决定
        OTHER = "other", _("Other enforcement decision")  # 其他行政执法决定
        INSPECTION = "inspection", _("Inspection result")  # 检查结果

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        EXEMPT = "exempt", _("Not to be published")

    class Exemption(models.TextChoices):
        MINOR = "minor", _("The party is a minor")
        STATE_SECRET = "state_secret", _("Involves state secrets")
        TRADE_SECRET = "trade_secret", _("Involves trade secrets")
        PRIVACY = "privacy", _("Involves personal privacy")

    class Ground(models.TextChoices):
        CHANGED = "changed", _("The decision was changed")  # 变更
        REVOKED = "revoked", _("The decision was revoked")  # 撤销
        ILLEGAL = "illegal", _("The decision was confirmed illegal")  # 确认违法
        VOID = "void", _("The decision was confirmed void")  # 确认无效

    PENDING = ("draft", "approved", "scheduled")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=EnforcementCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    original_text = models.TextField(_("original text"))
    masked_text = models.TextField(_("masked text"), blank=True)
    spans = models.JSONField(_("masked spans"), default=list, blank=True)
    extra_masks = models.JSONField(
        _("further strings masked"),
        default=list,
        blank=True,
        help_text=_("Strings the publicity officer chose to mask as well."),
    )
    names = models.JSONField(_("names of natural persons"), default=list, blank=True)
    protected = models.JSONField(_("strings never masked"), default=list, blank=True)
    natural_person = models.BooleanField(_("party is a natural person"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    exemption = models.CharField(
        _("not published because"), max_length=20, blank=True, choices=Exemption.choices
    )
    exemption_note = models.TextField(_("exemption details"), blank=True)
    decided_on = models.DateField(_("decided on"))
    due_on = models.DateField(_("due"), db_index=True)
    due_rule = models.CharField(_("rule"), max_length=200, blank=True)
    due_article = models.CharField(_("article"), max_length=100, blank=True)
    due_explanation = models.JSONField(_("explanation"), default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Withdrawal (行政处罚法 Art 48): registered when the decision changes, done by the
    # publicity officer within 3 working days.
    withdrawal_ground = models.CharField(
        _("withdrawal ground"), max_length=20, blank=True, choices=Ground.choices
    )
    decision_changed_on = models.DateField(_("decision changed on"), null=True, blank=True)
    withdrawal_due = models.DateField(_("withdrawal due"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    retention_until = models.DateField(_("shown until"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)

    # The unmasked text and what it names are personal data: commitments in the record.
    ledger_personal_fields = ("original_text", "names", "spans", "extra_masks")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            # The public lists walk it newest first; with the retention date included,
            # counting the public items reads only the index (PostgreSQL).
            models.Index(
                fields=["status", "published_at"],
                include=["retention_until"],
                name="publication_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def withdrawn_late(self) -> bool:
        """Withdrawn after the 3 working days allowed (行政处罚法 Art 48)."""
        if self.withdrawn_at is None or self.withdrawal_due is None:
            return False
        return timezone.localdate(self.withdrawn_at) > self.withdrawal_due

    @property
    def search_key(self) -> str:
        """The key of this item in the search index."""
        return f"publication:{self.pk}"


class Correction(RecordedModel, TimeStampedModel):
    """A request, by anyone, to correct an inaccurate published item (更正), and how the
    agency handled it. Handled requests are shown on the item (the public log)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted: item corrected")
        REJECTED = "rejected", _("Rejected")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what is inaccurate"))
    requester_name = models.CharField(_("your name"), max_length=50, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    response = models.TextField(_("response"), blank=True)
    previous_text = models.TextField(_("text before the correction"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    ledger_personal_fields = ("requester_name", "requester_contact")

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.publication} · {self.get_status_display()}"
