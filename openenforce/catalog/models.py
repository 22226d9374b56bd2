"""The catalogue an agency publishes before acting (事前公开).

Legal bases, enforcement matters with their discretion standards and service guides,
officers and their certificates, the random-inspection list, the audio/video recording
list and the major-decision review catalogue. Every row belongs to one agency and is
identified within it by a ``code``, which is how spreadsheets update entries.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency, Department
from openenforce.core.models import TimeStampedModel, yuan_field
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class EnforcementCategory(models.TextChoices):
    """Categories of enforcement action (行政执法类别)."""

    LICENSING = "licensing", _("Licensing")  # 行政许可
    PENALTY = "penalty", _("Penalty")  # 行政处罚
    COERCION = "coercion", _("Coercion")  # 行政强制
    INSPECTION = "inspection", _("Inspection")  # 行政检查
    LEVY = "levy", _("Levy and requisition")  # 行政征收征用
    CONFIRMATION = "confirmation", _("Confirmation")  # 行政确认
    PAYMENT = "payment", _("Payment")  # 行政给付
    AWARD = "award", _("Award")  # 行政奖励
    ADJUDICATION = "adjudication", _("Adjudication")  # 行政裁决
    OTHER = "other", _("Other")  # 其他


class PenaltyKind(models.TextChoices):
    """Kinds of administrative penalty (行政处罚法 Art 9)."""

    WARNING = "warning", _("Warning")  # 警告
    CRITICISM = "criticism", _("Notice of criticism")  # 通报批评
    FINE = "fine", _("Fine")  # 罚款
    CONFISCATE_GAINS = "confiscate_gains", _("Confiscation of illegal gains")  # 没收违法所得
    CONFISCATE_PROPERTY = "confiscate_property", _("Confiscation of illegal property")
    SUSPEND_LICENCE = "suspend_licence", _("Temporary suspension of a licence")  # 暂扣许可证件
    LOWER_QUALIFICATION = "lower_qualification", _("Lowering of qualification grade")
    REVOKE_LICENCE = "revoke_licence", _("Revocation of a licence")  # 吊销许可证件
    RESTRICT_OPERATION = "restrict_operation", _("Restriction of business activities")
    SUSPEND_BUSINESS = "suspend_business", _("Order to suspend production or business")
    CLOSURE = "closure", _("Order to close")  # 责令关闭
    RESTRICT_EMPLOYMENT = "restrict_employment", _("Restriction of employment")  # 限制从业
    DETENTION = "detention", _("Administrative detention")  # 行政拘留


class TimeLimitKind(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class CatalogEntry(RecordedModel, TimeStampedModel):
    """Common shape: owned by an agency, identified by a code unique within it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        SUSPENDED = "suspended", _("Suspended")
        REPEALED = "repealed", _("Repealed")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        abstract = True
        ordering = ["agency", "code"]


