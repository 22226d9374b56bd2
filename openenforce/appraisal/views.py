"""The appraisal pages: the schemes of the supervising body, one scheme with its
indicators and the agencies side by side (each value drilling down to the supervision
list behind it, and the Excel export), and one agency's scorecard with the parts the
supervisor enters, the confirmation and the agency's years side by side.

Only the body's supervisors see schemes and drafts; an appraised agency's staff read
their own agency's confirmed scorecards; everything else answers 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Agency, User
from openenforce.appraisal import permissions as perms
from openenforce.appraisal import present, services
from openenforce.appraisal.forms import AdjustForm, EnterForm, LoadForm, WithdrawForm
from openenforce.appraisal.models import Indicator, Scheme, Scorecard
from openenforce.core.pages import run_service, submit
from openenforce.supervision.drills import to_xlsx


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _scheme(request: HttpRequest, pk: int) -> Scheme:
    found = perms.managed_schemes(_user(request)).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _scorecard(request: HttpRequest, pk: int) -> Scorecard:
    queryset = perms.readable_scorecards(_user(request)).select_related("scheme", "agency")
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    """The body's schemes (supervisors); an agency's own confirmed scorecards (its staff)."""
    user = _user(request)
    manager = perms.is_manager(user)
    own = perms.readable_scorecards(user).filter(status=Scorecard.Status.CONFIRMED)
    if user.agency_id is not None:
        own = own.filter(agency_id=user.agency_id)
    own = own.select_related("scheme", "scheme__agency").order_by("-scheme__year")
    if not manager and not own.exists():
        raise Http404
    owner = user.agency if user.agency_id and perms.may_manage(user, user.agency_id) else None
    schemes = list(perms.managed_schemes(user).select_related("agency").order_by("-year"))
    years = sorted({s.year for s in schemes}, reverse=True)[: present.YEARS_SIDE_BY_SIDE]
    cards = list(
        Scorecard.objects.filter(scheme__in=[s.pk for s in schemes if s.year in years])
        .select_related("scheme__agency", "agency")
        .order_by("agency__name")
    )
    context = {
        "schemes": schemes,
        "over_years": present.over_years(schemes, cards),
        "manager": manager,
        "owner": owner,
        "own": own,
        "this_year": timezone.localdate().year,
    }
    return render(request, "appraisal/list.html", context)


@require_POST
def load(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.agency_id is None or not perms.may_manage(user, user.agency_id):
        raise Http404
    agency = Agency.objects.get(pk=user.agency_id)
    form = LoadForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda data: services.load_scheme(agency, data["year"], actor=user, title=data["title"]),
        success=_("The scheme was created from the system's proposal; check it and publish it."),
    )
    if outcome.result is not None:
        return redirect("appraisal:scheme", pk=outcome.result.pk)
    return redirect("appraisal:schemes")


@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    cards = list(scheme.scorecards.select_related("agency").order_by("agency__name"))
    context = {
        "scheme": scheme,
        "table": present.table(scheme, cards),
        "parts": present.parts(scheme),
        "indicators": list(scheme.indicators.all()),
        "appraised": list(services.appraised_agencies(scheme)),
        "may_manage": perms.may_manage(_user(request), scheme.agency_id),
        "addable": services.addable_keys(scheme) if not scheme.is_published else [],
    }
    return render(request, "appraisal/scheme.html", context)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    run_service(
        request,
        lambda: services.publish_scheme(scheme, actor=request.user),
        success=_("The scheme was published."),
    )
    return redirect("appraisal:scheme", pk=scheme.pk)


@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    run_service(
        request,
        lambda: services.compute_scorecards(scheme, actor=request.user),
        success=lambda cards: _("%(n)d scorecard(s) computed from the record.") % {"n": len(cards)},
    )
    return redirect("appraisal:scheme", pk=scheme.pk)


@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    cards = list(scheme.scorecards.select_related("agency").order_by("agency__name"))
    columns, rows = present.workbook_rows(scheme, cards)
    body = to_xlsx(str(scheme.year), columns, rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"appraisal-{scheme.agency.code}-{scheme.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _trend(user: User, card: Scorecard) -> list[dict]:
    """The agency's scorecards of the same body over the years (those the user reads)."""
    cards = (
        perms.readable_scorecards(user)
        .filter(agency_id=card.agency_id, scheme__agency_id=card.scheme.agency_id)
        .select_related("scheme")
        .order_by("-scheme__year")
    )
    return [
        {
            "card": c,
            "parts": [
                {"title": p["title"], "points": c.part_points.get(p["code"])}
                for p in present.parts(c.scheme)
            ],
        }
        for c in cards
    ]


