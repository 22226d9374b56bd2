"""The computed indicators: each a function registered under a key, answering for one
agency and one year with a ``Measure``. A scheme's indicator names its source by key.

To add an indicator, write a function ``(agency_ids, period, today) -> Measure`` and
register it (``register(Source(...))``) from a module ``AppraisalConfig.ready`` imports;
``sources.py`` holds those built on the supervision indicators, ``evaluation_source.py``
the one from the case-file evaluation results.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openenforce.supervision.indicators import Period

OK, NONE, MISSING = "ok", "none", "missing"


def ids_digest(*groups: Iterable[int]) -> str:
    """SHA-256 of the ids behind a value (each group ascending, comma-separated, groups
    separated by "|"), as the annual report digests its cells: tells a value whose
    items changed though the number did not."""
    text = "|".join(",".join(str(pk) for pk in sorted(set(g))) for g in groups)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Measure:
    """What a source found: ``value`` (a percentage, or a number of items), ``count``
    (the items it was measured over), ``digest`` of their ids, ``status``: ``ok``;
    ``none``: nothing to measure this year (no such matters; the part is scored without
    the indicator); ``missing``: no data (the source is not there; earns nothing)."""

    value: float | int | None
    count: int = 0
    digest: str = ""
    status: str = OK
    note: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def rate(cls, part: Iterable[int], whole: Iterable[int], **extra) -> Measure:
        part_ids, whole_ids = sorted(set(part)), sorted(set(whole))
        if not whole_ids:
            return cls(None, 0, ids_digest(part_ids, whole_ids), NONE, extra=extra)
        value = round(100 * len(part_ids) / len(whole_ids), 1)
        return cls(value, len(whole_ids), ids_digest(part_ids, whole_ids), extra=extra)

    @classmethod
    def items(cls, ids: Iterable[int]) -> Measure:
        found = sorted(set(ids))
        return cls(len(found), len(found), ids_digest(found))

    @classmethod
    def missing(cls, note: str = "") -> Measure:
        return cls(None, 0, "", MISSING, note)

    def stored(self) -> dict:
        return {
            "value": self.value,
            "count": self.count,
            "digest": self.digest,
            "status": self.status,
            "note": self.note,
        }


Compute = Callable[[frozenset[int], Period, datetime.date], Measure]


@dataclass(frozen=True)
class Source:
    key: str
    title: object  # a lazy string
    unit: str  # "percent" or "items"
    compute: Compute
    drill: tuple[str, str] | None = None  # the supervision drill-down (kind, key)


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.key] = source


def get(key: str) -> Source | None:
    return SOURCES.get(key)


def measure(key: str, agency_ids: frozenset[int], period: Period, today) -> Measure:
    """The source's measure; no data when no such source is registered."""
    source = SOURCES.get(key)
    if source is None:
        return Measure.missing("unregistered")
    return source.compute(agency_ids, period, today)
