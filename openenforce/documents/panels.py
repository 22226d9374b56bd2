"""The documents section of the case page: the case's documents (with superseded ones
marked), links to view, download and correct them, and the issue form's type choice.

The agency's staff and its supervisors see the links to the content; only the agency's
officers and heads (and reviewers, for their opinion) may issue or correct.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from openenforce.accounts.permissions import may_read_content
from openenforce.cases.models import Case
from openenforce.cases.permissions import may_read_case
from openenforce.documents import selectors, services
from openenforce.documents.models import DocType

# The document most likely wanted next, by the case's state.
SUGGESTED = {
    "lead": DocType.FILING_APPROVAL,
    "investigation": DocType.INSPECTION_RECORD,
    "report": DocType.PRIOR_NOTICE,
    "legal_review": DocType.LEGAL_REVIEW_OPINION,
    "collective_discussion": DocType.COLLECTIVE_DISCUSSION,
    "notified": DocType.PENALTY_DECISION,
    "hearing": DocType.HEARING_NOTICE,
    "decided": DocType.PROOF_OF_SERVICE,
    "execution": DocType.CLOSING_REPORT,
    "task": DocType.INSPECTION_RECORD,
    "inspected": DocType.INSPECTION_RESULT,
    "rectification": DocType.RECTIFICATION_ORDER,
    "under_review": DocType.LICENSING_DECISION,
    "proposed": DocType.SEIZURE_DECISION,
}


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    user = request.user
    context = {
        "case": case,
        "documents": selectors.documents_for_case(case),
        # The agency's staff and supervisors, and an evaluator assigned the case.
        "show_content": may_read_content(user, case.agency_id) or may_read_case(user, case),
        "may_issue": case.state != "archived" and services.can_issue_for_case(user, case),
        "types": DocType.choices,
        "suggested": SUGGESTED.get(case.state, ""),
    }
    return render_to_string("documents/panel.html", context, request=request)
