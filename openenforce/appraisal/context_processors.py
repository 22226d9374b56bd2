"""``menu`` for the staff navigation (templates/base.html): whether the user has files to
evaluate now (an assignment in a campaign whose scoring is open: 我的评查案卷) and whether
they read the yearly appraisal (its supervisors, or an appraised agency's staff with a
confirmed scorecard: 评议考核). Each is one query, asked only when the template reads
it, and kept for the rest of the request."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest


class Menu:
    def __init__(self, user) -> None:
        self.user = user

    def _active(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated and self.user.is_active)

    @cached_property
    def evaluator(self) -> bool:
        """An assignment of the user's in a campaign drawn or being scored."""
        if not self._active():
            return False
        from openenforce.evaluation.models import Assignment, Campaign

        return Assignment.objects.filter(
            evaluator__user=self.user, sampled__campaign__status__in=Campaign.SCORING_STATES
        ).exists()

    @cached_property
    def appraisal(self) -> bool:
        """A supervisor (who runs the body's appraisal), or staff of an agency with a
        confirmed scorecard to read."""
        if not self._active():
            return False
        from openenforce.appraisal import permissions as perms
        from openenforce.appraisal.models import Scheme, Scorecard

        if perms.is_manager(self.user):
            return True
        if self.user.agency_id is None:
            return False
        return Scorecard.objects.filter(
            agency_id=self.user.agency_id,
            status=Scorecard.Status.CONFIRMED,
            scheme__status=Scheme.Status.PUBLISHED,
        ).exists()


def menu(request: HttpRequest) -> dict:
    found = getattr(request, "_openenforce_menu", None)
    if found is None:
        found = Menu(getattr(request, "user", None))
        if request is not None:
            request._openenforce_menu = found  # type: ignore[attr-defined]
    return {"menu": found}
