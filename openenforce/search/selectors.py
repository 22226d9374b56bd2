"""Searching the published items (docs/search.md).

``search(query, **filters)`` returns one page of hits, title matches first, then matches
in the text only; within each, newest first. The number of hits is counted exactly up to
``MAX_RESULTS`` (``OPENENFORCE_SEARCH_MAX_RESULTS``, default 1000); beyond that the page
says "more than" (``SearchPage.capped``) and the last page is the one holding hit
``MAX_RESULTS``: nobody pages through more, and counting every match of a one-character
query over a million items would cost more than the search itself.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openenforce.search.tokens import Term, filter_groups, parse_query

MAX_PER_PAGE = 100
SNIPPET_CHARS = 120
SNIPPET_LEAD = 30


def max_results() -> int:
    return settings.OPENENFORCE_SEARCH_MAX_RESULTS


@dataclass(frozen=True)
class SearchHit:
    key: str
    title: str
    title_html: SafeString  # escaped, the query's words in <mark>
    snippet: SafeString  # escaped text around the first match, the words in <mark>
    published_on: datetime.date
    agency_id: int | None
    kind: str
    category: str
    matter_id: int | None
    in_title: bool


@dataclass(frozen=True)
class SearchPage:
    query: str
    items: list[SearchHit] = field(default_factory=list)
    total: int = 0  # exact, or MAX_RESULTS when ``capped``
    capped: bool = False  # more hits exist than ``total``
    page: int = 1
    per_page: int = 20
    pages: int = 0

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# --- SQL per database ----------------------------------------------------------------


def _tsquery_quote(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class _Postgres:
    @staticmethod
    def match(column: str, terms: list[Term], groups=()) -> tuple[str, list]:
        parts = [_tsquery_quote(t) for term in terms for t in term.tokens]
        parts += [_tsquery_quote(t) + ":*" for term in terms for t in term.prefix]
        parts += ["(" + " | ".join(_tsquery_quote(t) for t in group) + ")" for group in groups]
        return f"e.{column} @@ %s::tsquery", [" & ".join(dict.fromkeys(parts))]

    @staticmethod
    def contains(column: str, needle: str) -> tuple[str, list]:
        return f"strpos(e.{column}, %s) > 0", [needle]


class _Sqlite:
    @staticmethod
    def match(column: str, terms: list[Term], groups=()) -> tuple[str, list]:
        parts = [_fts_quote(t) for term in terms for t in term.tokens]
        parts += [_fts_quote(t) + "*" for term in terms for t in term.prefix]
        expression = f"{column} : ({' AND '.join(dict.fromkeys(parts))})"
        return (
            "e.id IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)",
            [expression],
        )

    @staticmethod
    def contains(column: str, needle: str) -> tuple[str, list]:
        return f"instr(e.{column}, %s) > 0", [needle]


def _backend():
    return _Postgres if connection.vendor == "postgresql" else _Sqlite


def _and(*clauses: tuple[str, list]) -> tuple[str, list]:
    sql = " AND ".join(f"({c})" for c, _p in clauses if c) or "TRUE"
    return sql, [p for _c, params in clauses for p in params]


def _title_match(terms: list[Term], groups=()) -> tuple[str, list]:
    backend = _backend()
    exact = [backend.contains("title", needle) for term in terms for needle in term.exact]
    return _and(backend.match("title_tokens", terms, groups), *exact)


def _any_match(terms: list[Term], groups=()) -> tuple[str, list]:
    backend = _backend()
    clauses = [backend.match("tokens", terms, groups)]
    for term in terms:
        for needle in term.exact:
            title_sql, title_params = backend.contains("title", needle)
            body_sql, body_params = backend.contains("body", needle)
            clauses.append((f"{title_sql} OR {body_sql}", title_params + body_params))
    return _and(*clauses)


def _filters(*, text: bool = False, **filters) -> tuple[str, list]:
    """The column conditions of the filters. With ``text`` (a query with words) on
    PostgreSQL, each is written so that no B-tree index can serve it (``|| ''``, ``+ 0``):
    the text index (with the selective filter tokens) then picks the rows and the
    conditions are checked on them, instead of the planner intersecting the text index
    with a date or kind index that holds most of the table (tens of milliseconds each)."""
    plain = text and connection.vendor == "postgresql"
    clauses = []
    for column in ("agency_id", "kind", "category", "matter_id"):
        if filters.get(column) not in (None, ""):
            if plain:
                clause = (
                    f"e.{column} + 0 = %s" if column.endswith("_id") else f"e.{column} || '' = %s"
                )
            else:
                clause = f"e.{column} = %s"
            clauses.append((clause, [filters[column]]))
    day = "e.published_on + 0" if plain else "e.published_on"
    if filters.get("date_from"):
        clauses.append((f"{day} >= %s", [filters["date_from"]]))
    if filters.get("date_to"):
        clauses.append((f"{day} <= %s", [filters["date_to"]]))
    return _and(*clauses)


_COLUMNS = "e.key, e.title, e.body, e.published_on, e.agency_id, e.kind, e.category, e.matter_id"


def _count(where: tuple[str, list], cap: int) -> int:
    sql = f"SELECT count(*) FROM (SELECT 1 FROM search_entry e WHERE {where[0]} LIMIT %s) t"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*where[1], cap + 1])
        return cursor.fetchone()[0]


#: A page of a query with many matches is first looked for among this many of the newest
#: rows (times the rows wanted): a term that dense is met early when walking the date
#: index. If the walk does not find the page (a term common only in older items, e.g. a
#: year), the matches are collected through the text index and sorted instead.
WALK_FACTOR = 50
WALK_MINIMUM = 5000


def _select(where: tuple[str, list], limit: int, offset: int) -> tuple[str, list]:
    sql = (
        f"SELECT {_COLUMNS} FROM search_entry e WHERE {where[0]} "  # noqa: S608
        "ORDER BY e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*where[1], limit, offset]


def _fetch(sql: str, params: list, *, bitmap: bool = False) -> list[tuple]:
    """Run a select; ``bitmap``: through the text index and a sort, never by walking the
    date index or the table (PostgreSQL planner settings, for this statement only)."""
    with connection.cursor() as cursor:
        if not bitmap or connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        with _settings(enable_seqscan="off", enable_indexscan="off"):
            cursor.execute(sql, params)
            return cursor.fetchall()


@contextlib.contextmanager
def _settings(**values: str):
    """PostgreSQL settings for the statements inside, in a transaction (a savepoint if one
    is open): a failure rolls them back, and success puts them back to their defaults for
    the rest of the caller's transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"SET LOCAL {name} = {value}")  # names and values: constants here
        yield
        for name in values:
            cursor.execute(f"SET LOCAL {name} TO DEFAULT")


