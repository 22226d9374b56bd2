"""``menu`` for the staff navigation (templates/base.html): whether the user has files to
evaluate now (an assignment in a campaign whose scoring is open: 我的评查案卷) and whether
they read the yearly appraisal (its supervisors, or an appraised agency's staff with a
confirmed scorecard: 评议考核). Both come from one query (two EXISTS), asked only when
the template reads either, and kept for the rest of the request."""

from __future__ import annotations

from functools import cached_property

from django.db.models import Exists, OuterRef
from django.http import HttpRequest


class Menu:
    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def _flags(self) -> tuple[bool, bool]:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False, False
        from openenforce.accounts.models import User
        from openenforce.appraisal import permissions as perms
        from openenforce.appraisal.models import Scheme, Scorecard
        from openenforce.evaluation.models import Assignment, Campaign

        assigned = Assignment.objects.filter(
            evaluator__user=OuterRef("pk"), sampled__campaign__status__in=Campaign.SCORING_STATES
        )
        confirmed = Scorecard.objects.filter(
            agency_id=OuterRef("agency_id"),
            status=Scorecard.Status.CONFIRMED,
            scheme__status=Scheme.Status.PUBLISHED,
        )
        row = (
            User.objects.filter(pk=user.pk)
            .annotate(assigned=Exists(assigned), confirmed=Exists(confirmed))
            .values_list("assigned", "confirmed")
            .first()
        )
        if row is None:
            return False, False
        return bool(row[0]), perms.is_manager(user) or bool(row[1])

    @property
    def evaluator(self) -> bool:
        """An assignment of the user's in a campaign drawn or being scored."""
        return self._flags[0]

    @property
    def appraisal(self) -> bool:
        """A supervisor (who runs the body's appraisal), or staff of an agency with a
        confirmed scorecard to read."""
        return self._flags[1]


def menu(request: HttpRequest) -> dict:
    found = getattr(request, "_openenforce_menu", None)
    if found is None:
        found = Menu(getattr(request, "user", None))
        if request is not None:
            request._openenforce_menu = found  # type: ignore[attr-defined]
    return {"menu": found}
