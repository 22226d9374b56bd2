"""Evidence: content-addressed files (blobs), evidence items, their views, resumable uploads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Blob(models.Model):
    """A stored file, named by its SHA-256 digest: identical content is stored once.

    Not a domain object by itself: services that attach a blob to something put its
    digest into their own record entry (``files=[blob.sha256]``).
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    sm3 = models.CharField(
        _("SM3"), max_length=64, blank=True, help_text=_("Computed under the SM3 profile.")
    )
    size = models.BigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    name = models.CharField(_("storage name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=0), name="blob_size_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.content_type}, {self.size} B)"

    def digests(self) -> list[str]:
        """The digests that go into a record entry about this file."""
        return [d for d in (self.sha256, self.sm3) if d]
