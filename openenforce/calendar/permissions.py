"""Who may change the working-day calendar.

The calendar is shared by every agency on the installation (the State Council's
arrangement is national), so only administrators maintain it; every signed-in user may
read it and compute due dates.
"""

from __future__ import annotations

from openenforce.accounts.models import Role, User


def can_edit_calendar(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or user.has_role(Role.ADMIN)
    )
