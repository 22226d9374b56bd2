"""Cases (案件) and what hangs off them: parties, handlers, recusals, clock suspensions
and deadlines.

A case's ``state`` is a state code of its procedure's lifecycle
(``openenforce/cases/lifecycles/``); only the engine (``cases.engine``) changes it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency, Department
from openenforce.cases import rules
from openenforce.catalog.models import EnforcementCategory, Matter, Officer
from openenforce.core.models import TimeStampedModel, yuan_field
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class CaseQuerySet(RecordedQuerySet):
    def open(self) -> CaseQuerySet:
        """Cases not yet closed."""
        return self.filter(closed_on__isnull=True)

    def closed(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=False)

    def overdue(self, today: datetime.date | None = None) -> CaseQuerySet:
        """Cases with at least one open deadline already past."""
        ids = Deadline.objects.running(today).overdue(today).values("case_id")
        return self.filter(pk__in=ids)

    def due_soon(self, days: int = 3, today: datetime.date | None = None) -> CaseQuerySet:
        """Cases with an open deadline falling within the next ``days`` calendar days."""
        ids = Deadline.objects.running(today).due_soon(days, today=today).values("case_id")
        return self.filter(pk__in=ids)

    def counted_inspections(self) -> CaseQuerySet:
        """Inspections that count as one each in the statistics (行政检查次数): an
        inspected object with a complete, detailed record, not led straight into a
        penalty case (``Case.counted_inspection``)."""
        return self.filter(procedure="inspection", counted_inspection=True)

    def handled_by(self, user) -> CaseQuerySet:
        """Cases the user is an active handler of (through their officer entry)."""
        return self.filter(
            handlers__officer__user=user, handlers__released_on__isnull=True
        ).distinct()


class Case(RecordedModel, TimeStampedModel):
    """One enforcement matter against one party (案件), following one procedure."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("Inspection")  # 监督检查发现
        COMPLAINT = "complaint", _("Complaint or report")  # 投诉举报
        REFERRAL = "referral", _("Referral from another body")  # 移送
        ASSIGNMENT = "assignment", _("Assigned by a superior")  # 上级交办
        APPLICATION = "application", _("Application by the party")  # 依申请
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("Penalty")  # 予以处罚
        NO_PENALTY_MINOR = "no_penalty_minor", _("No penalty: minor violation")  # 不予处罚
        NO_PENALTY_UNPROVEN = "no_penalty_unproven", _("No penalty: facts not established")
        TRANSFER_JUDICIARY = "transfer_judiciary", _("Transferred to the judiciary")  # 移送司法
        GRANTED = "granted", _("Granted")  # 准予
        REFUSED = "refused", _("Refused")  # 不予
        NO_PROBLEM = "no_problem", _("No problem found")
        RECTIFICATION = "rectification", _("Rectification ordered")
        TRANSFERRED = "transferred", _("Transferred into a penalty case")
        RELEASED = "released", _("Measure released")
        DISPOSED = "disposed", _("Property disposed of")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(
        _("case number"), max_length=80, blank=True, help_text=_("Given when the case is filed.")
    )
    procedure = models.CharField(_("procedure"), max_length=40)
    category = models.CharField(_("category"), max_length=20, choices=EnforcementCategory.choices)
    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(pgettext_lazy("case", "title"), max_length=200)
    state = models.CharField(_("state"), max_length=40, db_index=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_detail = models.TextField(_("source details"), blank=True)
    facts = models.TextField(_("facts"), blank=True)
    # The proposed decision, read by the major-decision check (行政处罚法 Art 58).
    proposed_penalty_kinds = models.JSONField(_("proposed penalty kinds"), default=list, blank=True)
    proposed_fine = yuan_field(_("proposed fine (yuan)"))
    proposed_confiscation = yuan_field(_("proposed confiscation (yuan)"))
    departs_from_standard = models.BooleanField(
        _("departs from the discretion standard"), default=False
    )
    head_referral = models.BooleanField(_("referred for review by the head"), default=False)
    is_complex = models.BooleanField(_("complex or serious (Art 57)"), default=False)
    hearing_requested = models.BooleanField(_("hearing requested"), default=False)
    hearing_held = models.BooleanField(_("hearing held"), default=False)
    defence_waived = models.BooleanField(
        _("statement and defence waived in writing"), default=False
    )
    prior_notice_served_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    # Leniency, entered with the decision (行政处罚法 Art 30–33): a mitigated penalty
    # (减轻处罚, below the legal minimum) and the fine forgone by it or by 不予处罚.
    mitigated = models.BooleanField(_("penalty mitigated (Art 32)"), default=False)
    amount_forgone = yuan_field(_("amount forgone (yuan)"))
    # Only a confiscation whose value could be determined counts in 罚没金额.
    confiscation_value_determined = models.BooleanField(
        _("value of the confiscation determined"), default=True
    )
    # A case transferred to the judiciary (移送司法机关): the day the judiciary accepted it.
    judiciary_accepted_on = models.DateField(
        _("accepted by the judiciary on"), null=True, blank=True
    )
    # An inspection counts as one (行政检查次数) only with an inspected object and a
    # complete, detailed record, and not when it led straight into a penalty case:
    # ``inspection_record_complete`` is entered with the on-site record, ``counted_inspection``
    # is set when the result is recorded (``cases.effects.conclude_inspection``).
    inspection_record_complete = models.BooleanField(
        _("inspection record complete and detailed"), default=False
    )
    counted_inspection = models.BooleanField(_("counts as one inspection"), default=False)
    decision_text = models.TextField(_("decision"), blank=True)
    details = models.JSONField(
        _("details"), default=dict, blank=True, help_text=_("Other inputs of the actions taken.")
    )
    parent_case = models.ForeignKey(
        "self",
        verbose_name=_("originating case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~models.Q(number=""),
                name="case_number_unique_per_agency",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "state"]),
            models.Index(fields=["closed_on"]),
            # The supervision dashboard's three grouped passes (supervision.indicators.
            # case_figures): the cases filed, closed and decided in a period, answered from
            # the index alone on PostgreSQL (the columns the figures read are included).
            models.Index(
                fields=["agency", "filed_on"],
                include=["procedure", "state"],
                name="case_filed_figures",
            ),
            models.Index(
                fields=["agency", "closed_on"],
                include=["procedure"],
                name="case_closed_figures",
            ),
            models.Index(
                fields=["agency", "decided_on"],
                include=[
                    "procedure",
                    "outcome",
                    "proposed_penalty_kinds",
                    "mitigated",
                    "counted_inspection",
                    "confiscation_value_determined",
                    "proposed_fine",
                    "proposed_confiscation",
                    "amount_forgone",
                ],
                name="case_decided_figures",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CaseNumberCounter(models.Model):
    """The last number given per agency, procedure and year, so numbers have no gaps
    (the counter row is locked while a number is drawn)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "year"], name="case_number_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure} {self.year}: {self.last}"


class Party(RecordedModel, TimeStampedModel):
    """A party to a case (当事人): a natural person or an organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Natural person")
        ORGANISATION = "organisation", _("Organisation")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_minor = models.BooleanField(_("minor"), default=False)

    # The record holds these only as salted commitments (erasable personal data).
    ledger_personal_fields = ("name", "id_number", "phone", "address", "legal_representative")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.name


class CaseHandlerQuerySet(RecordedQuerySet):
    def active(self) -> CaseHandlerQuerySet:
        """Handlers currently on the case: not released and not recused (Art 43)."""
        return self.filter(released_on__isnull=True, recused=False)


class CaseHandler(RecordedModel, TimeStampedModel):
    """An officer handling a case (承办人)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead handler")  # 主办
        ASSISTANT = "assistant", _("Assisting handler")  # 协办

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="handlers"
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="case_handlings"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ASSISTANT)
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    recused = models.BooleanField(_("recused"), default=False)
    recusal_reason = models.TextField(_("recusal reason"), blank=True)

    objects = CaseHandlerQuerySet.as_manager()

    class Meta:
        verbose_name = _("case handler")
        verbose_name_plural = _("case handlers")
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"],
                condition=models.Q(released_on__isnull=True),
                name="case_handler_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.get_role_display()}"


class Recusal(RecordedModel, TimeStampedModel):
    """A recusal (回避) request or declaration, decided by the agency head (Art 43)."""

    class RequestedBy(models.TextChoices):
        PARTY = "party", _("The party")
        OFFICER = "officer", _("Another officer")
        SELF = "self", _("The officer themself")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="recusals"
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="recusals"
    )
    requested_by = models.CharField(_("requested by"), max_length=20, choices=RequestedBy.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.officer} · {self.get_decision_display()}"


class ClockSuspension(RecordedModel, TimeStampedModel):
    """A period not counted in the 90-day decision limit (行政处罚法 Art 60) or in a
    licensing period (行政许可法 Art 45): hearing, testing, announcement."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing")  # 听证
        TESTING = "testing", _("Testing, inspection or expert opinion")  # 检测检验鉴定
        ANNOUNCEMENT = "announcement", _("Announcement")  # 公告
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="suspensions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("clock suspension")
        verbose_name_plural = _("clock suspensions")
        ordering = ["case", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="clock_suspension_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"

    def days(self, today: datetime.date | None = None) -> int:
        """Calendar days suspended, counting both ends (an open one up to today)."""
        end = self.end or today or timezone.localdate()
        return max((end - self.start).days + 1, 0)


# Periods given to the party, not to the agency: the time to state, defend or request a
# hearing (行政处罚法 Art 44, 45, 64). When one runs out it lapses (the agency may then
# decide); it is never "overdue" and raises no reminder.
PARTY_PERIODS = ("defence", "hearing_request")


class DeadlineQuerySet(RecordedQuerySet):
    def open(self) -> DeadlineQuerySet:
        return self.filter(status=Deadline.Status.OPEN)

    def running(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Open deadlines the agency must still meet: lapsed party periods left out."""
        lapsed = Q(kind__in=PARTY_PERIODS, due__lt=today or timezone.localdate())
        return self.open().exclude(lapsed)

    def overdue(self, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Past due: on the day after ``due``, or from the exact moment ``due_at`` for a
        period counted in hours (行政强制法 Art 19: 24 hours)."""
        by_day = Q(due_at__isnull=True, due__lt=today or timezone.localdate())
        return self.filter(by_day | Q(due_at__lt=_moment(today)))

    def due_soon(self, days: int = 3, today: datetime.date | None = None) -> DeadlineQuerySet:
        """Not yet past, but due within ``days`` calendar days."""
        moment, today = _moment(today), today or timezone.localdate()
        soon = self.filter(due__gte=today, due__lte=today + datetime.timedelta(days=days))
        return soon.exclude(due_at__lt=moment)


def _moment(today: datetime.date | None) -> datetime.datetime:
    """Now, or the start of ``today`` when a day is given (tests, the daily task)."""
    if today is None:
        return timezone.now()
    midnight = datetime.datetime.combine(today, datetime.time.min)
    return timezone.make_aware(midnight)


class Deadline(RecordedModel, TimeStampedModel):
    """A statutory period running on a case, computed on the working-day calendar and
    stored with its explanation (start, rule and article, suspended days, due date)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("Cancelled")

    class Unit(models.TextChoices):
        WORKING = "working", _("working days")
        CALENDAR = "calendar", _("calendar days")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=40, help_text=_("The rule's code."))
    rule = models.CharField(_("rule"), max_length=200)
    article = models.CharField(_("article"), max_length=100)
    start = models.DateField(_("start"))
    days = models.PositiveIntegerField(_("period"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    extension_days = models.PositiveIntegerField(_("extension (days)"), default=0)
    suspended_days = models.PositiveIntegerField(_("suspended days"), default=0)
    due = models.DateField(_("due"), db_index=True)
    # Only for periods counted in hours (行政强制法 Art 19): the exact moment it runs out.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.due}"

    @property
    def label(self) -> str:
        """The rule in the reader's language: ``rule`` is stored in words at creation, in
        Chinese; the rule's own (translated) label is found by ``kind``."""
        rule = rules.PERIODS.get(self.kind)
        return str(rule.label) if rule is not None else self.rule

    @property
    def is_party_period(self) -> bool:
        return self.kind in PARTY_PERIODS

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        if self.due_at is not None:
            return self.status == self.Status.OPEN and self.due_at < _moment(today)
        past = self.status == self.Status.OPEN and self.due < (today or timezone.localdate())
        return past and not self.is_party_period

    @property
    def suspended_since(self) -> datetime.date | None:
        """The start of the case's clock suspension now running, for an open period that
        does not count suspended days (行政处罚法 Art 60, 行政许可法 Art 45); else None.
        Reads ``case.suspensions``: prefetch it to keep a page's queries bounded."""
        rule = rules.PERIODS.get(self.kind)
        if self.status != self.Status.OPEN or rule is None or not rule.suspendable:
            return None
        return min((s.start for s in self.case.suspensions.all() if s.end is None), default=None)

    @property
    def overdue_now(self) -> bool:
        """For templates: overdue at this moment."""
        return self.is_overdue()

    def is_lapsed(self, today: datetime.date | None = None) -> bool:
        """A party's period that ran out unused (not an overdue duty)."""
        past = self.status == self.Status.OPEN and self.due < (today or timezone.localdate())
        return past and self.is_party_period
