"""Pages of the API's lists, the same for every router: ``?page=&page_size=`` in, and
``{count, page, page_size, items}`` out (docs/api.md).

A list operation declares ``response={200: list[ItemOut], …}``, is decorated with
``@paginate(PageNumber)`` and returns its rows (a queryset, or ``Mapped(rows, to_dict)``
when each row must be turned into its output first); ninja adds the two query parameters
and names the page schema ``Paged<ItemOut>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class _Countable(Protocol):
    """Rows that count themselves (a queryset: in the database) and slice."""

    def count(self) -> int: ...

    def __getitem__(self, window: slice, /) -> Iterable[Any]: ...


class Mapped:
    """Rows that are each passed through ``convert`` when their page is taken."""

    def __init__(
        self, rows: list[Any] | tuple[Any, ...] | _Countable, convert: Callable[[Any], Any]
    ) -> None:
        self.rows, self.convert = rows, convert

    def count(self) -> int:
        return len(self.rows) if isinstance(self.rows, list | tuple) else self.rows.count()

    def __getitem__(self, window: slice) -> list[Any]:
        return [self.convert(row) for row in self.rows[window]]


class PageNumber(PaginationBase):
    """Numbered pages of at most ``page_size`` items."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(50, ge=1, le=500)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        start = (pagination.page - 1) * pagination.page_size
        count = len(queryset) if isinstance(queryset, list | tuple) else queryset.count()
        return {
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "items": queryset[start : start + pagination.page_size],
        }
