"""Reading warnings and rules within the user's scope: their own agency's, and for a
supervisor the supervised agencies' (read only); another agency's answer 404."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet

from openenforce.accounts.models import User
from openenforce.accounts.permissions import get_for_user, scope
from openenforce.alerts.models import Warning, WarningQuerySet, WarningRule


def warnings_for_user(user: User) -> QuerySet[Warning]:
    return scope(Warning.objects.select_related("rule", "agency"), user)


def get_warning_for_user(user: User, pk) -> Warning:
    return get_for_user(Warning.objects.select_related("rule", "agency"), user, pk=pk)


def filtered(rows: QuerySet[Warning], query) -> QuerySet[Warning]:
    """The list's filters: level, rule (code), status ("unresolved": open or
    acknowledged; the default), agency (id)."""
    level = query.get("level") or ""
    if level:
        rows = rows.filter(level=level)
    rule = query.get("rule") or ""
    if rule:
        rows = rows.filter(rule__code=rule)
    status = query.get("status") or "unresolved"
    if status == "unresolved":
        rows = cast(WarningQuerySet, rows).open()
    elif status in Warning.Status.values:
        rows = rows.filter(status=status)
    agency = str(query.get("agency") or "")
    if agency.isdigit():
        rows = rows.filter(agency_id=int(agency))
    return rows


def rules_for_user(user: User) -> list[tuple[WarningRule, list[WarningRule]]]:
    """The installation's rules, each with the agency rows the user may read."""
    own = list(
        scope(WarningRule.objects.filter(agency__isnull=False), user).select_related("agency")
    )
    return [
        (rule, [row for row in own if row.code == rule.code])
        for rule in WarningRule.objects.filter(agency__isnull=True).order_by("code")
    ]
