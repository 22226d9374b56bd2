"""Double random, one public (双随机、一公开): registries, plans, draws and tasks.

The target registry (检查对象名录库) lists the entities an agency may inspect; the
inspector registry (执法检查人员名录库) is derived from the officer directory
(catalog.Officer with certificates) minus the periods an officer is unavailable. A plan
(抽查计划) names random-inspection items (one list), its scope and ratios; it is announced
with a commitment to the seed, then drawn; each drawn target becomes a task with its
inspectors and an inspection case. ``docs/inspections.md`` describes the whole flow.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency
from openenforce.catalog.models import Officer, RandomInspectionItem
from openenforce.core.models import TimeStampedModel
from openenforce.inspections import draw
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet


class RiskGrade(models.TextChoices):
    """Credit / risk grades: A is the best credit (lowest risk), D the worst."""

    A = "A", _("A (good credit, low risk)")
    B = "B", _("B (fair)")
    C = "C", _("C (poor)")
    D = "D", _("D (bad credit, high risk)")


class Target(RecordedModel, TimeStampedModel):
    """One entry of the target registry, identified by its unified social credit code."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")  # 企业
        INDIVIDUAL = "individual", _("Individual business")  # 个体工商户
        COOPERATIVE = "cooperative", _("Farmers' cooperative")  # 农民专业合作社
        SOCIAL = "social", _("Social organisation")  # 社会组织
        INSTITUTION = "institution", _("Public institution")  # 事业单位
        OTHER = "other", _("Other")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="targets"
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    risk_grade = models.CharField(
        _("risk grade"), max_length=1, choices=RiskGrade.choices, default=RiskGrade.B
    )
    abnormal = models.BooleanField(_("on the abnormal-operation list"), default=False)
    complaints = models.PositiveIntegerField(_("complaints"), default=0)
    active = models.BooleanField(_("in the registry"), default=True)

    # An individual business (个体工商户) is often known by its owner's name.
    ledger_personal_fields = ("name", "address")

    class Meta:
        verbose_name = _("inspection target")
        verbose_name_plural = _("target registry")
        ordering = ["agency", "credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "credit_code"], name="target_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"

    @property
    def is_natural_person(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL


class Absence(RecordedModel, TimeStampedModel):
    """A period in which an officer is not available for drawn inspections."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="absences"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")
        ordering = ["officer", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="absence_order",
                violation_error_message=_("The period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.starts_on}–{self.ends_on}"


class Conflict(RecordedModel, TimeStampedModel):
    """A declared conflict of interest: the officer never inspects this target (Art 43)."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="conflicts"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        constraints = [
            models.UniqueConstraint(fields=["officer", "target"], name="conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.officer} × {self.target.credit_code}"


class PlanQuerySet(RecordedQuerySet):
    def public(self) -> PlanQuerySet:
        """Plans the portal shows: announced or later."""
        return self.exclude(status=Plan.Status.DRAFT)


class CommittedDraw(models.Model):
    """What an ``oe-draw/1`` draw keeps (docs/draws.md), for any model drawn with it (an
    inspection plan, an evaluation campaign): the lists and parameters frozen at
    announcement with the commitment to a secret seed, then the revealed seed's result."""

    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    # Commit, then reveal: the seed stays here, unpublished, until the draw.
    seed = models.CharField(max_length=64, blank=True, editable=False)
    seed_commitment = models.CharField(_("seed commitment"), max_length=64, blank=True)
    parameters = models.JSONField(_("draw parameters"), default=dict, blank=True)
    parameters_sha256 = models.CharField(_("parameters digest"), max_length=64, blank=True)
    targets_text = models.TextField(blank=True, editable=False)
    inspectors_text = models.TextField(blank=True, editable=False)
    exclusions_text = models.TextField(blank=True, editable=False)
    result_text = models.TextField(blank=True, editable=False)
    result_sha256 = models.CharField(_("result digest"), max_length=64, blank=True)
    #: ``oe-draw/2`` (docs/draws.md §1): each independent party's share of the seed —
    #: ``{party: {"commitment", "committed_at", "reveal", "revealed_at"}}``; the commitment
    #: before the announcement, the reveal after it was witnessed. The drawing agency's own
    #: share is ``seed``/``seed_commitment``.
    seed_shares = models.JSONField(_("seed shares"), default=dict, blank=True)

    # The frozen lists and the result: megabytes for a city's draw (bench/evaluation.py).
    # Lists, to-do entries and pages that do not show them defer them: ``.defer(*X.large())``
    # on the model's own query, ``.defer(*X.large("path__"))`` through a select_related.
    LARGE_FIELDS = ("targets_text", "inspectors_text", "exclusions_text", "result_text")

    class Meta:
        abstract = True

    @classmethod
    def large(cls, path: str = "") -> list[str]:
        return [path + name for name in cls.LARGE_FIELDS]

    def commit(self, data: draw.DrawInput, seed: bytes) -> None:
        """Freeze ``data`` (checked by the caller) and the secret ``seed`` it commits to."""
        self.parameters = data.parameters()
        self.parameters_sha256 = draw.parameters_digest(self.parameters)
        self.seed, self.seed_commitment = seed.hex(), draw.seed_commitment(seed)
        self.targets_text = data.targets.decode()
        self.inspectors_text = data.inspectors.decode()
        self.exclusions_text = data.exclusions.decode()
        self.announced_at = timezone.now()

    @property
    def draw_id(self) -> str:
        """The identifier the draw parameters name (each drawn model says its own)."""
        raise NotImplementedError

    @property
    def own_party(self) -> str:
        """The drawing agency's name among the seed's parties (``oe-draw/2``)."""
        raise NotImplementedError

    def draw_input(self) -> draw.DrawInput:
        """The committed inputs, as frozen at announcement."""
        commitments = self.parameters.get("commitments", {})
        return draw.DrawInput(
            plan=self.parameters.get("plan", self.draw_id),
            targets=self.targets_text.encode(),
            inspectors=self.inspectors_text.encode(),
            exclusions=self.exclusions_text.encode(),
            ratios=self.parameters.get("ratios", {}),
            quotas=self.parameters.get("quotas", {}),
            seed_commitment="" if commitments else self.seed_commitment,
            commitments=commitments,
            delay_seconds=int(self.parameters.get("delay_seconds", 0)),
        )

    def reveals(self) -> dict[str, bytes]:
        """The reveals made so far (``oe-draw/2``): the independent parties' and, once
        drawn, the agency's own."""
        out = {
            party: bytes.fromhex(share["reveal"])
            for party, share in self.seed_shares.items()
            if share.get("reveal")
        }
        if self.drawn_at is not None and self.parameters.get("commitments"):
            out[self.own_party] = bytes.fromhex(self.seed)
        return out

    def seed_material(self) -> bytes | dict[str, bytes]:
        """What the draw runs on: the seed (``oe-draw/1``) or every party's reveal, the
        agency's own included (``oe-draw/2``)."""
        if not self.parameters.get("commitments"):
            return bytes.fromhex(self.seed)
        return {**self.reveals(), self.own_party: bytes.fromhex(self.seed)}

    def drawn_seed(self) -> bytes | None:
        """The seed the draw ran on (derived from the reveals for ``oe-draw/2``)."""
        if self.drawn_at is None:
            return None
        material = self.seed_material()
        return draw.derive_seed(material) if isinstance(material, dict) else material

    def reveal(self) -> draw.DrawResult:
        """Run the draw with the kept seed (and the parties' reveals) and keep its result
        (``draw.DrawError`` if the committed inputs cannot be drawn)."""
        result = draw.run_draw(self.draw_input(), self.seed_material())
        self.result_text = result.text().decode()
        self.result_sha256 = result.digest()
        self.drawn_at = timezone.now()
        return result


class Plan(CommittedDraw, RecordedModel, TimeStampedModel):
    """A random-inspection plan (抽查计划) and its draw (commit, then reveal)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ANNOUNCED = "announced", _("Announced; draw pending")
        DRAWN = "drawn", _("Drawn")

    agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="plans"
    )
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(pgettext_lazy("inspection plan", "title"), max_length=200)
    frequency = models.CharField(_("frequency"), max_length=100)
    period_start = models.DateField(_("inspections from"))
    period_end = models.DateField(_("inspections until"))
    scope = models.JSONField(
        _("scope"),
        default=dict,
        blank=True,
        help_text=_("Target types, industries and regions drawn from; empty means all."),
    )
    ratios = models.JSONField(
        _("ratios by risk grade"),
        default=dict,
        help_text=_("Percent of each grade's targets drawn, in basis points (20% = 2000)."),
    )
    complaints_threshold = models.PositiveIntegerField(
        _("complaints that raise the risk grade"), default=3
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("random-inspection plan")
        verbose_name_plural = _("random-inspection plans")
        ordering = ["-period_start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="plan_code_unique"),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="plan_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def own_party(self) -> str:
        return self.agency.code

    @property
    def is_joint(self) -> bool:
        """Joint (联合抽查): items of more than one department or agency."""
        bodies = {(pi.item.agency_id, pi.item.department_id) for pi in self.plan_items.all()}
        return len(bodies) > 1

    @property
    def draw_id(self) -> str:
        """The plan's identifier in the draw parameters: ``agency code/plan code``."""
        return f"{self.agency.code}/{self.code}"


class PlanItem(RecordedModel):
    """One random-inspection item of a plan; its officers form one inspector group."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_items")
    item = models.ForeignKey(
        RandomInspectionItem,
        verbose_name=_("random-inspection item"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    quota = models.PositiveSmallIntegerField(_("inspectors per target"), default=2)
    lead = models.BooleanField(_("lead item"), default=False)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["-lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "item"], name="plan_item_unique"),
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="plan_item_quota"),
        ]

    def __str__(self) -> str:
        return self.group

    @property
    def group(self) -> str:
        """The inspector group of this item in the draw: ``agency code/item code``."""
        return f"{self.item.agency.code}/{self.item.code}"


class JointConsent(RecordedModel, TimeStampedModel):
    """Another agency's consent to take part in a joint plan (联合抽查): without it, no
    officer of that agency is enlisted. A plan's lead agency commits only its own staff;
    the departments taking part plan a joint inspection together (国发〔2019〕5号)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consents")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent to a joint plan")
        verbose_name_plural = _("consents to joint plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="joint_consent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.agency}"


class Task(RecordedModel, TimeStampedModel):
    """One drawn target with its inspectors, and the inspection case that carries it out."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="tasks"
    )
    rank = models.PositiveIntegerField(_("rank in the draw"))
    stratum = models.CharField(_("stratum"), max_length=20)
    inspectors = models.JSONField(_("inspectors"), default=list)  # inspector ids, draw order
    officers = models.ManyToManyField(Officer, related_name="inspection_tasks", blank=True)
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("inspection case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_task",
    )

    class Meta:
        verbose_name = _("inspection task")
        verbose_name_plural = _("inspection tasks")
        ordering = ["plan", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "target"], name="task_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} #{self.rank} {self.target.credit_code}"
