"""Case files: each export (download) of a closed case's file, as the record knows it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openenforce.ledger.recorded import RecordedModel


class CaseFileExport(RecordedModel):
    """One export of a case file: the single PDF or the verifiable package (zip).

    Exports are written once and never changed; the record entry about each holds the
    digest of the file handed out, so a copy found later can be traced to its download.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", _("Case file (PDF)")
        PACKAGE = "package", _("Verifiable package (zip)")

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="casefile_exports",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size (bytes)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case file export")
        verbose_name_plural = _("case file exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"
