"""Who may see and change appraisal schemes and scorecards.

- A scheme belongs to a supervising body (a justice bureau). Its supervisors (role
  ``supervisor``) load, publish, compute, enter the manual parts and confirm; superusers
  too. Nobody else sees a scheme (404).
- An appraised agency's staff read their own agency's scorecards once confirmed (of a
  published scheme): nothing else of the appraisal, and no draft.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openenforce.accounts.models import Role, User
from openenforce.appraisal.models import Scheme, Scorecard


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_manage(user: User, agency_id: int) -> bool:
    """Whether ``user`` runs the appraisal of the supervising body ``agency_id``."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.agency_id == agency_id and user.has_role(Role.SUPERVISOR)


def is_manager(user: User) -> bool:
    """A supervisor (or superuser): the one who sees the appraisal's pages."""
    return _active(user) and (user.is_superuser or user.has_role(Role.SUPERVISOR))


def managed_schemes(user: User) -> QuerySet[Scheme]:
    if not _active(user):
        return Scheme.objects.none()
    if user.is_superuser:
        return Scheme.objects.all()
    if user.agency_id is None or not user.has_role(Role.SUPERVISOR):
        return Scheme.objects.none()
    return Scheme.objects.filter(agency_id=user.agency_id)


def readable_scorecards(user: User) -> QuerySet[Scorecard]:
    """Those of the schemes the user manages, and the confirmed ones of their own agency."""
    if not _active(user):
        return Scorecard.objects.none()
    if user.is_superuser:
        return Scorecard.objects.all()
    own = Q(pk__in=[])
    if user.agency_id is not None:
        own = Q(
            agency_id=user.agency_id,
            status=Scorecard.Status.CONFIRMED,
            scheme__status=Scheme.Status.PUBLISHED,
        )
    managed = Q(scheme__in=managed_schemes(user).values("pk"))
    return Scorecard.objects.filter(own | managed)
