"""The case-file section of the case page: for a closed or archived case, buttons to
download the one PDF and the verifiable package, and the exports made so far."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from openenforce.casefiles.models import CaseFileExport
from openenforce.casefiles.services import EXPORTABLE_STATES
from openenforce.cases.models import Case


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    if case.state not in EXPORTABLE_STATES:
        return None
    exports = CaseFileExport.objects.filter(case=case).select_related("created_by")[:20]
    context = {"case": case, "exports": exports, "kinds": CaseFileExport.Kind.choices}
    return render_to_string("casefiles/panel.html", context, request=request)
