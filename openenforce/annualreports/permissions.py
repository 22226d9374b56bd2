"""Who may do what with an agency's annual report.

- Prepare (generate or recompute a draft, write the narrative, submit): the agency's
  publicity officers (信息公开), heads and administrators.
- Approve or return a submitted report: the agency head (负责人审核; 大同 Art 5 asks for a
  review, with a pre-assessment of public reaction, before publication).
- Publish an approved report: its publicity officers and heads.
- Read: the agency's staff and the supervisors of the agency (read only).
"""

from __future__ import annotations

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import can_read_agency, writable_agency_ids

PREPARERS = (Role.PUBLISHER, Role.HEAD, Role.ADMIN)
APPROVERS = (Role.HEAD,)
PUBLISHERS = (Role.PUBLISHER, Role.HEAD)
READERS = (*PREPARERS, Role.REVIEWER, Role.SUPERVISOR)


def _own(user: User, agency_id: int) -> bool:
    ids = writable_agency_ids(user)
    return ids is None or agency_id in ids


def _acts(user: User, agency_id: int, roles: tuple[str, ...]) -> bool:
    if not user.is_authenticated or not user.is_active or not _own(user, agency_id):
        return False
    return user.is_superuser or user.has_role(*roles)


def may_read(user: User, agency_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return can_read_agency(user, agency_id) and (user.is_superuser or user.has_role(*READERS))


def may_prepare(user: User, agency_id: int) -> bool:
    return _acts(user, agency_id, PREPARERS)


def may_approve(user: User, agency_id: int) -> bool:
    return _acts(user, agency_id, APPROVERS)


def may_publish(user: User, agency_id: int) -> bool:
    return _acts(user, agency_id, PUBLISHERS)
