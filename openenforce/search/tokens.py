"""The one tokenizer of the search index, for both databases (docs/search.md).

Chinese has no spaces, so the index stores overlapping character bigrams: 食品安全 ->
食品 品安 安全, plus the last character of each run of Chinese characters on its own
(安全 -> 安全 全), so that a one-character query, run as a prefix query, finds every
occurrence of its character. Latin letters and digits form words (lower-cased, NFKC so
that full-width ２０２６ is 2026). The tokens of a text are distinct, in order of first
occurrence, separated by spaces: the form a PostgreSQL ``tsvector`` and an SQLite FTS5
``unicode61`` column both read without any language-specific parser.

A query is split the same way into terms; a term of three or more Chinese characters
becomes all its bigrams (a necessary condition the index answers), and the exact string
is then checked on the candidate rows.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}_]+")
_IS_CJK = re.compile(rf"[{_CJK}]")

MAX_WORD = 32  # longer Latin/digit words are cut: nobody types a 33-character word
MAX_TERMS = 8
MAX_QUERY = 100


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _runs(text: str) -> list[str]:
    """Runs of Chinese characters (as they are) and of other letters or digits (NFKC,
    lower-cased): normalizing only the short non-Chinese runs keeps indexing fast."""
    return [run if _IS_CJK.match(run) else normalize(run) for run in _RUN.findall(text or "")]


def tokenize(text: str) -> list[str]:
    """Distinct index tokens of ``text``, in order of first occurrence."""
    tokens: list[str] = []
    for run in _runs(text):
        if _IS_CJK.match(run):
            tokens += map(operator.add, run, run[1:])  # the overlapping bigrams, in C
            tokens.append(run[-1])
        else:
            tokens.append(run[:MAX_WORD])
    return list(dict.fromkeys(tokens))


def token_string(text: str) -> str:
    return " ".join(tokenize(text))


@dataclass(frozen=True)
class Term:
    """One part of a query: ``tokens`` must all be in the index (``prefix`` tokens as
    prefixes); ``exact`` strings (Chinese runs of 3+ characters) are then checked in the
    row's text; ``needles`` are highlighted in snippets."""

    tokens: tuple[str, ...]
    prefix: tuple[str, ...]
    exact: tuple[str, ...]
    needles: tuple[str, ...]


def parse_query(query: str) -> list[Term]:
    """The terms of a query: whitespace separates terms, all of which must match."""
    terms = []
    for part in normalize(query)[:MAX_QUERY].split()[:MAX_TERMS]:
        tokens: list[str] = []
        prefix: list[str] = []
        exact: list[str] = []
        runs = _RUN.findall(part)
        for run in runs:
            if not _IS_CJK.match(run):
                prefix.append(run[:MAX_WORD])
            elif len(run) == 1:
                prefix.append(run)
            else:
                tokens += [run[i : i + 2] for i in range(len(run) - 1)]
                if len(run) > 2:
                    exact.append(run)
        if runs:
            terms.append(
                Term(
                    tuple(dict.fromkeys(tokens)),
                    tuple(prefix),
                    tuple(exact),
                    tuple(dict.fromkeys([part, *runs])),
                )
            )
    return terms


# --- filter tokens (PostgreSQL) --------------------------------------------------------
#
# The filters are also tokens of the row's vector (``_a12``, ``_kpenalty``, ``_y2026``,
# ``_ym202603``...), so that the GIN index intersects the query with the filters itself
# and only the rows that pass both are read. The planner estimates the words and a filter
# column independently and would otherwise read every row that has the words. The text
# tokenizer never makes a token with "_", so these cannot be typed. The SQL conditions on
# the columns stay: they are exact (a day inside a month).
#
# A query uses only the selective filter tokens: the index merges every posting list a
# query names, so a token that most rows carry costs more than it saves. Agency, matter
# and category (one in ten rows or fewer) are used; the kind is not (penalties are most
# of the published decisions), and a date range only while it spans at most
# ``MAX_MONTH_TOKENS`` months. Those filters are checked on the rows the words select,
# and a count stops at its cap, so a common filter is passed early (docs/search.md).

FILTER_PREFIX = "_"
MAX_MONTH_TOKENS = 6


def _code(value) -> str:
    return re.sub(r"\W", "", str(value)).lower()[:40]


def filter_tokens(*, agency_id, kind, category, matter_id, published_on) -> list[str]:
    tokens = [f"_y{published_on.year}", f"_ym{published_on.year}{published_on.month:02d}"]
    if agency_id is not None:
        tokens.append(f"_a{agency_id}")
    if kind:
        tokens.append(f"_k{_code(kind)}")
    if category:
        tokens.append(f"_c{_code(category)}")
    if matter_id is not None:
        tokens.append(f"_m{matter_id}")
    return tokens


def _months(first, last) -> list[tuple[int, int]]:
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def filter_groups(*, agency_id, kind, category, matter_id, date_from, date_to, today):
    """The selective filter tokens a row must have: a list of alternatives per filter
    (``kind`` is accepted and not used: see above)."""
    groups = []
    if agency_id not in (None, ""):
        groups.append([f"_a{int(agency_id)}"])
    if category:
        groups.append([f"_c{_code(category)}"])
    if matter_id not in (None, ""):
        groups.append([f"_m{int(matter_id)}"])
    if date_from or date_to:
        last = date_to or max(today, date_from)
        first = date_from or last.replace(year=max(1, last.year - 30), month=1, day=1)
        if first > last:
            return groups + [["_none"]]
        months = _months(first, last)
        if len(months) <= MAX_MONTH_TOKENS:
            groups.append([f"_ym{y}{m:02d}" for y, m in months])
    return groups
