"""The staff workbench: case lists (mine, my department, the agency), due lists, the
case page with its allowed actions as forms, opening a case, and notifications.

Reads are scoped with ``cases.permissions`` (404 for another agency's case); every
change goes through ``cases.services`` or the engine's ``perform_action``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.accounts.agency_filter import AgencyFilter
from openenforce.accounts.models import Role
from openenforce.accounts.permissions import is_staff_of, writable_agency_ids
from openenforce.cases import lifecycles
from openenforce.cases.engine import available_actions, lifecycle_of, perform_action
from openenforce.cases.models import Case
from openenforce.cases.permissions import can_open_cases, get_case_for_reader, get_case_for_user
from openenforce.cases.progress import stepper
from openenforce.cases.todo import awaited_users, next_steps
from openenforce.catalog.models import EnforcementCategory, Matter, Officer
from openenforce.core import todo
from openenforce.core.errors import DomainError, FieldProblem, InvalidInput
from openenforce.core.pages import form_error_text, run_service
from openenforce.core.paging import BoundedPaginator
from openenforce.reviews.major import assess_major
from openenforce.reviews.selectors import ReviewStatus, review_status
from openenforce.reviews.services import open_review
from openenforce.workbench import forms, selectors, services, timeline
from openenforce.workbench.models import Notification
from openenforce.workbench.panels import case_panels


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """My cases, my department's or the agency's, filtered; htmx gets the rows only."""
    filters = selectors.Filters.from_query(request.GET, request.user)
    cases = selectors.case_list(request.user, filters).only(*selectors.LIST_FIELDS)
    page = BoundedPaginator(cases, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(case) for case in page.object_list]
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "today": timezone.localdate(),
        "procedures": [(lc.code, lc.label) for lc in lifecycles.LIFECYCLES.values()],
        "categories": EnforcementCategory.choices,
        "states": _states(filters.procedure),
        "scopes": _scopes(request.user),
        "query": _query_without_page(request.GET),
        "agency_filter": filters.agency,
        "may_open": can_open_cases(request.user),
    }
    template = "workbench/_rows.html" if request.htmx else "workbench/list.html"
    return render(request, template, context)


def _row(case: Case) -> dict:
    return {
        "case": case,
        "state": selectors.state_label(case.procedure, case.state),
        "procedure": _procedure_label(case.procedure),
    }


def _procedure_label(code: str) -> str:
    lifecycle = lifecycles.get(code)
    return str(lifecycle.label) if lifecycle else code


def _states(procedure: str) -> list[tuple[str, str]]:
    chosen = (
        [lifecycles.get(procedure)] if lifecycles.get(procedure) else lifecycles.LIFECYCLES.values()
    )
    seen: dict[str, str] = {}
    for lifecycle in chosen:
        for state in lifecycle.states:
            seen.setdefault(state.code, str(state.label))
    return sorted(seen.items(), key=lambda item: item[1])


def _scopes(user) -> list[tuple[str, str]]:
    if selectors.handles_no_cases(user):
        return [("agency", _("All cases"))]
    return [
        ("mine", _("My cases")),
        ("department", _("My department")),
        ("agency", _("The agency")),
    ]


def _query_without_page(query: QueryDict) -> str:
    copy = query.copy()
    copy.pop("page", None)
    return copy.urlencode()


@require_GET
def due_list(request: HttpRequest) -> HttpResponse:
    """Overdue and due-soon deadlines of my cases, my department's or the agency's."""
    scope = request.GET.get("scope") or selectors.default_scope(request.user)
    scope = scope if scope in selectors.SCOPES else "mine"
    if selectors.handles_no_cases(request.user):
        scope = "agency"
    agency = AgencyFilter.from_query(request.GET, request.user)
    deadlines = list(selectors.due_deadlines(request.user, scope, agency=agency)[:500])
    context = {
        "deadlines": deadlines,
        "scope": scope,
        "scopes": _scopes(request.user),
        "agency_filter": agency,
        "today": timezone.localdate(),
        "days": selectors.DUE_SOON_DAYS,
    }
    return render(request, "workbench/due.html", context)


def _officers(case: Case) -> list[tuple[str, str]]:
    rows = Officer.objects.filter(agency_id=case.agency_id).order_by("code")
    return [(o.code, f"{o.code} {o.name}") for o in rows.only("code", "name")]


def _case_context(request: HttpRequest, case: Case, failed: dict | None = None) -> dict:
    """Everything the case page shows; ``failed`` carries a refused submission."""
    offers = available_actions(case, request.user)
    officers = _officers(case) if any(_asks_officer(o) for o in offers) else []
    action_forms = []
    for offer in offers:
        if failed and failed["code"] == offer.code:
            form = forms.build(offer, officers, failed["posted"], failed["problems"])
            form.error = failed["message"]
        else:
            form = forms.build(offer, officers)
        action_forms.append(form)
    _link_review_page(case, action_forms)
    assessment = assess_major(case)
    status = review_status(case, assessment)
    lifecycle, today = lifecycle_of(case), timezone.localdate()
    upcoming = _next_steps(case, today)
    first = [code for code, *_rest in upcoming]
    mine = sorted(
        (f for f in action_forms if f.offer.code in first), key=lambda f: first.index(f.offer.code)
    )
    return {
        "page": selectors.case_page(case),
        "case": case,
        "stepper": stepper(lifecycle, case.state, case),
        "next_steps": upcoming,
        "next_forms": mine,
        "action_forms": [f for f in action_forms if f not in mine],
        "state": selectors.state_label(case.procedure, case.state),
        "procedure": _procedure_label(case.procedure),
        "assessment": assessment,
        "review_status": ReviewStatus(status).label,
        "review_status_code": status,
        "show_personal": is_staff_of(request.user, case.agency_id),
        "read_only": not offers,
        "today": timezone.localdate(),
        "panels": case_panels(request, case),
    }


def _next_steps(case: Case, today) -> list[tuple[str, str, list[str], str]]:
    """What the case waits for: (action code, its name, why it is blocked, who it waits
    for, in words)."""
    found = []
    for action, blocked in next_steps(case, today):
        who = _names([str(user) for user in awaited_users(case, action)])
        who = who or _names([str(Role(r).label) for r in action.roles if r in Role.values])
        found.append((action.code, str(action.label), blocked, who))
    return found


def _names(names: list[str]) -> str:
    """Names as a list in the reader's language (、 in Chinese)."""
    return pgettext("between names in a list", ", ").join(names)