@require_GET
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    card = _scorecard(request, pk)
    user = _user(request)
    indicators = list(card.scheme.indicators.all())
    may_manage = perms.may_manage(user, card.scheme.agency_id) and not card.is_confirmed
    context = {
        "card": card,
        "scheme": card.scheme,
        "cells": present.cells(indicators, card),
        "parts": [
            {**p, "points": card.part_points.get(p["code"])} for p in present.parts(card.scheme)
        ],
        "missing": present.missing(indicators, card),
        "adjustments": card.adjustments,
        "may_manage": may_manage,
        "manager": perms.may_manage(user, card.scheme.agency_id),
        "trend": _trend(user, card),
    }
    return render(request, "appraisal/scorecard.html", context)


@require_POST
def enter(request: HttpRequest, pk: int) -> HttpResponse:
    card = _scorecard(request, pk)
    form = EnterForm(request.POST)
    submit(
        request,
        form,
        lambda data: services.enter_points(
            card, actor=request.user, key=data["key"], points=data["points"], reason=data["reason"]
        ),
        success=_("The points were entered."),
    )
    return redirect("appraisal:scorecard", pk=card.pk)


@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    card = _scorecard(request, pk)
    form = AdjustForm(request.POST)
    submit(
        request,
        form,
        lambda data: services.adjust(
            card, actor=request.user, points=data["points"], reason=data["reason"]
        ),
        success=_("The bonus or deduction was entered."),
    )
    return redirect("appraisal:scorecard", pk=card.pk)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    card = _scorecard(request, pk)
    form = WithdrawForm(request.POST)
    submit(
        request,
        form,
        lambda data: services.withdraw_adjustment(card, actor=request.user, index=data["index"]),
        success=_("The bonus or deduction was withdrawn."),
    )
    return redirect("appraisal:scorecard", pk=card.pk)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    card = _scorecard(request, pk)
    run_service(
        request,
        lambda: services.confirm(card, actor=request.user),
        success=_("The scorecard was confirmed; the agency can read it."),
    )
    return redirect("appraisal:scorecard", pk=card.pk)


# -- editing a draft scheme (docs/appraisal.md "Editing a draft") ---------------------------


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    found = (
        Indicator.objects.filter(scheme__in=perms.managed_schemes(_user(request)).values("pk"))
        .select_related("scheme")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@require_POST
def edit_scheme(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    post = request.POST
    run_service(
        request,
        lambda: services.edit_scheme(
            scheme,
            actor=request.user,
            title=post.get("title", ""),
            basis=post.get("basis", ""),
            max_bonus=post.get("max_bonus"),
            weights={code: post.get(f"weight_{code}") for code in scheme.parts},
            part_titles={code: post.get(f"part_title_{code}", "") for code in scheme.parts},
        ),
        success=_("The scheme was saved."),
    )
    return redirect("appraisal:scheme", pk=scheme.pk)


@require_POST
def edit_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    run_service(
        request,
        lambda: services.edit_indicator(indicator, actor=request.user, data=request.POST.dict()),
        success=_("The indicator was saved."),
    )
    return redirect(f"{reverse('appraisal:scheme', args=[indicator.scheme_id])}#i-{indicator.pk}")


@require_POST
def add_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    run_service(
        request,
        lambda: services.add_indicator(scheme, actor=request.user, data=request.POST.dict()),
        success=_("The indicator was added."),
    )
    return redirect("appraisal:scheme", pk=scheme.pk)


@require_POST
def remove_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    run_service(
        request,
        lambda: services.remove_indicator(indicator, actor=request.user),
        success=_("The indicator was removed."),
    )
    return redirect("appraisal:scheme", pk=indicator.scheme_id)


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    outcome = run_service(
        request,
        lambda: services.discard_scheme(scheme, actor=request.user),
        success=_("The draft scheme was discarded; a new one can be created for the year."),
    )
    if outcome.ok:
        return redirect("appraisal:schemes")
    return redirect("appraisal:scheme", pk=scheme.pk)
