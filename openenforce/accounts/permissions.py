"""Who may see and change what. Every lookup on user input goes through these helpers.

A user sees their own agency; a supervisor also sees the agencies their agency
supervises and those agencies' subordinate bodies; a superuser sees everything.
Objects outside the user's scope are answered with 404, never 403, so that their
existence cannot be guessed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from openenforce.accounts.models import Agency, Role, User

M = TypeVar("M", bound=Model)


def _with_descendants(ids: set[int]) -> set[int]:
    frontier = set(ids)
    result = set(ids)
    while frontier:
        frontier = (
            set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - result
        )
        result |= frontier
    return result


def visible_agency_ids(user: User) -> set[int] | None:
    """Agency ids the user may read; ``None`` means all (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if user.agency_id is None:
        return set()
    ids = {user.agency_id}
    if user.has_role(Role.SUPERVISOR):
        supervised = set(user.agency.supervises.values_list("id", flat=True))
        ids |= _with_descendants(supervised)
    return ids


def writable_agency_ids(user: User) -> set[int] | None:
    """Agency ids whose data the user may change: only their own (supervisors only read)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return {user.agency_id} if user.agency_id else set()


def scope(queryset: QuerySet[M], user: User, field: str = "agency") -> QuerySet[M]:
    """Restrict ``queryset`` to rows whose ``field`` is an agency the user may read."""
    ids = visible_agency_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def get_for_user(queryset: QuerySet[M], user: User, field: str = "agency", **lookup) -> M:
    """One object within the user's scope, else 404 (whether missing or someone else's)."""
    try:
        return scope(queryset, user, field).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_read_agency(user: User, agency_id: int) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency_id in ids


def can_edit_catalog(user: User, agency_id: int) -> bool:
    """Administrators and agency heads maintain the published catalogue of their agency."""
    ids = writable_agency_ids(user)
    in_scope = ids is None or agency_id in ids
    return in_scope and (user.is_superuser or user.has_role(Role.ADMIN, Role.HEAD))


def is_staff_of(user: User, agency_id: int) -> bool:
    return user.is_authenticated and user.agency_id == agency_id


def may_read_content(user: User, agency_id: int) -> bool:
    """Whether the user may read an agency's issued content (documents, case files): its
    own staff, superusers, and the supervisors of that agency (read only)."""
    if is_staff_of(user, agency_id) or user.is_superuser:
        return user.is_active
    return user.has_role(Role.SUPERVISOR) and can_read_agency(user, agency_id)


def record_entry_agencies(user: User) -> set[int] | None:
    """The agencies whose record entries ``user`` may read (registered with
    ``openenforce.ledger.access`` in AccountsConfig.ready): administrators and supervisors
    read those of the agencies they may read; ``None`` (every entry, so the full entry
    bundles) when that is every agency of the installation. Everyone else: none."""
    if not user.has_role(Role.ADMIN, Role.SUPERVISOR):
        return set()
    ids = visible_agency_ids(user)
    if ids is None or not Agency.objects.exclude(pk__in=ids).exists():
        return None
    return ids