# Actions with a page of their own: the review opinion needs the nine-point checklist.
ON_REVIEW_PAGE = ("record_review_outcome",)


def _link_review_page(case: Case, action_forms: list) -> None:
    if not any(form.offer.code in ON_REVIEW_PAGE for form in action_forms):
        return
    review = open_review(case)
    for form in action_forms:
        if review is not None and form.offer.code in ON_REVIEW_PAGE:
            form.link = reverse("reviews:detail", args=[review.pk])


def _asks_officer(offer) -> bool:
    return any(spec["type"] == "officer" for spec in offer.inputs)


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_reader(request.user, pk)
    return render(request, "workbench/case.html", _case_context(request, case))


RECENT_EVENTS = 8  # on the case page; the whole record is on the timeline page


@require_GET
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The recorded events of the case and of everything that belongs to it, each named
    in words (``ledger.labels``; the record's code on hover): the htmx part of the case
    page, or a page of its own when opened directly."""
    case = get_case_for_reader(request.user, pk)
    events = timeline.events_for_case(case)
    context = {"events": events, "case": case, "total": len(events), "earlier": 0}
    if request.htmx and "recent" in request.GET:
        # The case page: its latest steps (reads left out); the whole record a link away.
        context["events"] = [e for e in events if not e.is_read][-RECENT_EVENTS:]
        context["earlier"] = len(events) - len(context["events"])
    template = "record/_timeline.html" if request.htmx else "workbench/case_timeline.html"
    return render(request, template, context)


@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take ``action`` through the engine; a refusal is shown in the action's form."""
    case = get_case_for_user(request.user, pk)
    spec = lifecycle_of(case).action(action)
    if spec is None:
        raise Http404
    data = forms.read(_offer_shape(spec), request.POST)
    if not forms.confirmed(action, request.POST):
        message = _("Tick the box to confirm that you have checked before this step.")
        unconfirmed = InvalidInput(
            message, code="not_confirmed", problems=[FieldProblem("confirmed", message)]
        )
        return _refused(request, case, action, unconfirmed)
    outcome = run_service(
        request,
        lambda: perform_action(case, action, actor=request.user, data=data),
        success=_("Done: %(action)s.") % {"action": spec.label},
        quiet=True,
    )
    if not outcome.ok:
        return _refused(request, case, action, outcome.error)
    return redirect("workbench:case", pk=case.pk)


def _offer_shape(spec):
    """Just enough of an offer for ``forms.read``: the input schema."""

    class Shape:
        inputs = [i.as_dict() for i in spec.inputs]

    return Shape


def _refused(request: HttpRequest, case: Case, action: str, exc: DomainError) -> HttpResponse:
    case = get_case_for_user(request.user, case.pk)
    failed = {
        "code": action,
        "posted": request.POST,
        "message": str(exc),
        "problems": {p.field: p.message for p in exc.problems},
    }
    context = _case_context(request, case, failed)
    if not any(f.error for f in [*context["next_forms"], *context["action_forms"]]):
        context["refusal"] = str(exc)
    status = 200 if request.htmx else exc.status
    return render(request, "workbench/case.html", context, status=status)


def _matters(user) -> list[Matter]:
    ids = writable_agency_ids(user)
    matters = Matter.objects.filter(status=Matter.Status.ACTIVE).order_by("code")
    return list(matters if ids is None else matters.filter(agency_id__in=ids))


@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case (a lead, for the ordinary penalty procedure) through the service;
    403 for users who may not open cases (supervisors, agencies without active matters)."""
    if not can_open_cases(request.user):
        raise PermissionDenied(
            _(
                "You may not open cases: only enforcement officers and heads of an agency "
                "with active matters in the catalogue open cases."
            )
        )
    error, posted = "", request.POST if request.method == "POST" else None
    if posted is not None:
        form = forms.OpenCaseForm(posted)
        if form.is_valid():
            outcome = run_service(
                request,
                lambda: services.open_case(actor=request.user, **form.service_kwargs()),
                success=_("Case opened."),
                form=form,
            )
            if outcome.ok:
                return redirect("workbench:case", pk=outcome.result.pk)
            error = str(outcome.error)
        else:
            error = form_error_text(form)
    context = {
        "matters": _matters(request.user),
        "error": error,
        "posted": posted or {},
        "procedures": [(lc.code, lc.label) for lc in lifecycles.LIFECYCLES.values()],
        "sources": Case.Source.choices,
        "roster": selectors.roster(request.user),
        "chosen": posted.getlist("assistants") if posted else [],
    }
    return render(request, "workbench/new.html", context, status=422 if error else 200)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """My notices, newest first; a hand-off whose task no longer waits for me reads 已办理."""
    notes = list(request.user.notifications.all()[:200])
    waiting = {task.key for task in todo.tasks_for(request.user, timezone.localdate())}
    for note in notes:
        note.done = note.kind == Notification.Kind.HANDOFF and note.key not in waiting
    return render(request, "workbench/notifications.html", {"notifications": notes})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect(reverse("workbench:notifications"))


def unread_count(user) -> int:
    return Notification.objects.unread().filter(user=user).count()
