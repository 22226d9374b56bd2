"""The service section of the case page: each issued document's service status, the time
limits running from its service with their explanations, and (for the agency's officers
and heads) a form to record service by one of the methods."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.accounts.permissions import is_staff_of
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.deliveries import rules, selectors, services
from openenforce.deliveries.models import Delivery, ElectronicConsent

# Proof a method may carry besides what it needs (the name on a postal return slip).
OPTIONAL = {rules.DIRECT: ("address",), rules.POST: ("address", "signed_by")}


def method_forms() -> list[dict]:
    """Each method with the proof fields it asks for (label, name, input type, required)."""
    found = []
    for method in rules.METHODS.values():
        names = [*method.proof, *method.one_of, *OPTIONAL.get(method.code, ())]
        fields = [
            {
                "name": name,
                "label": Delivery._meta.get_field(name).verbose_name,
                "type": "date" if name == "consent_on" else "text",
                "required": name in method.proof,
            }
            for name in dict.fromkeys(names)
        ]
        found.append(
            {
                "code": method.code,
                "label": method.label,
                "article": cite(method.article),
                "served_on_label": method.served_on_label,
                "fields": fields,
            }
        )
    return found


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    rows = selectors.service_for_case(case)
    if not rows:
        return None
    user = request.user
    context = {
        "case": case,
        "rows": rows,
        "show_personal": user.is_superuser or is_staff_of(user, case.agency_id),
        "may_serve": services.can_serve(user, case.agency_id, case),
        "methods": method_forms(),
        "today": timezone.localdate(),
        "recipient": getattr(case.parties.order_by("pk").first(), "name", ""),
        "consent": services.consent_for(case),
        "channels": ElectronicConsent.Channel.choices,
        "art61": cite("行政处罚法 Art 61"),
    }
    return render_to_string("deliveries/panel.html", context, request=request)
