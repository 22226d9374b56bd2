"""Services that change agencies, users, roles and tokens. Each writes the record."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, ApiToken, Department, Role, RoleAssignment, User
from openenforce.core.errors import InvalidInput, NotFound
from openenforce.ledger.services import record

SYSTEM_USERNAME = "system"


def get_system_actor() -> User:
    """The actor for changes made by the installation itself (CLI imports, demo set-up);
    made, and recorded, on first use."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    return user if user is not None else _create_system_actor()


@transaction.atomic
def _create_system_actor() -> User:
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"display_name": "System", "is_active": False, "password": make_password(None)},
    )
    if created:
        record(actor=user, event_type="accounts.user.created", subject=user, agency=None)
    return user


def _save_recorded(
    row: Agency | User | Department,
    *,
    actor: User,
    kind: str,
    agency: Agency | None = None,
    clean: bool = True,
) -> None:
    """Save ``row`` (validated first when ``clean``) and record it as
    ``accounts.<kind>.created`` or ``.updated``."""
    created = row.pk is None
    if clean:
        row.full_clean()
    row.save()
    change = "created" if created else "updated"
    record(actor=actor, event_type=f"accounts.{kind}.{change}", subject=row, agency=agency)


@transaction.atomic
def save_agency(agency: Agency, *, actor: User) -> Agency:
    """Create or update an agency (its published particulars)."""
    _save_recorded(agency, actor=actor, kind="agency", agency=agency)
    return agency


@transaction.atomic
def save_user(user: User, *, actor: User) -> User:
    """Create or update a staff account's particulars (agency, department, names, status).

    Passwords and roles have their own paths (Django's password forms, ``grant_role``)."""
    if user.department_id and user.department.agency_id != user.agency_id:
        raise InvalidInput(
            _("The department belongs to another agency."), code="department_other_agency"
        )
    _save_recorded(user, actor=actor, kind="user", agency=user.agency, clean=False)
    return user


@transaction.atomic
def save_department(department: Department, *, actor: User) -> Department:
    _save_recorded(department, actor=actor, kind="department")
    return department


@transaction.atomic
def create_user(
    username: str,
    *,
    actor: User,
    agency: Agency | None,
    roles: list[str] | tuple[str, ...] = (),
    password: str | None = None,
    display_name: str = "",
    department: Department | None = None,
    is_superuser: bool = False,
) -> User:
    """Create a staff account with its roles."""
    if User.objects.filter(username=username).exists():
        raise InvalidInput(
            _("The user name “%(username)s” is already taken.") % {"username": username},
            code="username_taken",
        )
    user = User(
        username=username,
        agency=agency,
        department=department,
        display_name=display_name,
        is_superuser=is_superuser,
        is_staff=is_superuser or Role.ADMIN in roles,
    )
    user.set_password(password)
    user.save()
    record(actor=actor, event_type="accounts.user.created", subject=user, agency=agency)
    for role in roles:
        grant_role(user, role=role, actor=actor)
    return user


@transaction.atomic
def grant_role(user: User, *, role: str, actor: User) -> RoleAssignment:
    if role not in Role.values:
        raise InvalidInput(_("Unknown role “%(role)s”.") % {"role": role}, code="unknown_role")
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        record(
            actor=actor,
            event_type="accounts.role.granted",
            subject=assignment,
            agency=user.agency,
        )
    user.__dict__.pop("_role_codes", None)
    return assignment


@transaction.atomic
def issue_api_token(user: User, *, actor: User, name: str = "cli") -> str:
    """Create an API token for ``user`` and return it; only its digest is kept."""
    if not user.is_active:
        raise InvalidInput(
            _("User “%(username)s” is inactive; no token can be issued.")
            % {"username": user.username},
            code="user_inactive",
        )
    raw = "oe_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(raw), prefix=raw[:8]
    )
    record(actor=actor, event_type="accounts.token.issued", subject=token, agency=user.agency)
    return raw


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or ``None``."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is not None:
        raise NotFound(
            _("The token does not exist or was already revoked."), code="token_not_found"
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor, event_type="accounts.token.revoked", subject=token, agency=token.user.agency
    )


@transaction.atomic
def add_supervision(supervisor: Agency, *, actor: User, supervised: Agency) -> bool:
    """Put ``supervised`` under ``supervisor``'s enforcement supervision (e.g. a justice
    bureau over the agencies of its district). Returns False when it already was."""
    if supervisor.pk == supervised.pk:
        raise InvalidInput(_("An agency cannot supervise itself."), code="supervision_self")
    if supervisor.supervises.filter(pk=supervised.pk).exists():
        return False
    supervisor.supervises.add(supervised)
    _record_supervision(supervisor, actor, "added")
    return True


def _record_supervision(supervisor: Agency, actor: User, change: str) -> None:
    event_type = f"accounts.agency.supervision_{change}"
    record(actor=actor, event_type=event_type, subject=supervisor, agency=supervisor)


@transaction.atomic
def remove_supervision(supervisor: Agency, *, actor: User, supervised: Agency) -> bool:
    """End ``supervisor``'s supervision of ``supervised``. Returns False when there was none."""
    if not supervisor.supervises.filter(pk=supervised.pk).exists():
        return False
    supervisor.supervises.remove(supervised)
    _record_supervision(supervisor, actor, "removed")
    return True
