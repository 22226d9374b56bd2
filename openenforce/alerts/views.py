"""Staff pages of the warnings (``/alerts/``): the list (filters: level, rule, status,
agency), one warning with its rule's basis, a link to its subject and the acknowledge and
resolve forms; and the rules with their levels, bases and parameters.

Lookups go through ``alerts.selectors`` (the user's agency; a supervisor reads the
supervised agencies' warnings but the forms are only for the warning's own agency);
changes through ``alerts.services``.
"""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.alerts import rules, selectors, services
from openenforce.alerts.forms import ReasonForm
from openenforce.alerts.models import LEVEL_ORDER, Level, Warning
from openenforce.core.pages import submit

# The rules' parameters by name, as the pages show them (the stored names are codes).
PARAMETER_LABELS = {
    "days": gettext_lazy("Days"),
    "days_beyond": gettext_lazy("Days beyond the period"),
    "lookback_days": gettext_lazy("Days looked back"),
    "grace_days": gettext_lazy("Days of grace"),
    "per_year": gettext_lazy("Inspections a year"),
    "count": gettext_lazy("Number of corrections"),
}


def parameter_rows(parameters: dict) -> list[tuple[str, object]]:
    """(label, value) for each parameter; a name without a label is shown as stored."""
    return [(str(PARAMETER_LABELS.get(name, name)), value) for name, value in parameters.items()]


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _agencies(user) -> list[Agency]:
    ids = visible_agency_ids(user)
    rows = Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)
    return list(rows.order_by("code"))


@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.filtered(selectors.warnings_for_user(_me(request)), request.GET)
    rows = rows.annotate(
        status_rank=Case(
            When(status=Warning.Status.OPEN, then=0),
            When(status=Warning.Status.ACKNOWLEDGED, then=1),
            default=2,
        ),
        level_rank=Case(
            *(When(level=level, then=rank) for level, rank in LEVEL_ORDER.items()), default=9
        ),
    ).order_by("status_rank", "level_rank", "-raised_on", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    agencies = _agencies(_me(request))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "total": page.paginator.count,
        "levels": Level.choices,
        "statuses": [("unresolved", _("Not resolved")), *Warning.Status.choices, ("all", _("All"))],
        "rule_choices": [(d.code, d.label) for d in rules.DEFINITIONS],
        "agencies": agencies if len(agencies) > 1 else [],
        "chosen": {
            "level": request.GET.get("level", ""),
            "rule": request.GET.get("rule", ""),
            "status": request.GET.get("status", "unresolved"),
            "agency": request.GET.get("agency", ""),
        },
        "query": query.urlencode(),
    }
    return render(request, "alerts/list.html", context)


@require_GET
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warning = selectors.get_warning_for_user(_me(request), pk)
    context = {
        "warning": warning,
        "rule_label": warning.rule.label,
        "may_act": services.may_act(_me(request), warning) and warning.is_open,
        "form": ReasonForm(),
        "parameters": parameter_rows(
            services.effective_parameters(warning.rule, warning.agency_id)
        ),
    }
    return render(request, "alerts/detail.html", context)


def _act(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    warning = selectors.get_warning_for_user(_me(request), pk)
    submit(
        request,
        ReasonForm(request.POST),
        lambda data: service(warning, actor=_me(request), reason=data["reason"]),
        success=success,
    )
    return redirect("alerts:detail", pk=warning.pk)


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.acknowledge, _("The warning was acknowledged."))


@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.resolve, _("The warning was resolved."))


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "rule": rule,
            "label": rule.label,
            "parameters": parameter_rows(rule.parameters),
            "own": [(row.agency, parameter_rows(row.parameters)) for row in own],
        }
        for rule, own in selectors.rules_for_user(_me(request))
    ]
    return render(request, "alerts/rules.html", {"rows": rows})
