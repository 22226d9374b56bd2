"""Agencies (the tenants), their departments, users and roles, and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class Agency(RecordedModel, TimeStampedModel):
    """An enforcement body (执法主体). Every piece of domain data belongs to one agency."""

    class LegalStatus(models.TextChoices):
        STATUTORY = "statutory", _("Statutory enforcement body")  # 法定行政机关
        AUTHORISED = "authorised", _("Body authorised by law")  # 法律法规授权组织
        ENTRUSTED = "entrusted", _("Entrusted organisation")  # 受委托组织

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        DISTRICT = "district", _("District or county")
        TOWNSHIP = "township", _("Township or street")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=20, blank=True, help_text=_("Used in document numbers.")
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True
    )
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.STATUTORY
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    supervises = models.ManyToManyField(
        "self",
        verbose_name=_("agencies supervised"),
        symmetrical=False,
        blank=True,
        related_name="supervised_by",
        help_text=_("For a justice bureau: the agencies under its enforcement supervision."),
    )
    duties = models.TextField(_("duties and powers"), blank=True)
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    remedy_channels = models.TextField(
        _("supervision and remedy channels"),
        blank=True,
        help_text=_("Administrative reconsideration and litigation bodies, supervision phone."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(RecordedModel, TimeStampedModel):
    """A unit inside an agency (科室/执法队), e.g. the one that handles a matter."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="departments")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique"),
            models.UniqueConstraint(fields=["agency", "name"], name="department_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("Enforcement officer")
    REVIEWER = "reviewer", _("Legal reviewer")
    HEAD = "head", _("Agency head")
    PUBLISHER = "publisher", _("Publicity officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class StaffManager(UserManager.from_queryset(RecordedQuerySet)):
    """Django's user manager over a recorded queryset (no unrecorded bulk writes)."""


class User(RecordedModel, AbstractUser):
    """A staff member of one agency. Superusers and the system actor may have none."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)

    objects = StaffManager()

    # Django's authentication updates these on its own (login, password change): they are
    # account bookkeeping, not enforcement state, so the record leaves them out. Staff
    # names and e-mail are personal data and enter the record only as commitments.
    ledger_volatile_fields = ("password", "last_login")
    ledger_personal_fields = ("first_name", "last_name", "email", "display_name")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def role_codes(self) -> set[str]:
        """The user's roles, read once per request object."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = set(self.role_assignments.values_list("role", flat=True)) if self.pk else set()
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes().intersection(roles))


class RoleAssignment(RecordedModel):
    """One role held by one user; a user may hold several (an officer who also publishes)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="role_assignment_valid_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(RecordedModel):
    """A bearer token for the REST API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, default="cli")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Set on every authenticated request (``user_for_token``): usage bookkeeping, not
    # enforcement state, so the record leaves it out (docs/record.md).
    ledger_volatile_fields = ("last_used_at",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class StaffSession(models.Model):
    """One logged-in browser session of a staff member, for the "your sessions" list.

    Bookkeeping beside Django's session store (keyed by its session key), not enforcement
    state: not recorded as rows; signing a session out is recorded as an event about the
    user (``accounts.services``). Rows go when the session logs out or is revoked; rows of
    sessions that simply expired are hidden, and swept at the user's next log-in."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_sessions")
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.CharField(_("address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("logged in"))
    last_used_at = models.DateTimeField(_("last used"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_used_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.ip_address}"
