"""Who may see and change catalogue entries, for the staff pages.

Reading follows ``accounts.permissions.scope`` (own agency, plus supervised agencies for
supervisors); changing follows ``can_edit_catalog`` (administrators and heads of the
entry's own agency). Lookups outside the user's scope are 404, refusals inside it 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import can_edit_catalog, visible_agency_ids
from openenforce.core.params import parse_id


def readable_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose catalogue the user may read."""
    ids = visible_agency_ids(user)
    agencies = Agency.objects.all()
    return agencies if ids is None else agencies.filter(id__in=ids)


def selected_agency(user: User, raw_id: str | None) -> Agency | None:
    """The agency named by an ``?agency=`` filter, if the user may read it."""
    pk = parse_id(raw_id)
    return readable_agencies(user).filter(pk=pk).first() if pk is not None else None


def home_agency(user: User, raw_id: str | None = None) -> Agency | None:
    """The agency a page is about: the filtered one, else the user's own, else the first."""
    return (
        selected_agency(user, raw_id)
        or user.agency
        or readable_agencies(user).order_by("pk").first()
    )


def require_edit(user: User, agency_id: int) -> None:
    """Refuse (403) unless the user may change this agency's catalogue."""
    if not can_edit_catalog(user, agency_id):
        raise PermissionDenied


def may_create(user: User) -> bool:
    """New entries are created in the user's own agency, by its administrators and heads."""
    return user.agency_id is not None and can_edit_catalog(user, user.agency_id)
