"""The public portal's pages: no login, read-only, through ``portal.selectors``.

Every view here is deliberately public (``login_not_required``) and shows only what the
rules publish. Pages work without JavaScript; the transparency check is the one script,
and it only adds a result to what the page already shows.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from openenforce.catalog.models import EnforcementCategory
from openenforce.core import paging
from openenforce.core.params import parse_id
from openenforce.disclosure.models import Publication
from openenforce.ledger import notes, witnessing
from openenforce.ledger.labels import event_label
from openenforce.ledger.services import latest_checkpoint, served_note
from openenforce.portal import opendata, selectors
from openenforce.portal.caching import kept_for_a_while
from openenforce.supervision import public as public_statistics


def public_page(view=None, *, at_most: int | None = None):
    """A public GET page (no login), kept a while (``kept_for_a_while``)."""
    if view is None:
        return functools.partial(public_page, at_most=at_most)
    return require_GET(login_not_required(kept_for_a_while(view, at_most=at_most)))


@require_GET
@login_not_required
def language(request):
    """Switch the portal's language with a plain link or GET form (no CSRF token on the
    pages, so they stay cacheable); the choice is a cookie, as Django's set_language."""
    code = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("portal:index")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response


def _page(request, items, per_page: int = selectors.PER_PAGE):
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    """The current filters as a query string (for pager links)."""
    params = [(k, v) for k, v in request.GET.items() if k != "page" and v]
    return urlencode(params)


@public_page
def index(request):
    """The portal's home page: the sections of the publicity system."""
    return render(request, "portal/index.html")


@public_page
def agencies(request):
    return render(request, "portal/agencies.html", {"agencies": selectors.public_agencies()})


@public_page
def agency(request, code: str):
    agency = selectors.get_public_agency(code)
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "matter_count": selectors.public_matters(agency_id=agency.pk).count(),
            "officer_count": selectors.public_officers(agency_id=agency.pk).count(),
        },
    )


@public_page
def officers(request):
    p = opendata.params_from(request.GET)
    page = _page(request, selectors.public_officers(q=p.q, agency_id=p.agency))
    return render(
        request,
        "portal/officers.html",
        {
            "page": page,
            "params": p,
            "query": _query_without_page(request),
            "agencies": selectors.public_agencies(),
            "today": timezone.localdate(),
        },
    )


CERTIFICATE_CACHE_SECONDS = 5  # a suspension or revocation shows within seconds


@public_page(at_most=CERTIFICATE_CACHE_SECONDS)
def certificate(request, number: str):
    """扫码亮证: whether the certificate is genuine and valid today, nothing more than the
    directory shows. An unknown number answers 404 with a clear 'not genuine' page."""
    try:
        check = selectors.check_certificate(number)
    except Http404:
        return render(request, "portal/certificate_unknown.html", {"number": number}, status=404)
    return render(request, "portal/certificate.html", {"check": check})


@require_GET
@login_not_required
@cache_control(public=True, max_age=86400)
def certificate_qr(request, number: str):
    """The QR code (SVG) that leads to the certificate's verification page."""
    selectors.check_certificate(number)
    # The address printed on certificates: the configured public one, not this request's.
    base = settings.OPENENFORCE_PUBLIC_URL.rstrip("/")
    url = base + reverse("portal:certificate", args=[number])
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, title=number)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml; charset=utf-8")


@public_page
def matters(request):
    p = opendata.params_from(request.GET)
    page = _page(request, selectors.public_matters(q=p.q, agency_id=p.agency, category=p.category))
    return render(
        request,
        "portal/matters.html",
        {
            "page": page,
            "params": p,
            "query": _query_without_page(request),
            "agencies": selectors.public_agencies(),
            "categories": EnforcementCategory.choices,
            "list_agency": _filtered_agency(p),
        },
    )


def _filtered_agency(p: opendata.Params):
    """The agency a list is filtered to (its list's record history is linked), or None."""
    return selectors.public_agencies().filter(pk=p.agency).first() if p.agency else None


@public_page
def matter(request, pk: int):
    matter = selectors.get_public_matter(pk)
    return render(
        request,
        "portal/matter.html",
        {"matter": matter, "procedures": selectors.procedures_for(matter)},
    )


LISTS = {
    "inspections": ("inspection-list", selectors.public_inspection_items),
    "recordings": ("recording-list", selectors.public_recording_list),
    "reviews": ("review-catalogue", selectors.public_review_catalogue),
}
# Each list's items' record history kind (``/portal/history/<kind>/<pk>/``).
LIST_ITEMS = {
    "inspections": "inspection-item",
    "recordings": "recording-item",
    "reviews": "review-item",
}


@public_page
def lists(request, kind: str = "inspections"):
    """The random-inspection list, the recording list and the review catalogue."""
    if kind not in LISTS:
        raise Http404
    dataset, rows = LISTS[kind]
    p = opendata.params_from(request.GET)
    return render(
        request,
        "portal/lists.html",
        {
            "kind": kind,
            "dataset": dataset,
            "item_history": LIST_ITEMS[kind],
            "list_agency": _filtered_agency(p),
            "page": _page(request, rows(agency_id=p.agency), per_page=50),
            "params": p,
            "query": _query_without_page(request),
            "agencies": selectors.public_agencies(),
        },
    )


