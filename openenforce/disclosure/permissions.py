"""Who may do what with publications: publicity officers and heads of the item's own
agency approve, mask, schedule, withdraw and handle corrections; supervisors read."""

from __future__ import annotations

from openenforce.accounts.models import Role
from openenforce.accounts.permissions import writable_agency_ids

PUBLISHING_ROLES = (Role.PUBLISHER.value, Role.HEAD.value)


def can_publish(user, agency_id: int) -> bool:
    """A publicity officer or head of ``agency_id`` (or a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    ids = writable_agency_ids(user)
    if ids is not None and agency_id not in ids:
        return False
    return user.is_superuser or user.has_role(*PUBLISHING_ROLES)
