"""The dashboard (``/supervision/``) and its drill-down lists, with their Excel exports.

Every page is scoped: the figures of the agencies the user may read (their own; for a
supervisor, also those their justice bureau supervises), narrowed to one agency, one
department or one officer from the picker. An agency, department or officer outside the
user's scope answers 404.
"""

from __future__ import annotations

import datetime
import itertools
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openenforce.accounts.models import Department, Role
from openenforce.accounts.permissions import visible_agency_ids
from openenforce.catalog.models import Officer, PenaltyKind
from openenforce.core.params import parse_id
from openenforce.remedies.models import Remedy
from openenforce.supervision import charts, drills
from openenforce.supervision import indicators as ind

MAX_DAYS = 366 * 5  # a period of at most five years
PAGE_SIZE = 50


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def period_from(query, today: datetime.date) -> ind.Period:
    """``from`` and ``to`` (ISO dates); the current year by default; a reversed or too long
    period falls back to the default too."""
    start, end = _date(query.get("from", "")), _date(query.get("to", ""))
    year = ind.Period.year(today.year)
    start, end = start or year.start, end or year.end
    if end < start or (end - start).days > MAX_DAYS:
        return year
    return ind.Period(start, end)


def scope_from(query, user) -> ind.Scope:
    return ind.scope_for(
        user,
        agency=parse_id(query.get("agency")),
        department=parse_id(query.get("department")),
        officer=parse_id(query.get("officer")),
    )


def _params(query) -> dict[str, str]:
    """The picker's values, to carry into the drill-down links."""
    return {k: query[k] for k in ("from", "to", "agency", "department", "officer") if query.get(k)}


def drill_url(kind: str, params: dict, key: str = "", **extra) -> str:
    query = {**params, **({"key": key} if key else {}), **extra}
    url = reverse("supervision:list", args=[kind])
    return f"{url}?{urlencode(query)}" if query else url


def picker(user, scope: ind.Scope) -> dict:
    """The agencies, departments and officers the user may pick from."""
    visible = visible_agency_ids(user)
    agencies = ind.agencies_in(ind.Scope(None if visible is None else frozenset(visible)))
    departments = Department.objects.select_related("agency").order_by("agency__name", "name")
    officers = Officer.objects.filter(status=Officer.Status.ACTIVE).order_by("agency_id", "code")
    if visible is not None:
        departments = departments.filter(agency_id__in=visible)
        officers = officers.filter(agency_id__in=visible)
    return {
        "agencies": list(agencies.values("pk", "name")),
        "departments": list(departments.values("pk", "name", "agency__name")),
        "officers": list(officers.values("pk", "name", "code")),
    }