class EnforcementField(RecordedModel, TimeStampedModel):
    """An enforcement field (执法领域), e.g. civil affairs or education.

    Certificates list the fields an officer may enforce in; every matter belongs to one.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="fields"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("enforcement field")
        verbose_name_plural = _("enforcement fields")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="field_code_unique"),
            models.UniqueConstraint(fields=["agency", "name"], name="field_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class LegalBasis(CatalogEntry):
    """One provision of law (法律依据): the law, its article, and the text."""

    class Level(models.TextChoices):
        LAW = "law", _("Law")  # 法律
        ADMIN_REGULATION = "admin_regulation", _("Administrative regulation")  # 行政法规
        LOCAL_REGULATION = "local_regulation", _("Local regulation")  # 地方性法规
        DEPT_RULE = "dept_rule", _("Departmental rule")  # 部门规章
        LOCAL_RULE = "local_rule", _("Local government rule")  # 地方政府规章
        OTHER = "other", _("Other normative document")

    law_name = models.CharField(_("law"), max_length=200)
    article = models.CharField(_("article"), max_length=100)
    level = models.CharField(
        _("level of law"), max_length=30, choices=Level.choices, default=Level.LAW
    )
    text = models.TextField(pgettext_lazy("legal basis", "text"), blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)

    class Meta(CatalogEntry.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="legalbasis_code_unique")
        ]

    def __str__(self) -> str:
        return f"《{self.law_name}》{self.article}"


class Matter(CatalogEntry):
    """An entry of the enforcement matters list (行政执法事项清单) with its service guide."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=EnforcementCategory.choices)
    sub_item = models.CharField(_("sub-item"), max_length=200, blank=True)
    field = models.ForeignKey(
        EnforcementField,
        verbose_name=_("enforcement field"),
        on_delete=models.PROTECT,
        related_name="matters",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    bases = models.ManyToManyField(
        LegalBasis, verbose_name=_("legal bases"), blank=True, related_name="matters"
    )
    time_limit_days = models.PositiveIntegerField(_("time limit (days)"), null=True, blank=True)
    time_limit_kind = models.CharField(
        _("time limit counted in"),
        max_length=10,
        choices=TimeLimitKind.choices,
        default=TimeLimitKind.WORKING,
    )
    # Service guide (服务指南)
    applicable_to = models.TextField(_("who it applies to"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    materials = models.TextField(_("materials"), blank=True)
    procedure = models.TextField(_("procedure"), blank=True)
    fees = models.CharField(_("fees"), max_length=200, blank=True)
    office = models.CharField(_("office address"), max_length=200, blank=True)
    phone = models.CharField(_("consultation phone"), max_length=50, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=50, blank=True)
    remedy = models.TextField(_("remedy channels"), blank=True)

    class Meta(CatalogEntry.Meta):
        verbose_name = _("enforcement matter")
        verbose_name_plural = _("enforcement matters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="matter_code_unique")
        ]
        indexes = [models.Index(fields=["agency", "category"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DiscretionStandard(RecordedModel, TimeStampedModel):
    """One band of the discretion standard (裁量基准) of a matter; public by law (Art 34)."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="standards"
    )
    code = models.CharField(_("code"), max_length=40)
    circumstance = models.TextField(_("circumstance"))
    degree = models.CharField(_("degree"), max_length=50, blank=True)  # 轻微/一般/较重/严重
    penalty = models.TextField(_("penalty"))
    fine_min = yuan_field(_("minimum fine (yuan)"))
    fine_max = yuan_field(_("maximum fine (yuan)"))

    class Meta:
        verbose_name = _("discretion standard")
        verbose_name_plural = _("discretion standards")
        ordering = ["matter", "code"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "code"], name="standard_code_unique"),
            models.CheckConstraint(
                condition=models.Q(fine_min__isnull=True)
                | models.Q(fine_max__isnull=True)
                | models.Q(fine_min__lte=models.F("fine_max")),
                name="standard_fine_range",
                violation_error_message=_("The minimum fine may not exceed the maximum fine."),
            ),
        ]

    @property
    def agency_id(self) -> int:
        return self.matter.agency_id

    def __str__(self) -> str:
        return f"{self.matter.code}/{self.code} {self.degree}"

    def fine_range(self) -> str:
        """The fine band in yuan, e.g. "1,000 – 5,000", or "" when the band has no fine."""
        if self.fine_min is None and self.fine_max is None:
            return ""
        low = format_yuan(self.fine_min) if self.fine_min is not None else "0"
        high = format_yuan(self.fine_max) if self.fine_max is not None else "…"
        return f"{low} – {high}"


class Officer(CatalogEntry):
    """A person in the officer directory (执法人员名录)."""

    class Employment(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("Civil servant")  # 公务员
        PUBLIC_INSTITUTION = "public_institution", _("Public institution staff")  # 事业编制
        CONTRACT = "contract", _("Contract or temporary staff")  # 合同工/劳务派遣/临时

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    employment = models.CharField(
        _("employment"),
        max_length=30,
        choices=Employment.choices,
        default=Employment.CIVIL_SERVANT,
        help_text=_("Contract and temporary staff may never enforce (行政处罚法 Art 42)."),
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="officer_code_unique")
        ]

    ledger_personal_fields = ("name", "gender")

    def __str__(self) -> str:
        return self.name

    @property
    def may_enforce(self) -> bool:
        return self.employment != self.Employment.CONTRACT and self.status == self.Status.ACTIVE


class CertificateQuerySet(RecordedQuerySet):
    def valid_on(self, day: datetime.date) -> CertificateQuerySet:
        """Certificates that are genuine and in force on ``day``."""
        return self.filter(
            standing=Certificate.Standing.IN_FORCE, valid_from__lte=day, valid_to__gte=day
        )

    def expiring(self, day: datetime.date, within_days: int) -> CertificateQuerySet:
        """Certificates valid on ``day`` that expire within ``within_days`` of it."""
        return self.valid_on(day).filter(valid_to__lte=day + datetime.timedelta(days=within_days))


class Certificate(RecordedModel, TimeStampedModel):
    """An enforcement certificate (执法证). Its effective status is derived from the dates
    and its standing (suspension and revocation are events, recorded in its history)."""

    class Standing(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="certificates"
    )
    # Unique across agencies on purpose: the provincial government issues each number once,
    # and agencies must publish their officers' names and certificate numbers (事前公开), so
    # refusing a number registered elsewhere reveals nothing that is not already public.
    number = models.CharField(
        _("certificate number"),
        max_length=40,
        unique=True,
        error_messages={
            "unique": _(
                "This certificate number is already registered: each number is issued once."
            )
        },
    )
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    fields = models.ManyToManyField(
        EnforcementField, verbose_name=_("enforcement fields"), related_name="certificates"
    )
    area = models.CharField(_("enforcement area"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    standing = models.CharField(
        _("standing"), max_length=20, choices=Standing.choices, default=Standing.IN_FORCE
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_to")),
                name="certificate_validity_order",
                violation_error_message=_("The certificate cannot expire before it becomes valid."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def agency_id(self) -> int:
        return self.officer.agency_id

    def status_on(self, day: datetime.date | None = None) -> str:
        """The effective status on ``day`` (today in the agency's time zone by default)."""
        day = day or timezone.localdate()
        if self.standing == self.Standing.REVOKED:
            return self.Status.REVOKED
        if self.standing == self.Standing.SUSPENDED:
            return self.Status.SUSPENDED
        if day < self.valid_from:
            return self.Status.NOT_YET_VALID
        if day > self.valid_to:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class CertificateEvent(RecordedModel):
    """One event in a certificate's history, with its date and reason."""

    class Kind(models.TextChoices):
        EXAM_PASSED = "exam_passed", _("Qualification exam passed")
        ISSUED = "issued", _("Issued")
        ANNUAL_REVIEW = "annual_review", _("Annual review passed")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        REVOKED = "revoked", _("Revoked")
        RENEWED = "renewed", _("Renewed")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["certificate", "date", "id"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.get_kind_display()} {self.date}"

    @property
    def agency_id(self) -> int:
        return self.certificate.officer.agency_id


class RandomInspectionItem(CatalogEntry):
    """An entry of the random-inspection list (随机抽查事项清单)."""

    class Method(models.TextChoices):
        ON_SITE = "on_site", _("On-site inspection")
        DOCUMENTS = "documents", _("Document review")
        ONLINE = "online", _("Online monitoring")
        SAMPLING = "sampling", _("Sampling and testing")

    item = models.CharField(_("inspection item"), max_length=200)
    sub_item = models.CharField(_("sub-item"), max_length=200, blank=True)
    field = models.ForeignKey(
        EnforcementField,
        verbose_name=_("enforcement field"),
        on_delete=models.PROTECT,
        related_name="inspection_items",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("inspecting body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_items",
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_items",
    )
    basis = models.TextField(_("basis"))
    target_type = models.CharField(_("target type"), max_length=200)
    ratio_percent = models.DecimalField(_("ratio (%)"), max_digits=5, decimal_places=2)
    frequency = models.CharField(_("frequency"), max_length=100)
    method = models.CharField(
        pgettext_lazy("inspection", "method"),
        max_length=20,
        choices=Method.choices,
        default=Method.ON_SITE,
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("random-inspection item")
        verbose_name_plural = _("random-inspection list")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="inspection_item_code_unique"),
            models.CheckConstraint(
                condition=models.Q(ratio_percent__gt=0, ratio_percent__lte=100),
                name="inspection_item_ratio_range",
                violation_error_message=_("The ratio must be more than 0 and at most 100 percent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.item}"


class RecordingRequirement(CatalogEntry):
    """An entry of the audio/video recording list (音像记录事项清单)."""

    class Kind(models.TextChoices):
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Audio and video")
        WHOLE_PROCESS = "whole_process", _("Uninterrupted whole-process audio and video")

    class Step(models.TextChoices):
        ON_SITE_INSPECTION = "on_site_inspection", _("On-site inspection")
        EVIDENCE = "evidence", _("Evidence collection")
        HEARING = "hearing", _("Hearing")
        SERVICE_LEAVING = "service_leaving", _("Service by leaving")
        SERVICE_ANNOUNCEMENT = "service_announcement", _("Service by announcement")
        SEIZURE = "seizure", _("Seizure or detention of property")
        ENFORCEMENT = "enforcement", _("Compulsory enforcement")
        OTHER = "other", _("Other dispute-prone step")

    step = models.CharField(_("step"), max_length=30, choices=Step.choices)
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recording_requirements",
        help_text=_("Leave empty when the requirement applies to every matter."),
    )
    content = models.TextField(_("what to record"))
    occasion = models.TextField(_("occasion"), blank=True)
    recorder = models.CharField(_("recorder"), max_length=100, blank=True)
    kind = models.CharField(
        _("recording kind"), max_length=20, choices=Kind.choices, default=Kind.VIDEO
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = _("recording requirement")
        verbose_name_plural = _("recording list")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="recording_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_step_display()}"


class ReviewCatalogueEntry(CatalogEntry):
    """An entry of the major-decision review catalogue (重大执法决定法制审核目录清单).

    A decision is "major" when it meets any threshold of any entry that applies to it;
    thresholds are structured so the case workflow can evaluate them (行政处罚法 Art 58).
    """

    class Ground(models.TextChoices):
        PUBLIC_INTEREST = "public_interest", _("Involves major public interest")
        MAJOR_RIGHTS = "major_rights", _("Major rights of the party, after a hearing")
        COMPLEX = "complex", _("Difficult and complex, several legal relationships")
        LAW_REQUIRES = "law_requires", _("Required by law or regulation")
        OTHER = "other", _("Other, set by the agency")

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=EnforcementCategory.choices,
        default=EnforcementCategory.PENALTY,
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_entries",
        help_text=_("Leave empty to apply to every matter."),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    fine_threshold_person = yuan_field(_("fine threshold, natural person (yuan)"))
    fine_threshold_org = yuan_field(_("fine threshold, organisation (yuan)"))
    confiscation_threshold_person = yuan_field(_("confiscation threshold, natural person (yuan)"))
    confiscation_threshold_org = yuan_field(_("confiscation threshold, organisation (yuan)"))
    penalty_kinds = models.JSONField(
        _("penalty kinds"),
        default=list,
        blank=True,
        help_text=_("Any of these penalty kinds makes the decision major."),
    )
    hearing_held = models.BooleanField(_("a hearing was held"), default=False)
    departs_from_standard = models.BooleanField(
        _("departs from the discretion standard"), default=False
    )
    head_referral = models.BooleanField(_("referred by the agency head"), default=False)
    basis = models.TextField(_("basis"), blank=True)

    class Meta(CatalogEntry.Meta):
        verbose_name = _("review catalogue entry")
        verbose_name_plural = _("review catalogue")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="review_entry_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def threshold_descriptions(self) -> list[str]:
        """The thresholds in words, e.g. "Fine ≥ 10,000 yuan (natural person)"."""
        amounts = (
            (self.fine_threshold_person, gettext("Fine ≥ %(amount)s yuan (natural person)")),
            (self.fine_threshold_org, gettext("Fine ≥ %(amount)s yuan (organisation)")),
            (
                self.confiscation_threshold_person,
                gettext("Confiscation ≥ %(amount)s yuan (natural person)"),
            ),
            (
                self.confiscation_threshold_org,
                gettext("Confiscation ≥ %(amount)s yuan (organisation)"),
            ),
        )
        lines = [text % {"amount": format_yuan(value)} for value, text in amounts if value]
        kinds = [str(PenaltyKind(k).label) for k in self.penalty_kinds if k in PenaltyKind.values]
        if kinds:
            lines.append(
                gettext("Penalty: %(kinds)s") % {"kinds": pgettext("list", ", ").join(kinds)}
            )
        flags = (
            (self.hearing_held, gettext("A hearing was held")),
            (self.departs_from_standard, gettext("Departs from the discretion standard")),
            (self.head_referral, gettext("Referred by the agency head")),
        )
        lines.extend(text for flag, text in flags if flag)
        return lines


def format_yuan(amount) -> str:
    """An amount of yuan with thousands separators and no needless decimals: 10,000."""
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"
