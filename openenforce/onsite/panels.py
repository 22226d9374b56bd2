"""The case page section of on-site work: what the field app sent for the case, each with
its device digest, and the signed versions (the party's signature or refusal)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from openenforce.cases.models import Case
from openenforce.onsite.models import Submission


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    """None unless something was sent from the field for this case (or opened it)."""
    rows = list(
        Submission.objects.filter(Q(case=case) | Q(result_case=case))
        .select_related("signature", "document")
        .order_by("device_seq", "pk")[:50]
    )
    if not rows:
        return None
    return render_to_string("onsite/_case_panel.html", {"rows": rows}, request=request)