def dashboard_context(user, query, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    period = period_from(query, today)
    scope = scope_from(query, user)
    params = _params(query)
    data = ind.dashboard(scope, period, today)
    # Agencies side by side: for a supervisor (each supervised agency), or several agencies.
    compare = user.has_role(Role.SUPERVISOR) or len(_agency_ids(scope)) > 1
    side_by_side = data["by_agency"] if compare else []
    rows = figures(data, params)
    return {
        "period": period,
        "scope": scope,
        "params": params,
        "query": query,
        "data": data,
        "rows": rows,
        "totals": totals(data, params),
        "side_by_side": [agency_row(row, params) for row in side_by_side],
        "charts": charts.dashboard_charts(data, side_by_side, params),
        "picker": picker(user, scope),
        "today": today,
    }


def totals(data: dict, params: dict) -> dict:
    """The key figures above the charts, each with its drill-down."""
    by_procedure = data["cases"].values()
    return {
        "filed": sum(c["filed"] for c in by_procedure),
        "filed_url": drill_url("filed", params),
        "closed": sum(c["closed"] for c in by_procedure),
        "closed_url": drill_url("closed", params),
        "decided": sum(data["decisions"]["by_outcome"].values()),
        "decided_url": drill_url("decided", params),
        "fines_url": drill_url("penalties", params, "fine"),
        "overdue_url": drill_url("deadlines", params, "overdue"),
        "certified_url": drill_url("officers", params, "certified"),
    }


def agency_row(row: dict, params: dict) -> dict:
    """One agency's figures side by side, each leading to its items in that agency."""
    own = {**params, "agency": str(row["agency_id"])}
    own.pop("department", None)
    own.pop("officer", None)
    return {
        **row,
        "scope_query": urlencode(own),
        "url": drill_url("filed", own),
        "closed_url": drill_url("closed", own),
        "decided_url": drill_url("decided", own),
        "fines_url": drill_url("penalties", own, "fine"),
        "overdue_url": drill_url("deadlines", own, "overdue"),
    }


def _agency_ids(scope: ind.Scope) -> list[int]:
    return list(ind.agencies_in(scope).values_list("pk", flat=True))


def figures(data: dict, params: dict) -> dict:
    """The dashboard's tables: (label, value, drill-down link) rows per section."""

    def row(label, value, kind, key=""):
        return {"label": label, "value": value, "url": drill_url(kind, params, key)}

    cases = [
        {
            "label": drills.procedure_label(code),
            "filed": counts["filed"],
            "filed_url": drill_url("filed", params, code),
            "closed": counts["closed"],
            "closed_url": drill_url("closed", params, code),
        }
        for code, counts in data["cases"].items()
    ]
    states = [
        row(
            f"{drills.procedure_label(r['procedure'])} · "
            f"{drills.state_label(r['procedure'], r['state'])}",
            r["count"],
            "filed",
            f"{r['procedure']}:{r['state']}",
        )
        for r in data["states"]
    ]
    deadlines = [
        row(drills.DEADLINE_STATUS_LABELS[s], data["deadlines"][s], "deadlines", s)
        for s in ind.DEADLINE_STATUSES
    ]
    dec = data["decisions"]
    outcomes = [
        row(drills.choice_label(drills.Case.Outcome.choices, o), n, "decided", o)
        for o, n in dec["by_outcome"].items()
    ]
    kinds = [
        row(label, dec["by_kind"][code], "penalties", code)
        for code, label in PenaltyKind.choices
        if dec["by_kind"][code]
    ]
    reviews = [
        row(drills.choice_label(ind.LegalReview.Outcome.choices, o), n, "reviews", o)
        for o, n in data["reviews"].items()
    ]
    pub = data["publications"]
    publications = [
        row(drills.PUBLICATION_STATUS_LABELS[s], pub[s], "publications", s)
        for s in ind.PUBLICATION_STATUSES
    ] + [
        row(_("Withdrawn"), pub["withdrawn"], "withdrawn"),
        row(_("Corrected"), pub["corrected"], "corrected"),
    ]
    insp = data["inspections"]
    results = pub["results"]
    inspections = [
        row(drills.choice_label(ind.Plan.Status.choices, s), n, "plans", s)
        for s, n in insp["plans_by_status"].items()
    ] + [
        row(_("Tasks drawn"), insp["drawn"], "tasks"),
        row(_("Tasks done"), insp["done"], "tasks", "done"),
        row(_("Tasks not done"), insp["undone"], "tasks", "undone"),
        row(_("Inspections concluded"), insp["concluded"], "inspections"),
        row(_("Counting as one inspection"), insp["counted"], "inspections", "counted"),
        row(_("Inspection results falling due"), results["due"], "results"),
        row(_("of which published on time"), results["on_time"], "results", "on_time"),
        row(_("of which published late"), results["late"], "results", "late"),
        row(_("of which overdue"), results["overdue"], "results", "overdue"),
    ]
    rec = data["recordings"]
    recordings = [
        row(_("Recordings made"), rec["made"], "recordings"),
        row(_("Waivers recorded"), rec["waived"], "waivers"),
        row(_("Cases filed with a recording"), rec["cases_recorded"], "recorded"),
        row(_("Steps requiring a recording"), rec["required"], "required"),
        row(_("of which recorded"), rec["required_recorded"], "required", "recorded"),
        row(_("of which with a reason instead"), rec["required_waived"], "required", "waived"),
        row(_("of which missing"), rec["required_missing"], "required", "missing"),
    ]
    rep = data["repeat_inspections"]
    repeat = [
        row(_("Enterprises inspected"), rep["enterprises"], "enterprises"),
        row(
            _("Above the yearly cap of %(cap)s") % {"cap": rep["cap"]},
            rep["over_cap"],
            "enterprises",
            "over_cap",
        ),
    ]
    cert = data["certificates"]
    certificates = [
        row(_("Officers in the directory"), cert["officers"], "officers"),
        row(_("With a valid certificate"), cert["certified"], "officers", "certified"),
        row(
            _("Without a valid certificate"),
            cert["officers"] - cert["certified"],
            "officers",
            "uncertified",
        ),
    ]
    remedies = [
        {
            "label": label,
            **{
                status: {
                    "value": counts[status],
                    "url": drill_url("remedies", params, f"{kind}:{status}"),
                }
                for status in ind.REMEDY_STATUSES
            },
            "rate": counts["rate"],
        }
        for kind, label in Remedy.Kind.choices
        for counts in [data["remedies"][kind]]
    ]
    return {
        "remedies": remedies,
        "cases": cases,
        "states": states,
        "deadlines": deadlines,
        "outcomes": outcomes,
        "kinds": kinds,
        "major": row(_("Major decisions (legal review)"), dec["major"], "major"),
        "penalties": row(_("Penalty decisions"), dec["penalties"], "penalties"),
        "reviews": reviews,
        "publications": publications,
        "inspections": inspections,
        "recordings": recordings,
        "repeat": repeat,
        "certificates": certificates,
        "monthly": [
            {
                "month": m,
                "filed": data["monthly"]["filed"][i],
                "closed": data["monthly"]["closed"][i],
                "decided": data["monthly"]["decided"][i],
                "fines": data["monthly"]["fines"][i],
                "url": drill_url("filed", _in_month(params, m)),
                "closed_url": drill_url("closed", _in_month(params, m)),
                "decided_url": drill_url("decided", _in_month(params, m)),
                "fines_url": drill_url("penalties", _in_month(params, m), "fine"),
            }
            for i, m in enumerate(data["monthly"]["months"])
        ],
    }


def _in_month(params: dict, month: datetime.date) -> dict:
    return {**params, "from": month.isoformat(), "to": _month_end(month).isoformat()}


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The indicators of the chosen scope and period, with trend charts and tables."""
    context = dashboard_context(request.user, request.GET)
    return render(request, "supervision/dashboard.html", context)


@require_GET
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The items behind one figure; ``?format=xlsx`` exports them to Excel."""
    drill = drills.DRILLS.get(kind)
    key = request.GET.get("key", "")[:80]
    if drill is None or not drill.valid_key(key):
        raise Http404
    today = timezone.localdate()
    period = period_from(request.GET, today)
    scope = scope_from(request.GET, request.user)
    items = drill.items(scope, period, today, key)
    title = str(drill.title)
    narrowed = drills.key_label(kind, key)
    if request.GET.get("format") == "xlsx":
        body = drills.to_xlsx(title, drill.columns, drill.rows(items))
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"{kind}-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # The page's rows only: the count, then the rows of the page from the ordered items.
    page = Paginator(range(items.count()), PAGE_SIZE).get_page(request.GET.get("page"))
    first = page.start_index() - 1 if page.paginator.count else 0
    rows = [
        {
            "url": row.get("url", ""),
            "cells": [(label, row.get(k)) for k, label in drill.columns],
        }
        for row in itertools.islice(drill.rows(items), first, first + PAGE_SIZE)
    ]
    params = _params(request.GET)
    return render(
        request,
        "supervision/list.html",
        {
            "title": title,
            "narrowed": narrowed,
            "kind": kind,
            "columns": drill.columns,
            "page": page,
            "rows": rows,
            "period": period,
            "count": page.paginator.count,
            "export_url": drill_url(kind, params, key, format="xlsx"),
            "back_url": f"{reverse('supervision:dashboard')}?{urlencode(params)}",
            "page_query": urlencode({**params, **({"key": key} if key else {})}),
        },
    )


def home_panel(user, today: datetime.date | None = None) -> dict:
    """For the supervisor's home page: this year's figures of every agency they supervise,
    side by side, with the chart (the full dashboard is one link away)."""
    today = today or timezone.localdate()
    period = ind.Period.year(today.year)
    scope = ind.scope_for(user)
    rows = ind.by_agency(scope, period, today)
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return {
        "period": period,
        "rows": [agency_row(row, params) for row in rows],
        "charts": [charts.agencies_chart(rows, params)],
        "url": f"{reverse('supervision:dashboard')}?{urlencode(params)}",
    }
