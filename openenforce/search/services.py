"""Maintaining the search index (derived data: docs/search.md).

``index_item`` and ``remove_item`` are called by the publication services inside their
own transaction, so an item is searchable exactly when it is published. The index is no
domain state of its own: it writes no record entries (the publication's events are the
record) and ``reindex`` rebuilds it from the publications at any time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from openenforce.search import sources
from openenforce.search.models import Entry
from openenforce.search.tokens import FILTER_PREFIX, filter_tokens, tokenize


def _fts_delete(entry_ids: list[int]) -> None:
    if connection.vendor == "sqlite" and entry_ids:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_entry_fts WHERE rowid = %s", [[pk] for pk in entry_ids]
            )


def _text_tokens(tokens: str) -> str:
    """The tokens without the filter tokens (FTS5 would split "_a12" into "a12")."""
    return " ".join(t for t in tokens.split() if not t.startswith(FILTER_PREFIX))


def _fts_insert(entries: list[Entry]) -> None:
    if connection.vendor == "sqlite" and entries:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_entry_fts (rowid, tokens, title_tokens) VALUES (%s, %s, %s)",
                [[e.pk, _text_tokens(e.tokens), _text_tokens(e.title_tokens)] for e in entries],
            )


def _entry_values(
    *, agency_id, kind, category, matter_id, published_on, title: str, body: str
) -> dict:
    if isinstance(published_on, str):
        published_on = datetime.date.fromisoformat(published_on)
    filters = filter_tokens(
        agency_id=agency_id,
        kind=kind,
        category=category,
        matter_id=matter_id,
        published_on=published_on,
    )
    return {
        "agency_id": agency_id,
        "kind": kind or "",
        "category": category or "",
        "matter_id": matter_id,
        "published_on": published_on,
        "title": title,
        "body": body or "",
        "tokens": " ".join([*tokenize(f"{title}\n{body or ''}"), *filters]),
        "title_tokens": " ".join([*tokenize(title), *filters]),
        "indexed_at": timezone.now(),
    }


@transaction.atomic
def index_item(
    *,
    key: str,
    agency_id: int | None,
    kind: str,
    category: str,
    matter_id: int | None,
    published_on: datetime.date,
    title: str,
    body: str,
) -> Entry:
    """Make a published item searchable (or refresh it: same ``key``, new content)."""
    values = _entry_values(
        agency_id=agency_id,
        kind=kind,
        category=category,
        matter_id=matter_id,
        published_on=published_on,
        title=title,
        body=body,
    )
    entry, created = Entry.objects.update_or_create(key=key, defaults=values)
    if not created:
        _fts_delete([entry.pk])
    _fts_insert([entry])
    return entry


@transaction.atomic
def remove_item(key: str) -> bool:
    """Take an item out of the index (withdrawn or expired); False if it was not there."""
    ids = list(Entry.objects.filter(key=key).values_list("pk", flat=True))
    _fts_delete(ids)
    Entry.objects.filter(pk__in=ids).delete()
    return bool(ids)


@transaction.atomic
def reindex(items: Iterable[dict] | None = None, *, batch_size: int = 500) -> int:
    """Rebuild the whole index from ``items`` (default: every registered source, i.e.
    the public publications: ``search.sources``); one transaction, so searches see the
    old index until the new one is complete."""
    Entry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_entry_fts")
    source = sources.all_items() if items is None else items
    count, batch = 0, []
    for item in source:
        item = dict(item)
        batch.append(Entry(key=item.pop("key"), **_entry_values(**item)))
        if len(batch) >= batch_size:
            count += _insert(batch)
            batch = []
    return count + _insert(batch)


def _insert(batch: list[Entry]) -> int:
    if not batch:
        return 0
    created = Entry.objects.bulk_create(batch)  # primary keys set (RETURNING) on both
    _fts_insert(created)
    return len(created)
