"""Warning rules (data) and the warnings they raise.

A ``WarningRule`` row with no agency is the installation's rule, seeded by a migration
from ``openenforce.alerts.rules.DEFINITIONS``; an agency may add its own row for the same
code to tighten the rule's parameters for itself (never to loosen them: see
``alerts.services.set_agency_parameters``). A ``Warning`` names one subject (a case, a
publication, an officer, an inspected enterprise) and links to it; it is raised and
closed only by ``openenforce.alerts.services``, which record each change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency
from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class Level(models.TextChoices):
    NOTICE = "notice", _("Notice")  # 提示
    WARNING = "warning", pgettext_lazy("alert", "Warning")  # 预警
    SERIOUS = "serious", _("Serious")  # 严重


LEVEL_ORDER = {Level.SERIOUS: 0, Level.WARNING: 1, Level.NOTICE: 2}


class WarningRule(RecordedModel, TimeStampedModel):
    """One rule: what it watches (``code``), how grave (``level``), what it rests on
    (``basis``) and its thresholds (``parameters``). ``agency`` empty: the installation's
    rule; set: that agency's tightened parameters for the same code."""

    code = models.CharField(_("code"), max_length=40)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the rule of every agency; set: this agency's own thresholds."),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(pgettext_lazy("alert", "level"), max_length=10, choices=Level.choices)
    basis = models.CharField(_("basis"), max_length=300)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    seeded = models.BooleanField(_("seeded"), default=False, editable=False)

    class Meta:
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")
        ordering = ["code", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(agency__isnull=True), name="rule_code_unique"
            ),
            models.UniqueConstraint(fields=["code", "agency"], name="rule_code_agency_unique"),
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="rule_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def label(self) -> str:
        """The rule's name in the reader's language (``name`` is stored in Chinese)."""
        from openenforce.alerts.rules import BY_CODE

        definition = BY_CODE.get(self.code)
        return str(definition.label) if definition else self.name

    @classmethod
    def ledger_check_unrecorded(cls, rows) -> dict[str, str | None]:
        """Seeded by a migration before any record: held against the definitions instead."""
        from openenforce.alerts.rules import check_seeded

        return check_seeded(rows)


class WarningQuerySet(RecordedQuerySet):
    def open(self) -> WarningQuerySet:
        """Not yet resolved (open or acknowledged)."""
        return self.exclude(status=Warning.Status.RESOLVED)


class Warning(RecordedModel, TimeStampedModel):  # noqa: A001 (the domain's word)
    """One warning about one subject, raised by a rule's evaluation."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("alert", "Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    class SubjectKind(models.TextChoices):
        CASE = "case", _("Case")
        PUBLICATION = "publication", _("Publication")
        OFFICER = "officer", _("Officer")
        ENTERPRISE = "enterprise", _("Enterprise")
        MATTER = "matter", _("Matter")
        RECTIFICATION = "rectification", _("Rectification notice")

    rule = models.ForeignKey(
        WarningRule,
        verbose_name=pgettext_lazy("alert", "rule"),
        on_delete=models.PROTECT,
        related_name="warnings",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(_("subject kind"), max_length=20, choices=SubjectKind.choices)
    subject_id = models.CharField(_("subject"), max_length=40)
    subject_label = models.CharField(_("subject name"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    message = models.TextField(_("message"))
    # The message in each of the installation's languages (``message``: its own language).
    messages = models.JSONField(_("messages"), default=dict, blank=True)
    level = models.CharField(pgettext_lazy("alert", "level"), max_length=10, choices=Level.choices)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = WarningQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-raised_on", "-id"]
        constraints = [
            # One unresolved warning per rule and subject: evaluation is idempotent.
            models.UniqueConstraint(
                fields=["rule", "subject_kind", "subject_id"],
                condition=~models.Q(status="resolved"),
                name="warning_one_open_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "acknowledged", "resolved"]),
                name="warning_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "level"])]

    def __str__(self) -> str:
        return f"{self.rule.code} · {self.subject_label}"

    @property
    def text(self) -> str:
        """The message in the active language, where it was written in it."""
        return str(self.messages.get(get_language() or "", self.message))

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED
