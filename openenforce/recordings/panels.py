"""The recordings section of the case page: which steps the recording list requires a
recording of and whether each has one, the recordings with their players, the recorded
reasons, and (for the agency's officers and heads) the forms to add either."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.catalog.models import Officer
from openenforce.recordings import permissions as perms
from openenforce.recordings import requirements, selectors
from openenforce.recordings.models import Device


def _step_choices(case: Case, statuses) -> tuple[list, list]:
    """(every step of the procedure, the required ones first) and the steps a reason
    may be given for (those of the recording list)."""
    lifecycle = lifecycles.get(case.procedure)
    actions = list(lifecycle.actions) if lifecycle else []
    required = [s.code for s in statuses]
    ordered = sorted(actions, key=lambda a: (a.code not in required, actions.index(a)))
    steps = [(a.code, str(a.label)) for a in ordered]
    mapped = requirements.gated_action_codes()
    waivable = [(code, label) for code, label in steps if code in mapped]
    return steps, waivable


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    user = request.user
    recordings = list(selectors.recordings_for_case(case))
    waivers = list(selectors.waivers_for_case(case))
    statuses = selectors.step_statuses(case, recordings=recordings, waivers=waivers)
    lifecycle = lifecycles.get(case.procedure)
    labels = {a.code: str(a.label) for a in lifecycle.actions} if lifecycle else {}
    terminal = lifecycle is not None and lifecycle.state(case.state).terminal
    may_add = perms.can_add_recordings(user, case) and not terminal
    context = {
        "case": case,
        "statuses": statuses,
        "recordings": [(r, labels.get(r.step, r.step)) for r in recordings],
        "waivers": [(w, labels.get(w.step, w.step)) for w in waivers],
        "may_add": may_add,
    }
    if may_add:
        steps, waivable = _step_choices(case, statuses)
        now = timezone.localtime().replace(second=0, microsecond=0)
        officers = list(
            Officer.objects.filter(agency_id=case.agency_id, status=Officer.Status.ACTIVE)
            .only("pk", "code", "name", "user_id")
            .order_by("code")
        )
        context |= {
            "steps": steps,
            "waivable": waivable,
            "devices": Device.objects.filter(
                agency_id=case.agency_id, status=Device.Status.IN_SERVICE
            ).order_by("code"),
            "officers": officers,
            "own_officer": next((o for o in officers if o.user_id == user.pk), None),
            "now": now.strftime("%Y-%m-%dT%H:%M"),
            "accept": ",".join(sorted({"audio/*", "video/*", ".webm", ".wav", ".mp4"})),
        }
    return render_to_string("recordings/_panel.html", context, request=request)
