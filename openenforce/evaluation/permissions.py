"""Who may see and change rubrics.

- A rubric belongs to a supervising body (a justice bureau). Its supervisors (role
  ``supervisor``) import, publish and discard its versions; superusers too.
- The supervising body's own staff read every version, drafts included.
- Staff of the agencies it supervises (and their subordinate bodies) read its published
  versions: the standard their files will be scored against. Nobody else sees it (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openenforce.accounts.models import Agency, Role, User
from openenforce.accounts.permissions import writable_agency_ids
from openenforce.evaluation.models import Campaign, Rubric, RubricVersion


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_manage(user: User, agency_id: int) -> bool:
    """Whether ``user`` imports and publishes the rubrics of ``agency_id``."""
    if not _active(user):
        return False
    ids = writable_agency_ids(user)
    if ids is not None and agency_id not in ids:
        return False
    return user.is_superuser or user.has_role(Role.SUPERVISOR)


def supervising_ids(user: User) -> set[int]:
    """The bodies that supervise the user's agency or any agency above it."""
    ids: set[int] = set()
    agency = user.agency
    seen: set[int] = set()
    while agency is not None and agency.pk not in seen:
        seen.add(agency.pk)
        ids |= set(agency.supervised_by.values_list("id", flat=True))
        agency = agency.parent
    return ids


def readable_rubrics(user: User) -> QuerySet[Rubric]:
    """Rubrics the user may open: their own body's, and those of the bodies that
    supervise them (which show only published versions)."""
    if not _active(user):
        return Rubric.objects.none()
    if user.is_superuser:
        return Rubric.objects.all()
    if user.agency_id is None:
        return Rubric.objects.none()
    published = RubricVersion.objects.filter(status=RubricVersion.Status.PUBLISHED)
    return Rubric.objects.filter(
        Q(agency_id=user.agency_id)
        | Q(agency_id__in=supervising_ids(user), pk__in=published.values("rubric_id"))
    )


def readable_versions(user: User) -> QuerySet[RubricVersion]:
    if not _active(user):
        return RubricVersion.objects.none()
    if user.is_superuser:
        return RubricVersion.objects.all()
    own = Q(agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    supervising = Q(agency_id__in=supervising_ids(user), status=RubricVersion.Status.PUBLISHED)
    return RubricVersion.objects.filter(own | supervising)


def owners_for(user: User) -> QuerySet[Agency]:
    """Agencies whose rubrics ``user`` may import."""
    if user.is_superuser:
        return Agency.objects.all()
    if user.agency_id and may_manage(user, user.agency_id):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def readable_campaigns(user: User) -> QuerySet[Campaign]:
    """Campaigns the user may see: those of their own supervising body (its staff); every
    one for superusers. An evaluator of another agency sees their assignments only."""
    if not _active(user):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    if user.agency_id is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(agency_id=user.agency_id)
