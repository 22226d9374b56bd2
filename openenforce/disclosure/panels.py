"""The publication section of the case page: the case's publications with their status,
due date and a link to the masking review (registered from ``DisclosureConfig.ready()``,
see ``extensions.py``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.cases.models import Case
from openenforce.disclosure.selectors import publications_for_user


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    items = list(publications_for_user(request.user).filter(case=case).order_by("id"))
    if not items:
        return None
    context = {"case": case, "items": items, "today": timezone.localdate()}
    return render_to_string("disclosure/panel.html", context, request=request)
