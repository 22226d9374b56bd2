"""The party's section of the staff case page (what the party filed online, and how often
they opened their page), and the party's step on the stepper."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from openenforce.accounts.models import User
from openenforce.accounts.permissions import is_staff_of
from openenforce.cases.models import Case
from openenforce.partyaccess.models import AccessEvent, Submission


def party_steps(case: Case) -> list[tuple[str, str]]:
    """What the party did online, placed under the prior notice's step ("notified")."""
    steps = []
    for submission in case.party_submissions.order_by("submitted_at"):
        day = timezone.localdate(submission.submitted_at).isoformat()
        if submission.kind == Submission.Kind.HEARING:
            steps.append(
                ("notified", _("Party requested a hearing online (%(day)s)") % {"day": day})
            )
        else:
            steps.append(("notified", _("Party filed a statement online (%(day)s)") % {"day": day}))
    return steps


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    # One query for a case the party never opened (nothing can be filed without opening).
    opened = AccessEvent.objects.filter(case=case, action=AccessEvent.Action.OPENED)
    last_opened = opened.order_by("-at").first()
    if last_opened is None:
        return None
    user = request.user
    context = {
        "submissions": list(case.party_submissions.prefetch_related("files__blob")),
        "opened": opened.count(),
        "last_opened": last_opened,
        "show_personal": isinstance(user, User)
        and (user.is_superuser or is_staff_of(user, case.agency_id)),
    }
    return render_to_string("partyaccess/panel.html", context, request=request)
