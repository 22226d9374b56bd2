"""The whole-process record: append-only entries (the Merkle log's leaves)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """One event, as canonical JSON (RFC 8785). Never updated, never deleted."""

    sequence = models.BigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    agency_id = models.BigIntegerField(_("agency"), null=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True)
    event_type = models.CharField(_("event type"), max_length=80)
    subject_kind = models.CharField(_("subject kind"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    body = models.BinaryField(_("canonical entry"))
    leaf_hash = models.BinaryField(_("leaf hash"))

    class Meta:
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_kind", "subject_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event_type}"