#: What every search runs with on PostgreSQL. Its statements read at most a few thousand
#: rows: compiling them (JIT, which the planner starts on its cost estimate of a full
#: match) or starting parallel workers costs more than it saves, 20-30 ms a statement.
SEARCH_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


def _rows(
    where: tuple[str, list], limit: int, offset: int, *, few: bool, walk_filters=("", [])
) -> list[tuple]:
    """A page of matching rows, newest first, by the plan that suits how many match.

    ``few`` (the count showed at most MAX_RESULTS): collect them through the text index
    and sort. Otherwise walk the newest rows that pass the filters (``walk_filters``,
    written so that their date and column indexes serve them) first, bounded, and fall
    back to collecting and sorting when the walk does not fill the page. SQLite: its own
    plan."""
    if limit <= 0:
        return []
    if connection.vendor != "postgresql":
        return _fetch(*_select(where, limit, offset))
    if few:
        return _fetch(*_select(where, limit, offset), bitmap=True)
    window = max(WALK_MINIMUM, WALK_FACTOR * (offset + limit))
    inner_sql, inner_params = walk_filters
    walk = (
        f"SELECT {_COLUMNS} FROM (SELECT * FROM search_entry e WHERE {inner_sql or 'TRUE'} "  # noqa: S608
        f"ORDER BY e.published_on DESC, e.id DESC LIMIT %s) e WHERE {where[0]} "
        "ORDER BY e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
    )
    rows = _fetch(walk, [*inner_params, window, *where[1], limit, offset])
    if len(rows) == limit:
        return rows
    return _fetch(*_select(where, limit, offset), bitmap=True)


