"""The agency filter of lists that span agencies (a supervisor's, a superuser's).

``AgencyFilter.from_query`` reads ``?agency=`` against the agencies the user may read:
an id outside that scope, or anything that is not a plain number, selects nothing (never
another agency's rows, never an error). The select and the agency column are shown only
when the user reads more than one agency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.core.params import parse_id

M = TypeVar("M", bound=Model)

PARAM = "agency"


@dataclass
class AgencyFilter:
    agencies: list[Agency] = field(default_factory=list)
    raw: str = ""
    chosen: int | None = None
    invalid: bool = False

    @classmethod
    def from_query(cls, query, user: User | AnonymousUser) -> AgencyFilter:
        ids = visible_agency_ids(user) if isinstance(user, User) else set()
        agencies = Agency.objects.order_by("name").only("id", "name", "short_name")
        readable = list(agencies if ids is None else agencies.filter(id__in=ids))
        raw = str(query.get(PARAM, "") or "").strip()[:40]
        if not raw:
            return cls(agencies=readable)
        chosen = parse_id(raw)
        if chosen is None or chosen not in {a.pk for a in readable}:
            return cls(agencies=readable, raw=raw, invalid=True)
        return cls(agencies=readable, raw=raw, chosen=chosen)

    @property
    def shown(self) -> bool:
        """Whether the list spans agencies: the select and the column are shown."""
        return len(self.agencies) > 1

    @property
    def value(self) -> str:
        return str(self.chosen) if self.chosen is not None else ""

    def apply(self, queryset: QuerySet[M], path: str = "agency") -> QuerySet[M]:
        """``queryset`` narrowed to the chosen agency (``path`` leads to the agency)."""
        if self.invalid:
            return queryset.none()
        if self.chosen is None:
            return queryset
        return queryset.filter(**{path: self.chosen})

    def keep(self, items: list, agency_id_of) -> list:
        """The items of an already fetched list that the filter keeps."""
        if self.invalid:
            return []
        if self.chosen is None:
            return items
        return [item for item in items if agency_id_of(item) == self.chosen]
