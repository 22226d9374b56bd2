"""Service of documents (送达): one row per act of service, with its proof."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.deliveries import rules
from openenforce.ledger.recorded import RecordedModel


class Delivery(RecordedModel):
    """One service of an issued document on its recipient, by one method, with the proof
    that method needs and the day the document counts as served (``deemed_served_on``),
    from which the party's time limits run (``deadlines``, as computed at service).

    Written once by ``services.serve_document``; an announcement's ``settled_at`` is set
    by ``services.settle_announcement`` when its 30 days have passed.
    """

    class Method(models.TextChoices):
        DIRECT = rules.DIRECT, rules.METHODS[rules.DIRECT].label
        LEFT = rules.LEFT, rules.METHODS[rules.LEFT].label
        POST = rules.POST, rules.METHODS[rules.POST].label
        ELECTRONIC = rules.ELECTRONIC, rules.METHODS[rules.ELECTRONIC].label
        ANNOUNCEMENT = rules.ANNOUNCEMENT, rules.METHODS[rules.ANNOUNCEMENT].label

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("document"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("case"),
    )
    method = models.CharField(
        pgettext_lazy("service", "method"), max_length=20, choices=Method.choices
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    address = models.CharField(pgettext_lazy("service", "address"), max_length=300, blank=True)
    served_on = models.DateField(_("served on"))
    deemed_served_on = models.DateField(_("deemed served on"))
    # Proof, by method.
    signed_by = models.CharField(_("signed by"), max_length=100, blank=True)
    witnesses = models.CharField(_("witnesses"), max_length=300, blank=True)
    recording_reference = models.CharField(_("recording reference"), max_length=200, blank=True)
    tracking_number = models.CharField(_("postal tracking number"), max_length=60, blank=True)
    consent_reference = models.CharField(
        _("written consent (reference)"), max_length=200, blank=True
    )
    consent_on = models.DateField(_("consent signed on"), null=True, blank=True)
    electronic_address = models.CharField(
        _("electronic address (e-mail, fax, number)"), max_length=200, blank=True
    )
    system_record = models.CharField(_("system delivery record"), max_length=300, blank=True)
    announcement_medium = models.CharField(_("announced in"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proof_blob = models.ForeignKey(
        "evidence.Blob",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proof (scan or file)"),
    )
    note = models.TextField(_("note"), blank=True)
    deadlines = models.JSONField(_("time limits running from service"), default=list, blank=True)
    case_action = models.CharField(_("case action taken"), max_length=40, blank=True)
    settled_at = models.DateTimeField(_("deemed service recorded at"), null=True, blank=True)
    # The code the party opens their page with (with their identity), handed over with the
    # served document: printed on nothing public, never the document's verification code.
    party_code = models.CharField(
        _("party access code"), max_length=16, unique=True, null=True, blank=True
    )
    # Electronic service by the system: the moment the document reached the party's
    # channel (民事诉讼法 Art 90: served on the day it reached the recipient's system).
    reached_at = models.DateTimeField(_("reached the party's channel at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # Names and addresses of people enter the record only as salted commitments.
    ledger_personal_fields = (
        "recipient",
        "address",
        "signed_by",
        "witnesses",
        "electronic_address",
    )

    class Meta:
        verbose_name = _("service of a document")
        verbose_name_plural = _("services of documents")
        ordering = ["document", "served_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deemed_served_on__gte=models.F("served_on")),
                name="delivery_deemed_not_before_served",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.served_on}"

    @property
    def party_code_display(self) -> str:
        """The party's code as handed over, in groups of four."""
        code = self.party_code or ""
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def pending(self) -> bool:
        """An announcement whose period has not been recorded as passed yet."""
        return self.method == self.Method.ANNOUNCEMENT and self.settled_at is None


class ElectronicConsent(RecordedModel):
    """The party's consent to electronic service with its signed confirmation (确认书),
    行政处罚法 Art 61: the channels accepted, the address, the confirmation's reference and
    date, and how it was captured (on paper, scanned, or on the party's own page). Written
    by ``services.record_electronic_consent``; without one the system serves nothing
    electronically."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PARTY_PAGE = "party_page", _("The party's page on this site")

    class Form(models.TextChoices):
        PAPER = "paper", _("Signed on paper")
        SCAN = "scan", _("Signed on paper, scan attached")
        ONLINE = "online", _("Confirmed on the party's page")

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="electronic_consents",
        verbose_name=_("case"),
    )
    channels = models.JSONField(_("channels accepted"), default=list)
    email = models.CharField(_("e-mail address"), max_length=200, blank=True)
    reference = models.CharField(_("confirmation (reference)"), max_length=200)
    signed_on = models.DateField(_("confirmation signed on"))
    form = models.CharField(_("captured"), max_length=10, choices=Form.choices)
    scan_blob = models.ForeignKey(
        "evidence.Blob",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scan of the confirmation"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by (none: the party online)"),
    )
    created_at = models.DateTimeField(_("recorded at"))

    ledger_personal_fields = ("email",)

    class Meta:
        verbose_name = _("consent to electronic service")
        verbose_name_plural = _("consents to electronic service")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.signed_on}"
