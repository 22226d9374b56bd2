"""Reading remedies: a case's, and those a user may read (the agency scope of their case)."""

from __future__ import annotations

from django.db.models import QuerySet

from openenforce.accounts.models import User
from openenforce.accounts.permissions import get_for_user, scope
from openenforce.cases.models import Case
from openenforce.remedies.models import Remedy


def remedies_for_case(case: Case) -> QuerySet[Remedy]:
    return Remedy.objects.filter(case=case).order_by("filed_on", "pk")


def remedies_for_user(user: User) -> QuerySet[Remedy]:
    """The remedies of the cases the user may read (their agency, or those supervised)."""
    return scope(Remedy.objects.select_related("case"), user, "case__agency")


def get_remedy_for_user(user: User, pk: int) -> Remedy:
    """One readable remedy, else 404 (missing or another agency's)."""
    return get_for_user(Remedy.objects.select_related("case"), user, "case__agency", pk=pk)
