"""The evidence section of the case page: the items, who viewed them, and the add form."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.accounts.models import Role, User
from openenforce.cases import lifecycles
from openenforce.cases.models import Case
from openenforce.evidence import selectors, services
from openenforce.evidence.models import EvidenceKind


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    can_add = services.can_add_evidence(request.user, case)
    context = {
        "case": case,
        "items": [
            (item, selectors.step_label(case, item.step))
            for item in selectors.evidence_for_case(case)
        ],
        "views": selectors.views_for_case(case),
        "can_add": can_add,
    }
    if can_add:
        lifecycle = lifecycles.get(case.procedure)
        context |= {
            "kinds": EvidenceKind.choices,
            "steps": [(a.code, a.label) for a in lifecycle.actions] if lifecycle else [],
            # The officers of the agency, and the user (a head collecting in person).
            "collectors": User.objects.filter(agency_id=case.agency_id, is_active=True)
            .filter(Q(role_assignments__role=Role.OFFICER) | Q(pk=request.user.pk))
            .distinct()
            .order_by("username"),
            "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }
    return render_to_string("evidence/_panel.html", context, request=request)
