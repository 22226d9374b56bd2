"""The case page's remedy forms: register a reconsideration or litigation, record its
outcome, record the judiciary's acceptance of a transferred case. Each posts back to the
case page; the services check who may."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openenforce.accounts.models import User
from openenforce.cases import services as case_services
from openenforce.cases.models import Case
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.pages import submit
from openenforce.remedies import selectors, services
from openenforce.remedies.forms import JudiciaryForm, OutcomeForm, RegisterForm


def _user(request: HttpRequest) -> User:
    """The logged-in user (the login middleware lets no one else reach these views)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _back(case: Case) -> str:
    return reverse("workbench:case", args=[case.pk]) + "#remedies"


@require_POST
def register(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_user(_user(request), case_pk)
    submit(
        request,
        RegisterForm(request.POST),
        lambda data: services.register_remedy(case, actor=_user(request), **data),
        success=_("The reconsideration or litigation is registered."),
    )
    return redirect(_back(case))


@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = selectors.get_remedy_for_user(_user(request), pk)
    submit(
        request,
        OutcomeForm(request.POST),
        lambda data: services.record_remedy_outcome(remedy, actor=_user(request), **data),
        success=_("The outcome is recorded."),
    )
    return redirect(_back(remedy.case))


@require_POST
def judiciary(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for_user(_user(request), case_pk)
    submit(
        request,
        JudiciaryForm(request.POST),
        lambda data: case_services.record_judiciary_acceptance(case, actor=_user(request), **data),
        success=_("The judiciary's acceptance is recorded."),
    )
    return redirect(_back(case))
