"""The search index: one row per published item, derived data (docs/search.md).

Rows are written only by ``services.index_item``/``remove_item`` (called by the
publication services in their transaction) and ``services.reindex``; they can always be
rebuilt from the publications, so they carry no record entries of their own and no
foreign keys (``agency_id`` and ``matter_id`` name accounts.Agency and catalog.Matter).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokensField(models.TextField):
    """Space-separated index tokens (see tokens.py): a ``tsvector`` on PostgreSQL (GIN
    indexed; its input format takes the tokens as they are, no text-search parser), plain
    text elsewhere (SQLite indexes a copy in its FTS5 table)."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)


class Entry(models.Model):
    """One searchable published item."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    matter_id = models.BigIntegerField(_("matter"), null=True, blank=True)
    published_on = models.DateField(_("published on"))
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    tokens = TokensField(_("tokens of title and text"), blank=True)
    title_tokens = TokensField(_("tokens of the title"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"))

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="search_date"),
            models.Index(fields=["agency_id", "-published_on"], name="search_agency_date"),
            models.Index(fields=["kind", "-published_on"], name="search_kind_date"),
            models.Index(fields=["category", "-published_on"], name="search_category_date"),
            models.Index(fields=["matter_id", "-published_on"], name="search_matter_date"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"
