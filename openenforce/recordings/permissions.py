"""Who may see and change the device register and a case's recordings.

Reading follows the agency scope (supervisors read the agencies they supervise); the
register is kept by administrators and heads, devices are handed out and returned by
officers, heads and administrators, recordings and reasons are added by those who work
on the case (``cases.permissions.may_work_on``: its handlers and the agency head; the
services check the same)."""

from __future__ import annotations

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.cases.permissions import may_work_on


def _writes(user: User, agency_id: int | None) -> bool:
    ids = writable_agency_ids(user)
    agency_id = agency_id if agency_id is not None else user.agency_id
    return agency_id is not None and (ids is None or agency_id in ids)


def can_see_register(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.agency_id is not None)


def can_register_devices(user: User, agency_id: int | None = None) -> bool:
    return _writes(user, agency_id) and (user.is_superuser or user.has_role(Role.ADMIN, Role.HEAD))


def can_handle_devices(user: User, agency_id: int | None = None) -> bool:
    roles = (Role.OFFICER, Role.HEAD, Role.ADMIN)
    return _writes(user, agency_id) and (user.is_superuser or user.has_role(*roles))


def can_add_recordings(user: User, case) -> bool:
    return may_work_on(user, case)