@public_page
def decisions(request):
    """Published decisions and inspection results: keyword search, filters, pages."""
    p = opendata.params_from(request.GET)
    page_number = parse_id(request.GET.get("page", "1"))  # not int(): "²" is a digit too
    found = selectors.find_decisions(
        opendata.decision_filters(p),
        page=1 if page_number is None else page_number,
        bound=paging.DEFAULT_BOUND,
        list_only=True,
    )
    return render(
        request,
        "portal/decisions.html",
        {
            "found": found,
            "rows": [(item, found.snippets.get(item.pk, "")) for item in found.items],
            "params": p,
            "query": _query_without_page(request),
            "agencies": selectors.public_agencies(),
            "kinds": Publication.Kind.choices,
            "categories": EnforcementCategory.choices,
            "matters": selectors.public_matters(agency_id=p.agency)
            .select_related(None)
            .only("pk", "code", "name"),
        },
    )


@public_page
def decision(request, pk: int):
    view = selectors.get_decision(pk)
    return render(request, "portal/decision.html", {"view": view, "item": view.publication})


def _vkey() -> str:
    return notes.vkey()


@public_page
def transparency(request):
    """The current checkpoint, the verifier key and how to verify."""
    head = latest_checkpoint()
    return render(
        request,
        "portal/transparency.html",
        {
            "head": head,
            "served": served_note(head) if head else "",
            "vkey": _vkey(),
            "profile": selectors.merkle.profile(),
            "recent": selectors.disclosure.public_items()[:10],
        },
    )


@public_page
def witnesses(request):
    """The witnesses this installation submits its checkpoints to, as the agency states
    them: a citizen compares each key with the witness operator's own publication before
    pasting it into a verify page (the keys are deliberately not filled in from here)."""
    return render(
        request,
        "portal/witnesses.html",
        {
            "witnesses": [w.key for w in witnessing.configured()],
            "quorum": witnessing.quorum(),
            "vkey": _vkey(),
        },
    )


@public_page
def verify_decision(request, pk: int):
    """One published item in plain words first (who published it when, and that the text
    shown is the one recorded then), then, folded, each version (the original text, each
    correction, the withdrawal notice) with the record entry that covers it and its
    inclusion proof, checked in the page by script (SHA-256 profile) and reproducible with
    ``openenforce portal verify``."""
    view = selectors.get_decision(pk)
    item = view.publication
    versions = selectors.item_versions(item)
    proof = versions[-1].proof if versions else None
    site = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "portal/verify.html",
        {
            "item": item,
            "view": view,
            "proof": proof,
            "current": versions[-1] if versions else None,
            "versions": [(v, event_label(v.proof.event_type) if v.proof else "") for v in versions],
            "proof_data": _bundle(item.pk, versions) if proof else None,
            "command": f"openenforce portal verify {item.pk} --site {site} --vkey '{_vkey()}'",
        },
    )


def _proof_dict(proof: selectors.ItemProof) -> dict:
    return {
        **_entry_dict(proof),
        "size": proof.size,
        "root": proof.root_b64,
        "checkpoint": proof.note,
        "hash": proof.profile,
    }


def _entry_dict(proof: selectors.ItemProof) -> dict:
    return {
        "sequence": proof.sequence,
        "event_type": proof.event_type,
        "entry": proof.body_b64,
        "leaf_hash": proof.leaf_b64,
        "proof": proof.path_b64,
    }


def _bundle(pk: int, versions: list[selectors.Version]) -> dict:
    """proof.json: the entry covering what the page shows (top level, as before), whether
    the item is withdrawn and what is shown, and every version with its entry's proof."""
    shown = versions[-1]
    assert shown.proof is not None  # callers serve a bundle only when it is covered
    return {
        "item": pk,
        "status": "withdrawn" if shown.role == "withdrawal" else "published",
        "shown": "withdrawal_notice" if shown.role == "withdrawal" else "text",
        **_proof_dict(shown.proof),
        "versions": [
            {"role": v.role, **_entry_dict(v.proof)} for v in versions if v.proof is not None
        ],
    }


@require_GET
@login_not_required
def decision_proof(request, pk: int):
    """The proof bundle the CLI checks: entries, leaves, paths and the signed checkpoint."""
    versions = selectors.item_versions(selectors.disclosure.get_public_item(pk))
    if not versions or versions[-1].proof is None:
        raise Http404
    response = JsonResponse(_bundle(pk, versions))
    response["Access-Control-Allow-Origin"] = "*"
    return response


HISTORIES: dict[str, Callable[[str], selectors.History]] = {
    "decision": selectors.publication_history,
    "certificate": selectors.certificate_history,
    "plan": lambda key: selectors.plan_history(*key.split("/", 1)),
    **{
        kind: functools.partial(selectors.catalogue_list_history, kind)
        for kind in selectors.CATALOGUE_LISTS
    },
    **{
        kind: functools.partial(selectors.catalogue_item_history, kind)
        for kind in selectors.CATALOGUE_ITEMS
    },
}

