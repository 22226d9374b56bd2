"""On-site enforcement (现场执法): what officers send from the field app.

A ``Submission`` is one item of an officer's device queue (a photo, an audio or video clip,
an inspection record, an on-the-spot decision) with the idempotency key the device gave
it: the same key sent again is the same item, never a second one. A ``Signature`` holds
what the party was shown (the exact bytes) and the image of their finger signature, or
their refusal with the witnessing officers (行政处罚法 Art 55; 电子签名法 Art 13: a later
change to either is detectable, both digests are in the record together).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.ledger.recorded import RecordedModel


class Submission(RecordedModel):
    """One queued item of the field app, accepted once per (officer, key)."""

    class Kind(models.TextChoices):
        CAPTURE = "capture", _("On-site capture")
        RECORD = "record", _("On-site inspection record")
        DECISION = "decision", _("On-the-spot decision")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        CONFLICT = "conflict", _("Conflict: the case moved on")
        KEPT = "kept", _("Kept as evidence after a conflict")
        WITHDRAWN = "withdrawn", _("Withdrawn after a conflict")

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    key = models.CharField(_("idempotency key"), max_length=64)
    kind = models.CharField(
        pgettext_lazy("submission", "kind"), max_length=20, choices=Kind.choices
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    device_seq = models.PositiveIntegerField(_("position in the device queue"))
    device_sha256 = models.CharField(_("SHA-256 computed on the device"), max_length=64)
    captured_at = models.DateTimeField(_("captured at"))
    position = models.CharField(_("GPS position"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACCEPTED
    )
    payload = models.JSONField(_("content"), default=dict, blank=True)
    evidence = models.ForeignKey(
        "evidence.EvidenceItem",
        verbose_name=_("evidence item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    # The content names the party and what was found.
    ledger_personal_fields = ("payload", "position", "note")

    class Meta:
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        ordering = ["owner", "device_seq"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="submission_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Signature(RecordedModel):
    """What the party read on the screen and their finger signature, or their refusal."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    submission = models.OneToOneField(
        Submission,
        verbose_name=_("field submission"),
        on_delete=models.PROTECT,
        related_name="signature",
    )
    content = models.ForeignKey(
        "evidence.Blob", verbose_name=_("text signed"), on_delete=models.PROTECT, related_name="+"
    )
    content_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)
    image = models.ForeignKey(
        "evidence.Blob",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    image_sha256 = models.CharField(_("SHA-256 of the signature image"), max_length=64, blank=True)
    signer = models.CharField(_("name of the signer"), max_length=100, blank=True)
    refused = models.BooleanField(_("refused to sign"), default=False)
    refusal_note = models.TextField(_("note of the refusal"), blank=True)
    witnesses = models.JSONField(_("witnessing officers"), default=list, blank=True)
    signed_at = models.DateTimeField(_("time of signing"))

    ledger_personal_fields = ("signer", "refusal_note")

    class Meta:
        verbose_name = _("party's signature")
        verbose_name_plural = _("parties' signatures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refused=True) | ~models.Q(image_sha256=""),
                name="signature_image_or_refusal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {'refused' if self.refused else self.image_sha256[:12]}"