# --- snippets ------------------------------------------------------------------------


def _needles(terms: list[Term]) -> list[str]:
    needles = {n for term in terms for n in term.needles if n}
    return sorted(needles, key=len, reverse=True)


def highlight(text: str, needles: list[str]) -> SafeString:
    """``text`` escaped, each occurrence of a needle (case-insensitive) in <mark>."""
    if not needles:
        return escape(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def snippet(text: str, needles: list[str], size: int = SNIPPET_CHARS) -> SafeString:
    """The part of ``text`` around the first match, escaped, with the matches marked."""
    text = " ".join((text or "").split())
    folded = text.lower()
    found = [i for i in (folded.find(n) for n in needles) if i != -1]
    start = max(0, min(found) - SNIPPET_LEAD) if found else 0
    window = text[start : start + size]
    html = highlight(window, needles)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - highlight() escaped it


def _hit(row: tuple, needles: list[str], in_title: bool) -> SearchHit:
    key, title, body, published_on, agency_id, kind, category, matter_id = row
    if isinstance(published_on, str):  # SQLite through a raw cursor
        published_on = datetime.date.fromisoformat(published_on)
    return SearchHit(
        key=key,
        title=title,
        title_html=highlight(title, needles),
        snippet=snippet(body, needles),
        published_on=published_on,
        agency_id=agency_id,
        kind=kind,
        category=category,
        matter_id=matter_id,
        in_title=in_title,
    )


# --- the search ----------------------------------------------------------------------


def search(
    query: str,
    *,
    agency_id: int | None = None,
    kind: str | None = None,
    category: str | None = None,
    matter_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of the published items matching ``query`` (all its space-separated terms,
    each as a substring of the title or text) and the filters. An empty query lists the
    filtered items, newest first."""
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    page = max(1, int(page))
    terms = parse_query(query or "")
    filter_values = {
        "agency_id": agency_id,
        "kind": kind,
        "category": category,
        "matter_id": matter_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    filters = _filters(text=bool(terms), **filter_values)
    cap = max_results()
    if terms:
        groups = filter_groups(**filter_values, today=timezone.localdate())
        title_where = _and(filters, _title_match(terms, groups))
        title_sql, title_params = _title_match(terms, groups)
        rest_where = _and(filters, _any_match(terms, groups), (f"NOT ({title_sql})", title_params))
        tiers = [(title_where, True), (rest_where, False)]
    else:
        tiers = [(filters, False)]

    offset = (page - 1) * per_page
    total, items, needles = 0, [], _needles(terms)
    walk_filters = _filters(**filter_values) if terms else filters
    with _settings(**SEARCH_SETTINGS):
        for where, in_title in tiers:
            count = _count(where, cap - total)
            if offset < count and len(items) < per_page:
                limit = min(per_page - len(items), count - offset)
                few = count <= cap - total
                rows = _rows(where, limit, offset, few=few, walk_filters=walk_filters)
                items += [_hit(r, needles, in_title) for r in rows]
            offset = max(0, offset - count)
            total += count
            if total > cap:
                break
    capped = total > cap
    total = min(total, cap)
    pages = math.ceil(total / per_page)
    return SearchPage(
        query=query or "",
        items=items,
        total=total,
        capped=capped,
        page=page,
        per_page=per_page,
        pages=pages,
    )
