"""The party's access to their case, and what the party filed online.

- ``AccessEvent``: each time the party opened their page or took a document out of it
  (the record holds every access; the address only as a keyed hash).
- ``Lockout``: ten wrong tries from one address (or on one code) lock the page for a time.
- ``Submission``: a statement and defence (陈述、申辩) or a hearing request (听证申请) filed
  by the party, with its files (stored by the evidence app, hashed) and the receipt the
  party keeps: ``receipt_code`` opens the receipt's public check, ``digest`` is the
  SHA-256 of what was filed, also in the record entry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.ledger.recorded import RecordedModel


class AccessEvent(RecordedModel):
    class Action(models.TextChoices):
        OPENED = "opened", _("Opened the page")
        DOWNLOADED = "downloaded", _("Downloaded a document")

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    delivery = models.ForeignKey(
        "deliveries.Delivery",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service opened with"),
    )
    action = models.CharField(
        pgettext_lazy("access", "action"), max_length=20, choices=Action.choices
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    client = models.CharField(_("client (keyed hash of the address)"), max_length=64)
    at = models.DateTimeField(_("accessed at"))

    class Meta:
        verbose_name = _("party access")
        verbose_name_plural = _("party accesses")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class Lockout(RecordedModel):
    """The party page refuses ``key`` (a keyed hash of an address or of a code) until
    ``until``."""

    key = models.CharField(_("keyed hash"), max_length=64, db_index=True)
    scope = models.CharField(_("lockout scope"), max_length=20)
    until = models.DateTimeField(_("locked until"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("party page lockout")
        verbose_name_plural = _("party page lockouts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scope} {self.until:%Y-%m-%d %H:%M}"


class Submission(RecordedModel):
    class Kind(models.TextChoices):
        STATEMENT = (
            "statement",
            pgettext_lazy("submission kind", "Statement and defence"),
        )  # 陈述、申辩
        HEARING = "hearing_request", pgettext_lazy("submission kind", "Hearing request")  # 听证申请

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="party_submissions",
        verbose_name=_("case"),
    )
    delivery = models.ForeignKey(
        "deliveries.Delivery",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service opened with"),
    )
    kind = models.CharField(
        pgettext_lazy("submission", "kind"), max_length=20, choices=Kind.choices
    )
    text = models.TextField(_("text filed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    receipt_code = models.CharField(_("receipt code"), max_length=40, unique=True)
    digest = models.CharField(_("SHA-256 of what was filed"), max_length=64)
    case_action = models.CharField(_("case action taken"), max_length=40, blank=True)

    # The party's own words name people and facts: salted commitments in the record.
    ledger_personal_fields = ("text",)

    class Meta:
        verbose_name = _("party submission")
        verbose_name_plural = _("party submissions")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.submitted_at:%Y-%m-%d %H:%M}"


class SubmissionFile(models.Model):
    """A file the party attached (stored and hashed by the evidence app); written once,
    with its submission, whose record entry holds the file's digests."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    blob = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file_name
