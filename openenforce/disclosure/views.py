"""Staff pages of the publication workflow (``/disclosure/``): the queue with due dates
and flags, the masking review (original and masked side by side, each span with its
reason), approval or scheduling, exemption, withdrawal and correction requests; and
the public correction form (no login, rate limited per address).

Every change goes through ``openenforce.disclosure.services``; every lookup through the
scoping selectors (another agency's item answers 404). Only publicity officers and
heads of the item's agency see the forms; supervisors read.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.accounts.agency_filter import AgencyFilter
from openenforce.accounts.services import get_system_actor
from openenforce.cases.articles import cite
from openenforce.core.pages import Outcome, invalid_form, run_service, submit
from openenforce.core.ratelimit import over_hourly_allowance
from openenforce.disclosure import rules, selectors, services
from openenforce.disclosure.forms import (
    ApproveForm,
    CorrectionRequestForm,
    ExemptForm,
    HandleCorrectionForm,
    MaskForm,
    WithdrawForm,
)
from openenforce.disclosure.models import Correction, Publication
from openenforce.disclosure.permissions import can_publish

Status = Publication.Status
DUE_SOON_DAYS = 3


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The agency's publications: withdrawals due, overdue and due-soon drafts, the
    rest of the pending items, correction requests, and the latest published."""
    today = timezone.localdate()
    agency = AgencyFilter.from_query(request.GET, request.user)
    items = agency.apply(selectors.publications_for_user(request.user))
    pending = list(items.pending().order_by("due_on", "id"))
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    context = {
        "today": today,
        "flags": selectors.flags(items, today),
        "withdrawals": list(items.withdrawal_pending().order_by("withdrawal_due", "id")),
        "overdue": [p for p in pending if p.due_on < today],
        "due_soon": [p for p in pending if today <= p.due_on <= soon],
        "pending_by_kind": _by_kind([p for p in pending if p.due_on > soon]),
        "corrections": list(
            agency.apply(selectors.corrections_for_user(request.user))
            .filter(status=Correction.Status.PENDING)
            .order_by("created_at")
        ),
        "published": list(items.filter(status=Status.PUBLISHED).order_by("-published_at")[:20]),
        "closed": list(
            items.filter(status__in=(Status.WITHDRAWN, Status.EXEMPT)).order_by("-updated_at")[:20]
        ),
        "agency_filter": agency,
        "periods": [
            {"label": period.label, "article": cite(period.article)}
            for period in map(rules.period, ("publish_decision", "publish_other", "withdraw"))
        ],
    }
    return render(request, "disclosure/queue.html", context)


def _by_kind(items: list[Publication]) -> list[dict]:
    """The items grouped by their kind (行政处罚决定, 行政许可决定, 检查结果, other
    decisions), in the order of ``Publication.Kind``; empty kinds left out."""
    groups = []
    for value, label in Publication.Kind.choices:
        rows = [p for p in items if p.kind == value]
        if rows:
            groups.append({"kind": value, "label": label, "items": rows})
    return groups


def _segments(text: str, spans: list[dict]) -> tuple[list[dict], list[dict]]:
    """The original and the masked text as pieces, each masked piece with its span."""
    original, masked, at = [], [], 0
    for span in sorted(spans, key=lambda s: s["start"]):
        plain = text[at : span["start"]]
        original += [{"text": plain}, {"text": span["original"], "span": span}]
        masked += [{"text": plain}, {"text": span["replacement"], "span": span}]
        at = span["end"]
    original.append({"text": text[at:]})
    masked.append({"text": text[at:]})
    return original, masked


def _detail_context(request: HttpRequest, publication: Publication) -> dict:
    original, masked = _segments(publication.original_text, publication.spans)
    return {
        "item": publication,
        "original": original,
        "masked": masked,
        "may_publish": can_publish(request.user, publication.agency_id),
        "today": timezone.localdate(),
        "exemptions": Publication.Exemption.choices,
        "grounds": Publication.Ground.choices,
        "third_persons": [n["name"] for n in publication.names if n.get("role") != "party"],
        "corrections": list(publication.corrections.order_by("-created_at")),
        "article": services.article_of(rules.KIND_PERIOD.get(publication.kind, "publish_other")),
        "withdraw_article": services.article_of("withdraw"),
        "due_rule": rules.period(rules.KIND_PERIOD.get(publication.kind, "publish_other")).label,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The masking review: original and masked text side by side, and the actions."""
    publication = selectors.get_publication_for_user(request.user, pk)
    return render(request, "disclosure/detail.html", _detail_context(request, publication))


def _load_for_change(request: HttpRequest, pk: int) -> Publication:
    publication = selectors.get_publication_for_user(request.user, pk)
    if not can_publish(request.user, publication.agency_id):
        raise PermissionDenied
    return publication


def _change(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., Publication],
    success: str | Callable[[Publication], str],
) -> HttpResponse:
    """Run ``service`` on the publication with the form's data, back to its page."""
    publication = _load_for_change(request, pk)
    submit(
        request,
        form_class(request.POST),
        lambda data: service(publication, actor=request.user, **data),
        success=success,
    )
    return redirect("disclosure:detail", pk=publication.pk)


@require_POST
def mask(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, MaskForm, services.mask_more, _("The masking was updated."))


def _approved(publication: Publication) -> str:
    if publication.status == Status.SCHEDULED:
        when = timezone.localtime(publication.publish_at).strftime("%Y-%m-%d %H:%M")
        return _("Approved; it will be published at %(t)s.") % {"t": when}
    return _("Approved and published.")


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, ApproveForm, services.approve_publication, _approved)


@require_POST
def exempt(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request, pk, ExemptForm, services.exempt_publication, _("The item will not be published.")
    )


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        WithdrawForm,
        services.withdraw_publication,
        _("Withdrawn: the portal shows the withdrawal notice."),
    )


@require_POST
def handle_correction(request: HttpRequest, pk: int) -> HttpResponse:
    correction = selectors.get_correction_for_user(request.user, pk)
    if not can_publish(request.user, correction.agency_id):
        raise PermissionDenied
    submit(
        request,
        HandleCorrectionForm(request.POST),
        lambda data: services.handle_correction(
            correction,
            actor=request.user,
            accept=data["decision"],
            response=data["response"],
            corrected_text=data["corrected_text"],
        ),
        success=_("The correction request was handled."),
    )
    return redirect("disclosure:detail", pk=correction.publication_id)


# ---------------------------------------------------------------- public correction form


@login_not_required
@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone asks for a published item to be corrected (no login; rate limited)."""
    publication = selectors.get_public_item(pk)
    context = {"item": publication, "posted": request.POST, "done": False}
    if publication.status != Status.PUBLISHED:
        context["error"] = _("Only a published item can be corrected.")
        return render(request, "disclosure/correction_new.html", context, status=409)
    if request.method == "POST":
        if over_hourly_allowance(request, "correction", rules.corrections_per_hour()):
            context["error"] = _("Too many requests from your address. Try again in an hour.")
            return render(request, "disclosure/correction_new.html", context, status=429)
        form = CorrectionRequestForm(request.POST)
        outcome = (
            run_service(
                request,
                lambda: services.request_correction(
                    publication, actor=get_system_actor(), **form.cleaned_data
                ),
                quiet=True,  # shown on the form
            )
            if form.is_valid()
            else Outcome(error=invalid_form(form))
        )
        if not outcome.ok:
            context["error"] = str(outcome.error)
            status = outcome.error.status
            return render(request, "disclosure/correction_new.html", context, status=status)
        context["done"] = True
    return render(request, "disclosure/correction_new.html", context)
