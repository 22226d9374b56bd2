"""The case page section of a drawn inspection: its plan, rank, inspectors and the
publication of its result (due within 20 working days, 国发〔2019〕5号)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from openenforce.cases.models import Case
from openenforce.inspections.models import Task
from openenforce.inspections.selectors import inspector_names, task_row


def case_panel(request: HttpRequest, case: Case) -> SafeString | None:
    """None unless the case carries a drawn task (the case page has scoped the case)."""
    if case.procedure != "inspection":
        return None  # no query for the other cases
    task = Task.objects.select_related("plan__agency", "target").filter(case=case).first()
    if task is None:
        return None
    row = task_row(task, timezone.localdate())
    context = {"row": row, "task": task, "inspectors": inspector_names(task.inspectors)}
    return render_to_string("inspections/_case_panel.html", context, request=request)
