"""The reviews app's pages of the case file (卷宗), registered with ``cases.registry``:
each legal review round's opinion (法制审核意见书: the evidence submitted, reviewer,
outcome, reasons, the nine points) and each collective discussion's record (集体讨论记录). They sit in the case
file's review section, after the investigation report and before the prior notice
(docs/casefiles.md, "Order of the case file")."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from openenforce.reviews.checklist import point_label
from openenforce.reviews.models import CollectiveDiscussion, LegalReview


def moment(value: datetime.datetime | None) -> str:
    """A local time with its offset, e.g. ``2026-11-20 10:00 +08:00``."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%Y-%m-%d %H:%M} {local.isoformat()[-6:]}"


def _person(user) -> str:
    return str(user) if user is not None else ""


def _review(review: LegalReview) -> dict:
    fields = [
        (_("Round"), str(review.round)),
        (_("Submitted at"), moment(review.submitted_at)),
        (_("Submitted by"), _person(review.submitted_by)),
        (_("Evidence list"), str(review.materials.get("evidence_list", ""))),
        (_("Reviewer"), _person(review.reviewer)),
        (_("Opinion"), review.get_outcome_display()),
        (_("Reasons"), review.reasons),
        (_("Reviewed at"), moment(review.decided_at)),
    ]
    if review.changes_confirmed_at:
        fields.append((_("Changes confirmed at"), moment(review.changes_confirmed_at)))
    if review.withdrawn_at:
        fields.append((_("Withdrawn at"), moment(review.withdrawn_at)))
    rows = [
        [point_label(item.point), item.get_result_display(), item.note]
        for item in review.items.all()
    ]
    record = {
        "section": "review",
        "rank": 0,
        "when": review.submitted_at,
        "title": _("Legal review opinion (round {round})").format(round=review.round),
        "fields": [(label, text) for label, text in fields if text],
    }
    if rows:
        record["table"] = {"columns": [_("Review point"), _("Result"), _("Note")], "rows": rows}
    return record


def _discussion(discussion: CollectiveDiscussion) -> dict:
    fields = [
        (_("Held on"), discussion.held_on.isoformat()),
        (_("Presided by"), _person(discussion.presided_by)),
        (_("Opinions"), discussion.opinions),
        (_("Conclusion"), discussion.get_conclusion_display()),
        (_("Conclusion in words"), discussion.conclusion_text),
        (_("Minutes"), discussion.record),
        (_("Recorded by"), _person(discussion.recorded_by)),
    ]
    attendees = [
        [str(a.get("name", "")), str(a.get("position", "")), str(a.get("opinion", ""))]
        for a in discussion.attendees
        if isinstance(a, dict)
    ]
    record = {
        "section": "review",
        "rank": 1,
        "when": discussion.held_on,
        "title": _("Collective discussion record"),
        "fields": [(label, text) for label, text in fields if text],
    }
    if attendees:
        record["table"] = {
            "columns": [_("Attendee"), _("Position"), _("Opinion expressed")],
            "rows": attendees,
        }
    return record


def casefile_records(case) -> list[dict]:
    """The review opinions and collective discussion records of ``case``, oldest first."""
    reviews = (
        LegalReview.objects.filter(case=case)
        .exclude(outcome="")
        .select_related("submitted_by", "reviewer")
        .prefetch_related("items")
        .order_by("round")
    )
    discussions = (
        CollectiveDiscussion.objects.filter(case=case)
        .select_related("presided_by", "recorded_by")
        .order_by("held_on", "id")
    )
    return [*(_review(r) for r in reviews), *(_discussion(d) for d in discussions)]