# Where a catalogue history's subject is shown: its list page (filtered to its agency).
CATALOGUE_PAGES = {
    "matters": ("portal:matters", ()),
    "matter": ("portal:matters", ()),
    "inspection-list": ("portal:list", ("inspections",)),
    "inspection-item": ("portal:list", ("inspections",)),
    "recording-list": ("portal:list", ("recordings",)),
    "recording-item": ("portal:list", ("recordings",)),
    "review-catalogue": ("portal:list", ("reviews",)),
    "review-item": ("portal:list", ("reviews",)),
}


def _shown_at(history: selectors.History) -> str:
    """The page that shows the history's subject (the crumb back)."""
    if history.kind == "decision":
        return reverse("portal:decision", args=[history.key])
    if history.kind == "certificate":
        return reverse("portal:certificate", args=[history.key])
    if history.kind == "plan":
        return reverse("inspections:public_plan", args=history.key.split("/", 1))
    name, args = CATALOGUE_PAGES[history.kind]
    return f"{reverse(name, args=args)}?agency={history.agency_id}"


def _history_or_404(kind: str, key: str) -> selectors.History:
    finder = HISTORIES.get(kind)
    if finder is None:
        raise Http404
    if kind == "decision" and not key.isdigit():
        raise Http404
    if kind == "plan" and key.count("/") != 1:
        raise Http404
    return finder(key)


def _history_dict(history: selectors.History) -> dict:
    head = history.head
    return {
        "kind": history.kind,
        "subject": history.key,
        "size": head.size if head else None,
        "root": base64.b64encode(head.root).decode() if head else None,
        "checkpoint": head.note if head else None,
        "hash": selectors.merkle.profile(),
        "entries": [_entry_dict(p) for p in history.proofs if not p.pending],
    }


@public_page
def history(request, kind: str, key: str):
    """Every record entry about one public subject, each with its inclusion proof."""
    found = _history_or_404(kind, key)
    return render(
        request,
        "portal/history.html",
        {
            "history": found,
            "plan_key": found.key.split("/", 1) if found.kind == "plan" else None,
            "shown_at": _shown_at(found),
            "rows": [(p, event_label(p.event_type)) for p in found.proofs],
            "proof_data": _history_dict(found) if found.head else None,
        },
    )


@require_GET
@login_not_required
def plan_history(request, agency: str, code: str):
    """A public inspection plan's history (``/portal/history/plan/<agency>/<code>/``)."""
    return history(request, "plan", f"{agency}/{code}")


@require_GET
@login_not_required
def plan_history_json(request, agency: str, code: str):
    return history_json(request, "plan", f"{agency}/{code}")


@require_GET
@login_not_required
def history_json(request, kind: str, key: str):
    """The history as JSON, in the shape of proof.json's ``versions``."""
    response = JsonResponse(_history_dict(_history_or_404(kind, key)))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
def open_data(request):
    return render(request, "portal/open_data.html", {"datasets": opendata.DATASETS.values()})


FORMATS = {
    "csv": ("text/csv; charset=utf-8", opendata.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        opendata.to_xlsx,
    ),
}


@public_page
def download(request, name: str, fmt: str):
    """``/portal/data/<list>.csv`` or ``.xlsx``, with the same filters as the pages."""
    dataset = opendata.DATASETS.get(name)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    content_type, writer = FORMATS[fmt]
    rows = dataset.rows(opendata.params_from(request.GET))
    response = HttpResponse(writer(dataset, rows), content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


class DecisionFeed(Feed):
    """Atom feed of newly published decisions and results (withdrawals show the notice)."""

    feed_type = Atom1Feed

    def title(self):
        return _("Decisions and results")

    def subtitle(self):
        return _("Newly published administrative enforcement decisions and inspection results")

    def link(self):
        return reverse("portal:decisions")

    def items(self):
        return selectors.disclosure.public_items()[:50]

    def item_title(self, item):
        if item.status == Publication.Status.WITHDRAWN:
            return _("Withdrawn: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        row = opendata.decision_row(item)
        if row["withdrawn"]:
            return _("Withdrawn. Reason: %(reason)s") % {"reason": row["withdrawal_reason"]}
        return row["text"]

    def item_link(self, item):
        return reverse("portal:decision", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.withdrawn_at or item.published_at

    def item_author_name(self, item):
        return item.agency.name


decision_feed = public_page(DecisionFeed())


@public_page
def statistics(request):
    """统计: each agency's public figures for a year (counts and amounts, no names), with
    charts; ``?year=`` (default this year) and ``?agency=<code>`` for one agency's trend."""
    today = timezone.localdate()
    years = public_statistics.years(today)
    year = parse_id(request.GET.get("year")) or today.year
    if year not in years:
        raise Http404
    code = request.GET.get("agency", "")
    agency = selectors.get_public_agency(code) if code else None
    context = public_statistics.statistics(year, agency)
    context.update(
        {"years": years, "agency": agency, "agencies": public_statistics.enforcing_agencies()}
    )
    return render(request, "portal/statistics.html", context)
