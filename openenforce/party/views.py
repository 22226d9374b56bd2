"""The party's pages: no staff login. The party opens their case with the code handed over
with a served document and their identity; the page then lives in their session for
``OPENENFORCE_PARTY_SESSION_MINUTES``. Every rule and record entry is
``openenforce.partyaccess``'s; these views parse forms and show results."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from openenforce.cases.articles import cite
from openenforce.core.pages import report, run_service, submit
from openenforce.core.ratelimit import client_address, over_hourly_allowance
from openenforce.deliveries.models import Delivery
from openenforce.deliveries.services import consent_for
from openenforce.evidence.views import serve_blob
from openenforce.ledger.models import Entry
from openenforce.party.forms import ConsentForm, EnterForm, HearingForm, StatementForm
from openenforce.partyaccess import selectors, services
from openenforce.partyaccess.models import AccessEvent

SESSION_KEY = "party_access"


def _base() -> str:
    """The portal's layout if installed, else the site's."""
    return select_template(["portal/base.html", "base.html"]).template.name


def _delivery(request: HttpRequest) -> Delivery | None:
    """The served document the party opened the page with, while the session lasts."""
    held = request.session.get(SESSION_KEY) or {}
    try:
        since = datetime.datetime.fromisoformat(held["since"])
        pk = int(held["delivery"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - since > datetime.timedelta(
        minutes=settings.OPENENFORCE_PARTY_SESSION_MINUTES
    ):
        request.session.pop(SESSION_KEY, None)
        return None
    return (
        Delivery.objects.select_related("case__agency", "document")
        .filter(pk=pk, case__isnull=False)
        .first()
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """The code and identity box. Every refusal reads the same."""
    form, status = EnterForm(request.POST or None), 200
    if request.method == "POST":
        if over_hourly_allowance(request, "party-enter", settings.OPENENFORCE_PARTY_TRIES_PER_HOUR):
            form.add_error(None, _("Too many tries from your address. Try again in an hour."))
            status = 429
        elif form.is_valid():
            outcome = run_service(
                request,
                lambda: services.open_access(
                    code=form.cleaned_data["code"],
                    identity=form.cleaned_data["identity"],
                    address=client_address(request),
                ),
                form=form,
            )
            if outcome.ok:
                request.session.cycle_key()  # a fresh session id for the opened page
                request.session[SESSION_KEY] = {
                    "delivery": outcome.result.pk,
                    "since": timezone.now().isoformat(),
                }
                return redirect("party:case")
            locked = outcome.error is not None and outcome.error.code == "party_locked"
            status = 429 if locked else 403
        else:
            status = 422
    return render(
        request, "party/enter.html", {"form": form, "base_template": _base()}, status=status
    )


def _case_context(delivery: Delivery) -> dict:
    case, today = services.case_of(delivery), timezone.localdate()
    rights = selectors.rights(case, today)
    return {
        "base_template": _base(),
        "delivery": delivery,
        "case": case,
        "agency": case.agency,
        "documents": selectors.served_documents(case),
        "rights": rights,
        "entries": selectors.record_entries(case),
        "submissions": selectors.submissions(case),
        "statement_open": services.period_open(case, "defence", today),
        "hearing_open": services.may_request_hearing(case, today),
        "hearing_right": any(r.code == "hearing_request" for r in rights),
        "remaining": selectors.remaining(case, today),
        "statement_form": StatementForm(),
        "hearing_form": HearingForm(),
        "consent": consent_for(case),
        "consent_form": ConsentForm(prefix="consent"),
        "today": today,
        "defence_article": cite("行政处罚法 Art 45"),
        "art61": cite("行政处罚法 Art 61"),
    }


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Please enter your code and identity number again."))
    return redirect("party:enter")


@login_not_required
@never_cache
@require_http_methods(["GET"])
def case(request: HttpRequest) -> HttpResponse:
    delivery = _delivery(request)
    if delivery is None:
        return _expired(request)
    return render(request, "party/case.html", _case_context(delivery))


@login_not_required
@never_cache
@require_http_methods(["GET"])
def document_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A served document of the party's case, as sealed; each download recorded."""
    delivery = _delivery(request)
    if delivery is None:
        return _expired(request)
    document = selectors.may_see_document(services.case_of(delivery), pk)
    if document is None:
        return render(request, "party/gone.html", {"base_template": _base()}, status=404)
    services.record_access(
        delivery,
        action=AccessEvent.Action.DOWNLOADED,
        address=client_address(request),
        document=document,
    )
    return serve_blob(request, document.blob, file_name=f"{document.number}.pdf")


def _receipt_redirect(submission) -> HttpResponse:
    return redirect("party:receipt", code=submission.receipt_code)


@login_not_required
@require_POST
def statement(request: HttpRequest) -> HttpResponse:
    delivery = _delivery(request)
    if delivery is None:
        return _expired(request)
    form = StatementForm(request.POST, request.FILES)
    files = [(f.name or "", f) for f in request.FILES.getlist("attachments")]
    outcome = submit(
        request,
        form,
        lambda data: services.file_statement(delivery, text=data["text"], files=files),
        success=_("Your statement and defence were received."),
    )
    return _receipt_redirect(outcome.result) if outcome.ok else redirect("party:case")


@login_not_required
@require_POST
def hearing(request: HttpRequest) -> HttpResponse:
    delivery = _delivery(request)
    if delivery is None:
        return _expired(request)
    outcome = submit(
        request,
        HearingForm(request.POST),
        lambda data: services.request_hearing(delivery, text=data["text"]),
        success=_("Your request for a hearing was received."),
    )
    return _receipt_redirect(outcome.result) if outcome.ok else redirect("party:case")


@login_not_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    delivery = _delivery(request)
    if delivery is None:
        return _expired(request)
    form = ConsentForm(request.POST, prefix="consent")
    submit(
        request,
        form,
        lambda data: services.give_consent(
            delivery, channels=form.channels(), email=data.get("email", "")
        ),
        success=_("Your consent to electronic service was recorded."),
    )
    return redirect("party:case")


@login_not_required
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("party:enter")


@login_not_required
@require_http_methods(["GET"])
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Public check of a receipt: what was filed, when, its digest and its record entry.
    Names no one and shows no text: the receipt's holder compares the digest."""
    if over_hourly_allowance(request, "code-lookup", settings.OPENENFORCE_CODE_LOOKUPS_PER_HOUR):
        return render(request, "party/gone.html", {"base_template": _base()}, status=429)
    found = selectors.receipt(code)
    if found is None:
        return render(request, "party/gone.html", {"base_template": _base()}, status=404)
    entry: Entry | None = selectors.receipt_entry(found)
    context = {
        "base_template": _base(),
        "submission": found,
        "entry": entry,
        "mine": (_delivery(request) or Delivery()).case_id == found.case_id,
    }
    return render(request, "party/receipt.html", context)


__all__ = [
    "case",
    "consent",
    "document_pdf",
    "enter",
    "hearing",
    "leave",
    "receipt",
    "report",
    "statement",
]
