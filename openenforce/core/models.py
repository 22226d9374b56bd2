"""Shared model bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def yuan_field(verbose_name) -> models.DecimalField:
    """An optional amount of money in yuan, to the fen (fines, confiscations, thresholds)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
