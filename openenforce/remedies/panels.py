"""The remedies section of the case page: the case's reconsiderations and litigation with
their outcomes, the judiciary's acceptance of a case transferred to it, and, for those
who answer for the decision (``permissions.may_handle``), the forms to record them."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.accounts.models import User
from openenforce.cases.models import Case
from openenforce.remedies import selectors
from openenforce.remedies.models import Remedy
from openenforce.remedies.permissions import may_handle


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    """Shown once the case is decided (before, nothing can be challenged)."""
    if case.decided_on is None:
        return None
    remedies = list(selectors.remedies_for_case(case))
    transferred = case.outcome == Case.Outcome.TRANSFER_JUDICIARY
    context = {
        "case": case,
        "remedies": remedies,
        "transferred": transferred,
        "may_handle": isinstance(request.user, User) and may_handle(request.user, case),
        "kinds": Remedy.Kind.choices,
        "instances": Remedy.Instance.choices,
        "results": [c for c in Remedy.Result.choices if c[0]],
        "today": timezone.localdate().isoformat(),
        "has_first_judgment": any(
            r.kind == Remedy.Kind.LITIGATION and r.instance == Remedy.Instance.FIRST and r.result
            for r in remedies
        ),
    }
    return render_to_string("remedies/_panel.html", context, request=request)
