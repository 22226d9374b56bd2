"""Legal review of major decisions (法制审核), collective discussion (集体讨论) and the
legal qualification of reviewers.

Only ``reviews.services`` writes these tables; the case lifecycle calls those services as
effects of its actions (``cases.engine``), so state transitions stay in one place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.core.models import TimeStampedModel
from openenforce.ledger.recorded import RecordedModel, RecordedQuerySet
from openenforce.reviews.checklist import PointResult


class ReviewerQualification(RecordedModel, TimeStampedModel):
    """A reviewer's national legal professional qualification (国家统一法律职业资格).

    行政处罚法 Art 58 para 2: reviewers doing legal review for the first time must hold it.
    The system cannot tell a first-timer from a veteran without a record, so it demands a
    recorded qualification from every reviewer it assigns (see docs/reviews.md).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_qualification",
    )
    certificate_number = models.CharField(
        _("legal professional qualification certificate number"), max_length=40
    )
    obtained_on = models.DateField(_("obtained on"))
    first_review_on = models.DateField(
        _("first legal review on"),
        null=True,
        blank=True,
        help_text=_("Filled in when the reviewer completes their first review."),
    )

    ledger_personal_fields = ("certificate_number",)

    class Meta:
        verbose_name = _("reviewer qualification")
        verbose_name_plural = _("reviewer qualifications")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.certificate_number}"

    @property
    def agency_id(self) -> int | None:
        return self.user.agency_id


class LegalReviewQuerySet(RecordedQuerySet):
    def pending(self) -> LegalReviewQuerySet:
        """Submitted and not yet concluded."""
        return self.filter(outcome="")

    def for_reviewer(self, user) -> LegalReviewQuerySet:
        return self.filter(reviewer=user)


class LegalReview(RecordedModel, TimeStampedModel):
    """One round of legal review of a case's proposed decision (法制审核).

    A case is reviewed again, in a new round, after it returns from investigation.
    """

    class Outcome(models.TextChoices):
        AGREE = "agree", _("Agree")  # 同意
        AGREE_WITH_CHANGES = "agree_with_changes", _("Agree after changes")  # 修改后同意
        DISAGREE = "disagree", _("Disagree")  # 不同意
        RETURN = "return", _("Return for further investigation")  # 退回补充调查

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="legal_reviews"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    materials = models.JSONField(
        pgettext_lazy("legal review", "materials"), default=dict, blank=True
    )
    proposal = models.JSONField(
        _("proposal reviewed"),
        default=dict,
        blank=True,
        help_text=_("The proposed decision as submitted (or as confirmed after changes)."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_reviews",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    due_explanation = models.JSONField(_("how the due date was computed"), default=list)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=Outcome.choices, blank=True, db_index=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("legal review", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes_confirmed_at = models.DateTimeField(
        _("changes confirmed at"),
        null=True,
        blank=True,
        help_text=_("When the reviewer confirmed that the required changes were made."),
    )

    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("The case went back to investigation after this opinion: it no longer counts."),
    )

    objects = LegalReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        ordering = ["case", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="legal_review_round_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(outcome=""), name="legal_review_one_open"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "outcome", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case} · {self.round}"

    @property
    def agency_id(self) -> int:
        return self.case.agency_id

    @property
    def is_pending(self) -> bool:
        return self.outcome == ""

    @property
    def passed(self) -> bool:
        """Agreed, or agreed after changes that the reviewer confirmed were made, and not
        withdrawn by a later return to investigation."""
        if self.withdrawn_at:
            return False
        if self.outcome == self.Outcome.AGREE:
            return True
        return self.outcome == self.Outcome.AGREE_WITH_CHANGES and bool(self.changes_confirmed_at)


class ChecklistItem(RecordedModel):
    """One of the nine points of a review (``reviews.checklist.POINTS``) and its result."""

    review = models.ForeignKey(
        LegalReview, verbose_name=_("review"), on_delete=models.PROTECT, related_name="items"
    )
    point = models.CharField(_("point"), max_length=20)
    result = models.CharField(_("result"), max_length=4, choices=PointResult.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "point"], name="checklist_point_unique"),
            models.CheckConstraint(
                condition=models.Q(result__in=PointResult.values), name="checklist_result_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point}: {self.result}"

    @property
    def agency_id(self) -> int:
        return self.review.case.agency_id


class Conclusion(models.TextChoices):
    """What a collective discussion decides (行政处罚法 Art 57 para 1)."""

    AS_PROPOSED = "as_proposed", _("Decide as proposed")
    WITH_CHANGES = "with_changes", _("Decide with changes")
    NO_PENALTY = "no_penalty", _("No penalty")
    RETURN = "return", _("Return for further investigation")
    TRANSFER = "transfer", _("Transfer to the judiciary")


class CollectiveDiscussion(RecordedModel, TimeStampedModel):
    """A decision meeting of the agency's leaders (集体讨论, 行政处罚法 Art 57), presided
    over by the agency head; it settles a disagreement of the legal review (Art 58)."""

    Conclusion = Conclusion

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="collective_discussions",
    )
    review = models.ForeignKey(
        LegalReview,
        verbose_name=_("legal review discussed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discussions",
    )
    held_on = models.DateField(_("held on"))
    presided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.JSONField(
        _("attendees and their opinions"),
        default=list,
        help_text=_("A list of {name, position, opinion}."),
    )
    opinions = models.TextField(
        _("opinions"), blank=True, help_text=_("The opinions expressed, when not per attendee.")
    )
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    conclusion_text = models.TextField(_("conclusion in words"), blank=True)
    record = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("collective discussion")
        verbose_name_plural = _("collective discussions")
        ordering = ["case", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conclusion__in=Conclusion.values),
                name="discussion_conclusion_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.held_on}"

    @property
    def agency_id(self) -> int:
        return self.case.agency_id

    @property
    def allows_decision(self) -> bool:
        """Conclusions under which the agency may go on to decide (Art 57 para 1 items 1–3)."""
        return self.conclusion in {
            self.Conclusion.AS_PROPOSED,
            self.Conclusion.WITH_CHANGES,
            self.Conclusion.NO_PENALTY,
        }
