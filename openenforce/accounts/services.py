"""Services that change agencies, users, roles and tokens. Each writes the record."""

from __future__ import annotations

import datetime
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency, ApiToken, Department, Role, RoleAssignment, User
from openenforce.core.errors import InvalidInput, NotFound, NotPermitted
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
def set_admin_permissions(user: User, *, actor: User, groups, permissions) -> User:
    """Set the Django admin's groups and permissions of an account (what opens the admin's
    pages to it) and record the account's new state: they are part of the recorded row."""
    user.groups.set(groups)
    user.user_permissions.set(permissions)
    record(actor=actor, event_type="accounts.user.updated", subject=user, agency=user.agency)
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


# --- Account security: lock-outs, two-factor, sessions -------------------------------
#
# Devices (TOTP secrets, recovery codes) and session rows are not domain objects and are
# never recorded as rows: a secret must not enter the record, even as a digest. What is
# recorded is the security event, as an entry about the user (whose recorded state leaves
# out the password and last login), with the actor who caused it.

SECURITY_EVENTS = {
    "accounts.user.locked_out": pgettext_lazy("record event", "Log-in locked after failures"),
    "accounts.user.unlocked": pgettext_lazy("record event", "Log-in unlocked"),
    "accounts.user.two_factor_enabled": pgettext_lazy("record event", "Two-factor turned on"),
    "accounts.user.two_factor_disabled": pgettext_lazy("record event", "Two-factor turned off"),
    "accounts.user.recovery_codes_renewed": pgettext_lazy("record event", "Recovery codes renewed"),
    "accounts.user.sessions_revoked": pgettext_lazy("record event", "Sessions signed out"),
    "accounts.user.password_changed": pgettext_lazy("record event", "Password changed"),
}
RECOVERY_CODES = 10


def _security_event(user: User, event_type: str, actor: User | None) -> None:
    # A page's ``request.user`` is a lazy wrapper; the record needs the model instance.
    subject = user if type(user) is User else User.objects.get(pk=user.pk)
    record(actor=actor, event_type=event_type, subject=subject, agency=subject.agency)


@transaction.atomic
def record_password_change(user: User, *, actor: User) -> None:
    """Record that ``user``'s password was changed (the hash itself is never recorded)."""
    _security_event(user, "accounts.user.password_changed", actor)


@transaction.atomic
def record_lockout(username: str) -> bool:
    """Record that ``username`` was locked out (django-axes' ``user_locked_out``). A user
    name that names no account is not recorded (there is no subject; the log says it)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return False
    _security_event(user, "accounts.user.locked_out", actor=None)
    return True


@transaction.atomic
def unlock_login(user: User, *, actor: User) -> int:
    """End ``user``'s log-in lock-outs from every address before their cool-off; returns
    how many failure counters were cleared."""
    from axes.utils import reset

    cleared = reset(username=user.username)
    _security_event(user, "accounts.user.unlocked", actor)
    return cleared


def _devices(user: User):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)


def has_two_factor(user: User) -> bool:
    totp, _static = _devices(user)
    return totp.filter(confirmed=True).exists()


def requires_two_factor(user: User) -> bool:
    """Administrators (the role, and superusers) must use two-factor unless the
    installation turned the rule off (``OPENENFORCE_REQUIRE_ADMIN_2FA``, the demo)."""
    if not settings.OPENENFORCE_REQUIRE_ADMIN_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.ADMIN)


def pending_totp_device(user: User):
    """The unconfirmed authenticator being set up (made on first call), for the QR code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


@transaction.atomic
def enable_two_factor(user: User, *, device, code: str, actor: User) -> list[str]:
    """Confirm the authenticator ``device`` with a ``code`` it shows, and return a fresh
    set of recovery codes (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise InvalidInput(_("Start the set-up again."), code="two_factor_device")
    if not device.verify_token(code.strip().replace(" ", "")):
        raise InvalidInput(
            _("The code is wrong or has expired: enter the code the app shows now."),
            code="two_factor_code",
        )
    totp, _static = _devices(user)
    totp.exclude(pk=device.pk).delete()  # one authenticator per account
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _security_event(user, "accounts.user.two_factor_enabled", actor)
    return codes


@transaction.atomic
def renew_recovery_codes(user: User, *, actor: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working)."""
    if not has_two_factor(user):
        raise InvalidInput(_("Two-factor authentication is not on."), code="two_factor_off")
    codes = _new_recovery_codes(user)
    _security_event(user, "accounts.user.recovery_codes_renewed", actor)
    return codes


@transaction.atomic
def disable_two_factor(user: User, *, actor: User) -> None:
    """Remove the user's authenticator and recovery codes (by the user, or an
    administrator resetting a lost phone)."""
    if actor.pk == user.pk and requires_two_factor(user):
        raise NotPermitted(
            _("Administrators must keep two-factor authentication on."),
            code="two_factor_required",
        )
    totp, static = _devices(user)
    if not totp.exists() and not static.exists():
        raise InvalidInput(_("Two-factor authentication is not on."), code="two_factor_off")
    totp.delete()
    static.delete()
    _security_event(user, "accounts.user.two_factor_disabled", actor)


def _session_store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


@transaction.atomic
def revoke_sessions(
    user: User, *, actor: User, keys: list[str] | None = None, keep: str = ""
) -> int:
    """Sign ``user`` out of the sessions ``keys`` (all when None), except ``keep`` (the
    caller's own). Returns how many were signed out; records one event when any were."""
    from openenforce.accounts.models import StaffSession

    rows = StaffSession.objects.filter(user=user).exclude(session_key=keep)
    if keys is not None:
        rows = rows.filter(session_key__in=keys)
    revoked = list(rows.values_list("session_key", flat=True))
    for key in revoked:
        _session_store(key).delete()
    rows.delete()
    if revoked:
        _security_event(user, "accounts.user.sessions_revoked", actor)
    return len(revoked)


def sweep_staff_sessions(user: User) -> int:
    """Forget ``user``'s session rows whose session has expired (housekeeping at each
    log-in, not recorded)."""
    from openenforce.accounts.models import StaffSession

    cutoff = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    deleted, _kinds = StaffSession.objects.filter(user=user, last_used_at__lt=cutoff).delete()
    return deleted
