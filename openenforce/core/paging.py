"""Pages of the HTML lists, counted up to a bound.

Counting every row that matches a filter is what makes a list slow once a table holds
hundreds of thousands of rows: the page itself is read from an index in a millisecond or
two, while ``COUNT(*)`` visits every matching row. No reader pages through more than
``bound`` rows, and beyond that an exact figure does not help them choose the next step
(the statistics give exact figures): a ``BoundedPaginator`` counts at most ``bound + 1``
rows (``SELECT COUNT(*) FROM (… LIMIT bound + 1)``), says whether the count is exact, and
offers the pages that lie within the bound. Below the bound it is Django's paginator.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

DEFAULT_BOUND = 1_000


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``bound`` (see the module's docstring).

    ``count`` is exact when ``exact`` is true; otherwise more than ``bound`` rows match and
    ``count`` is ``bound``; the pages stop there (the last page holds the bound's last rows).
    """

    def __init__(self, object_list, per_page, bound: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.bound = DEFAULT_BOUND if bound is None else bound

    @cached_property
    def _counted(self) -> int:
        rows: Any = self.object_list
        if isinstance(rows, list | tuple):
            return len(rows[: self.bound + 1])
        # SELECT COUNT(*) FROM (SELECT id … LIMIT bound + 1): unordered, so the database
        # stops after bound + 1 rows instead of sorting every matching row first; the key
        # alone, so no column computed for display (a subquery per row) is computed
        return rows.order_by().values("pk")[: self.bound + 1].count()

    @cached_property
    def exact(self) -> bool:
        return self._counted <= self.bound

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.bound)
