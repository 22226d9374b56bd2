"""The case page section of a drawn inspection: its plan, rank, inspectors and the
publication of its result (due within 20 working days, 国发〔2019〕5号)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.cases.models import Case
from openenforce.catalog.models import Officer
from openenforce.inspections.models import Task
from openenforce.inspections.selectors import task_row


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    """None unless the case carries a drawn task (the case page has scoped the case)."""
    if case.procedure != "inspection":
        return None  # no query for the other cases
    task = Task.objects.select_related("plan__agency", "target").filter(case=case).first()
    if task is None:
        return None
    row = task_row(task, timezone.localdate())
    context = {"row": row, "task": task, "inspectors": _inspector_names(task.inspectors)}
    return render_to_string("inspections/_case_panel.html", context, request=request)


def _inspector_names(ids: list[str]) -> list[str]:
    """The drawn inspectors by name and officer code (the draw stores "agency:code")."""
    pairs = [tuple(str(i).split(":", 1)) for i in ids if ":" in str(i)]
    wanted = Q()
    for agency_code, code in pairs:
        wanted |= Q(agency__code=agency_code, code=code)
    found = {}
    if pairs:
        rows = Officer.objects.filter(wanted).values_list("agency__code", "code", "name")
        found = {f"{a}:{c}": f"{name}（{c}）" for a, c, name in rows}
    return [found.get(str(i), str(i)) for i in ids]
