"""Staff pages of the catalogue: list, search, view, create, edit and retire its entries.

Every list works the same way (see ``KINDS``): a search box and filters that refresh the
table with htmx as the user types, pagination, and a detail page. Every change goes
through ``catalog.services`` (or ``accounts.services`` for agencies and departments);
a refusal is shown on the form. Reading is scoped with ``accounts.permissions``; only the
actions the user may take are offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.accounts.models import Agency, Department, User
from openenforce.accounts.permissions import can_edit_catalog, get_for_user, scope
from openenforce.accounts.services import save_agency, save_department
from openenforce.catalog import forms as catalog_forms
from openenforce.catalog import kinds
from openenforce.catalog.models import (
    CatalogEntry,
    Certificate,
    DiscretionStandard,
    LegalBasis,
    Matter,
    Officer,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.permissions import (
    home_agency,
    may_create,
    readable_agencies,
    require_edit,
    selected_agency,
)
from openenforce.catalog.services import (
    add_certificate_event,
    allowed_certificate_events,
    retire_entry,
    save_entry,
)
from openenforce.core.errors import DomainError

PAGE_SIZE = 25
Status = CatalogEntry.Status


def _save_catalog_entry(entry, actor: User, relations: dict) -> models.Model:
    return save_entry(entry, actor=actor, relations=relations)


def _save_department(department, actor: User, relations: dict) -> models.Model:
    return save_department(department, actor=actor)


@dataclass(frozen=True)
class Kind:
    """One list of the catalogue as the pages show it."""

    kind: kinds.Kind | None  # None: the agency's departments, not a catalogue list
    form: type[catalog_forms.AgencyScopedForm]
    search: tuple[str, ...]
    filters: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    save: Callable[..., models.Model] = _save_catalog_entry
    table: str = ""  # template under catalog/tables/, by default named after the slug

    @property
    def slug(self) -> str:
        return self.kind.slug if self.kind else "departments"

    @property
    def model(self) -> type[models.Model]:
        return self.kind.model if self.kind else Department

    @property
    def title(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def retirable(self) -> bool:
        return issubclass(self.model, CatalogEntry)


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            kinds.MATTER,
            catalog_forms.MatterForm,
            search=("code", "name", "sub_item"),
            filters=("category", "field", "department", "status"),
            relations=("bases",),
            related=("field", "department", "agency"),
        ),
        Kind(
            kinds.LEGAL_BASIS,
            catalog_forms.LegalBasisForm,
            search=("code", "law_name", "article", "text"),
            filters=("level", "status"),
            related=("agency",),
        ),
        Kind(
            kinds.OFFICER,
            catalog_forms.OfficerForm,
            search=("code", "name", "position", "certificates__number"),
            filters=("department", "employment", "status"),
            related=("department", "agency"),
            prefetch=("certificates",),
        ),
        Kind(
            kinds.INSPECTION_ITEM,
            catalog_forms.RandomInspectionItemForm,
            search=("code", "item", "sub_item", "target_type"),
            filters=("field", "department", "method", "status"),
            related=("field", "department", "agency"),
        ),
        Kind(
            kinds.RECORDING,
            catalog_forms.RecordingRequirementForm,
            search=("code", "content", "occasion", "matter__name"),
            filters=("step", "kind", "status"),
            related=("matter", "agency"),
        ),
        Kind(
            kinds.REVIEW_ENTRY,
            catalog_forms.ReviewCatalogueEntryForm,
            search=("code", "name", "basis"),
            filters=("category", "ground", "status"),
            related=("matter", "agency"),
        ),
        Kind(
            kinds.FIELD,
            catalog_forms.EnforcementFieldForm,
            search=("code", "name"),
            related=("agency",),
            table="simple",
        ),
        Kind(
            None,
            catalog_forms.DepartmentForm,
            search=("code", "name", "phone"),
            related=("agency",),
            save=_save_department,
            table="simple",
        ),
    )
}

# The status changes offered from each status (entries are retired, never deleted).
RETIRE_ACTIONS = {
    Status.ACTIVE: [
        (Status.SUSPENDED, gettext_lazy("Suspend")),
        (Status.REPEALED, gettext_lazy("Repeal")),
    ],
    Status.SUSPENDED: [
        (Status.ACTIVE, gettext_lazy("Reinstate")),
        (Status.REPEALED, gettext_lazy("Repeal")),
    ],
    Status.REPEALED: [],
}


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _get(kind: Kind, user: User, pk: int) -> models.Model:
    queryset = kind.model.objects.select_related(*kind.related)
    return get_for_user(queryset, user, pk=pk)


def _is_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render(request: HttpRequest, full: str, partial: str, context: dict) -> HttpResponse:
    response = render(request, partial if _is_partial(request) else full, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _detail_url(kind: Kind, entry: models.Model) -> str:
    return reverse("catalog:detail", args=[kind.slug, entry.pk])


# Index -------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Counts per list, the agency's published particulars, departments and fields."""
    agency = home_agency(request.user, request.GET.get("agency"))
    sections = []
    if agency is not None:
        for kind in KINDS.values():
            in_force = Q(status=Status.ACTIVE) if kind.retirable else None
            counts = kind.model.objects.filter(agency=agency).aggregate(
                total=Count("pk"), count=Count("pk", filter=in_force)
            )
            sections.append({"kind": kind, **counts})
    context = {
        "agency": agency,
        "agencies": readable_agencies(request.user),
        "sections": sections,
        "can_edit": agency is not None and can_edit_catalog(request.user, agency.pk),
        "departments": agency.departments.all() if agency else [],
        "fields": agency.fields.all() if agency else [],
    }
    return render(request, "catalog/index.html", context)


@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the agency's published particulars (执法主体信息), through ``save_agency``."""
    agency = get_for_user(Agency.objects.all(), request.user, field="id", pk=pk)
    require_edit(request.user, agency.pk)
    form = catalog_forms.AgencyProfileForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            save_agency(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _show_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('catalog:index')}?agency={agency.pk}")
    context = {"form": form, "title": _("Agency particulars"), "cancel": reverse("catalog:index")}
    return render(request, "catalog/form.html", context)


def _show_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


# Lists -------------------------------------------------------------------------------


@require_GET
def entry_list(request: HttpRequest, kind: str) -> HttpResponse:
    """A list with live search, filters and pagination; htmx gets only the results."""
    k = _kind(kind)
    agencies = readable_agencies(request.user)
    agency = selected_agency(request.user, request.GET.get("agency"))
    entries = scope(k.model.objects.select_related(*k.related), request.user)
    if agency is not None:
        entries = entries.filter(agency=agency)
    entries = _search(entries, k, request.GET.get("q", "").strip())
    filters = _filters(k, request, agency or agencies)
    for item in filters:
        if item["selected"]:
            entries = entries.filter(**{item["name"]: item["selected"]})
    if k.prefetch:
        entries = entries.prefetch_related(*k.prefetch)
    page = Paginator(entries.order_by("agency", "code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "kind": k,
        "page_obj": page,
        "filters": filters,
        "agencies": agencies if len(agencies) > 1 else None,
        "agency": agency,
        "q": request.GET.get("q", ""),
        "may_create": may_create(request.user),
        "table": f"catalog/tables/{k.table or k.slug}.html",
    }
    return _render(request, "catalog/list.html", "catalog/_results.html", context)


def _search(entries: QuerySet, kind: Kind, text: str) -> QuerySet:
    if not text:
        return entries
    condition = Q()
    for name in kind.search:
        condition |= Q(**{f"{name}__icontains": text})
    entries = entries.filter(condition)
    return entries.distinct() if any("__" in name for name in kind.search) else entries


def _filters(kind: Kind, request: HttpRequest, agencies) -> list[dict]:
    """The list's filters with their options; a value not among them is ignored."""
    result = []
    for name in kind.filters:
        field = kind.model._meta.get_field(name)
        if field.is_relation:
            related = field.related_model.objects.all()
            if isinstance(agencies, Agency):
                related = related.filter(agency=agencies)
            else:
                related = related.filter(agency__in=agencies)
            options = [(str(obj.pk), str(obj)) for obj in related]
        else:
            options = [(str(value), label) for value, label in field.choices]
        raw = request.GET.get(name, "")
        selected = raw if raw in {value for value, _label in options} else ""
        result.append(
            {"name": name, "label": field.verbose_name, "options": options, "selected": selected}
        )
    return result


# Detail ------------------------------------------------------------------------------


@require_GET
def entry_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One entry with every published field, and the actions the user may take on it."""
    k = _kind(kind)
    entry = _get(k, request.user, pk)
    can_edit = can_edit_catalog(request.user, entry.agency_id)
    context = {
        "kind": k,
        "entry": entry,
        "rows": _rows(
            entry, [n for n in k.form._meta.fields if n not in catalog_forms.SERVICE_GUIDE]
        ),
        "can_edit": can_edit,
        "retire_actions": RETIRE_ACTIONS.get(entry.status, []) if can_edit and k.retirable else [],
        **DETAIL_EXTRAS.get(k.slug, lambda e, u: {})(entry, request.user),
    }
    template = select_template([f"catalog/detail_{k.slug}.html", "catalog/detail.html"])
    return HttpResponse(template.render(context, request))


def _rows(entry: models.Model, names) -> list[tuple[str, object]]:
    """(label, shown value) for each named field of the entry."""
    rows = []
    for name in names:
        field = entry._meta.get_field(name)
        if field.many_to_many:
            value = "；".join(str(item) for item in getattr(entry, name).all())
        elif field.choices:
            value = getattr(entry, f"get_{name}_display")()
        else:
            value = getattr(entry, name)
        rows.append((field.verbose_name, value))
    return rows


def _matter_extras(matter: Matter, user: User) -> dict:
    """What applies to a matter: standards, review entries and recording requirements."""
    applies = Q(matter=matter) | Q(matter__isnull=True)
    return {
        "guide": _rows(matter, catalog_forms.SERVICE_GUIDE),
        "standards": matter.standards.all(),
        "bases": matter.bases.all(),
        "review_entries": ReviewCatalogueEntry.objects.filter(
            applies, agency=matter.agency_id, status=Status.ACTIVE
        ).filter(Q(matter=matter) | Q(category=matter.category)),
        "recordings": RecordingRequirement.objects.filter(
            applies, agency=matter.agency_id, status=Status.ACTIVE
        ),
        "inspection_items": matter.inspection_items.filter(status=Status.ACTIVE),
    }


def _officer_extras(officer: Officer, user: User) -> dict:
    return {"certificates": officer.certificates.prefetch_related("fields")}


def _basis_extras(basis: LegalBasis, user: User) -> dict:
    return {"matters": basis.matters.all()}


DETAIL_EXTRAS: dict[str, Callable[[models.Model, User], dict]] = {
    "matters": _matter_extras,
    "officers": _officer_extras,
    "bases": _basis_extras,
}


# Create, edit, retire ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Create (in the user's own agency) or edit an entry, through the list's service."""
    k = _kind(kind)
    if pk is None:
        if not may_create(request.user):
            raise PermissionDenied
        entry = k.model(agency=request.user.agency)
    else:
        entry = _get(k, request.user, pk)
        require_edit(request.user, entry.agency_id)
    form = k.form(request.POST or None, instance=entry, agency=entry.agency)
    if request.method == "POST" and form.is_valid():
        relations = {name: form.cleaned_data[name] for name in k.relations}
        saved = _call_service(form, k.save, form.save(commit=False), request.user, relations)
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(k, saved))
    cancel = _detail_url(k, entry) if pk else reverse("catalog:list", args=[k.slug])
    title = _("Edit %(entry)s") % {"entry": entry} if pk else _("New: %(kind)s") % {"kind": k.title}
    return render(request, "catalog/form.html", {"form": form, "title": title, "cancel": cancel})


def _call_service(form: forms.BaseForm, service: Callable, *args, **kwargs):
    """Run a service; on refusal show it on the form and return ``None``."""
    try:
        return service(*args, **kwargs)
    except DomainError as error:
        catalog_forms.show_domain_error(form, error)
        return None


@require_POST
def entry_retire(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Suspend, repeal or reinstate an entry through ``retire_entry``."""
    k = _kind(kind)
    if not k.retirable:
        raise Http404
    entry = _get(k, request.user, pk)
    require_edit(request.user, entry.agency_id)
    offered = RETIRE_ACTIONS.get(entry.status, [])
    form = catalog_forms.StatusChangeForm(request.POST, offered=offered)
    if not form.is_valid():
        raise BadRequest("status")
    status = form.cleaned_data["status"]
    try:
        retire_entry(entry, actor=request.user, status=status)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Status changed to “%(status)s”.") % {"status": Status(status).label}
        )
    return redirect(_detail_url(k, entry))


# Discretion standards, edited inline on the matter's page ---------------------------------


def _matter_for_edit(request: HttpRequest, matter_pk: int) -> Matter:
    matter = get_for_user(Matter.objects.all(), request.user, pk=matter_pk)
    require_edit(request.user, matter.agency_id)
    return matter


@require_GET
def standard_row(request: HttpRequest, matter_pk: int, pk: int) -> HttpResponse:
    """One row of the standards table (htmx: cancel an inline edit)."""
    matter = get_for_user(Matter.objects.all(), request.user, pk=matter_pk)
    standard = get_for_user(matter.standards.all(), request.user, "matter__agency", pk=pk)
    context = {"standard": standard, "matter": matter, "can_edit": _can_edit(request, matter)}
    return render(request, "catalog/_standard_row.html", context)


def _can_edit(request: HttpRequest, entry: models.Model) -> bool:
    return can_edit_catalog(request.user, entry.agency_id)


@require_http_methods(["GET", "POST"])
def standard_form(request: HttpRequest, matter_pk: int, pk: int | None = None) -> HttpResponse:
    """Add or edit a band of a matter's discretion standard, inline with htmx."""
    matter = _matter_for_edit(request, matter_pk)
    standard = (
        get_for_user(matter.standards.all(), request.user, "matter__agency", pk=pk)
        if pk
        else DiscretionStandard(matter=matter)
    )
    form = catalog_forms.DiscretionStandardForm(request.POST or None, instance=standard)
    if request.method == "POST" and form.is_valid():
        saved = _call_service(form, save_entry, form.save(commit=False), actor=request.user)
        if saved is not None:
            if _is_partial(request):
                context = {"standard": saved, "matter": matter, "can_edit": True}
                return render(request, "catalog/_standard_row.html", context)
            messages.success(request, _("Saved."))
            return redirect(_detail_url(KINDS["matters"], matter))
    context = {"form": form, "matter": matter, "standard": standard}
    return _render(
        request, "catalog/standard_form.html", "catalog/_standard_form_row.html", context
    )


# Certificates -------------------------------------------------------------------------

CERTIFICATES = Certificate.objects.select_related("officer", "officer__agency")


@require_GET
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A certificate, its status today and its full history, with the events allowed now."""
    certificate = get_for_user(CERTIFICATES, request.user, "officer__agency", pk=pk)
    return _certificate_page(request, certificate, form=None)


def _certificate_page(request, certificate: Certificate, form) -> HttpResponse:
    can_edit = can_edit_catalog(request.user, certificate.agency_id)
    kinds = allowed_certificate_events(certificate) if can_edit else []
    if form is None and kinds:
        form = catalog_forms.CertificateEventForm(kinds=kinds)
    context = {
        "certificate": certificate,
        "officer": certificate.officer,
        "events": certificate.events.all(),
        "can_edit": can_edit,
        "event_form": form,
    }
    return render(request, "catalog/certificate_detail.html", context)


@require_POST
def certificate_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an event (suspend, reinstate, revoke, annual review, renew…) to the history."""
    certificate = get_for_user(CERTIFICATES, request.user, "officer__agency", pk=pk)
    require_edit(request.user, certificate.agency_id)
    form = catalog_forms.CertificateEventForm(
        request.POST, kinds=allowed_certificate_events(certificate)
    )
    if form.is_valid():
        data = form.cleaned_data
        event = _call_service(
            form,
            add_certificate_event,
            certificate,
            actor=request.user,
            kind=data["kind"],
            date=data["date"],
            reason=data["reason"],
            valid_to=data["valid_to"],
        )
        if event is not None:
            messages.success(
                request, _("Event “%(event)s” added.") % {"event": event.get_kind_display()}
            )
            return redirect("catalog:certificate", pk=certificate.pk)
    return _certificate_page(request, certificate, form)


@require_http_methods(["GET", "POST"])
def certificate_form(
    request: HttpRequest, officer_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """Create a certificate for an officer, or edit one's particulars (not its standing)."""
    if pk is None:
        officer = get_for_user(Officer.objects.all(), request.user, pk=officer_pk)
        certificate = Certificate(officer=officer)
    else:
        certificate = get_for_user(CERTIFICATES, request.user, "officer__agency", pk=pk)
        officer = certificate.officer
    require_edit(request.user, officer.agency_id)
    form = catalog_forms.CertificateForm(
        request.POST or None, instance=certificate, agency=officer.agency
    )
    if request.method == "POST" and form.is_valid():
        relations = {"fields": form.cleaned_data["fields"]}
        saved = _call_service(
            form, save_entry, form.save(commit=False), actor=request.user, relations=relations
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("catalog:certificate", pk=saved.pk)
    title = _("Certificate of %(officer)s") % {"officer": officer}
    cancel = _detail_url(KINDS["officers"], officer)
    return render(request, "catalog/form.html", {"form": form, "title": title, "cancel": cancel})


# The workbench ---------------------------------------------------------------------------

EXPIRY_WARNING_DAYS = 90


def attention(user: User) -> dict:
    """What in the user's catalogue needs attention now: officers in the directory who may
    not enforce today, and certificates about to expire (for the start page)."""
    if user.agency_id is None:
        return {}
    today = timezone.localdate()
    valid = Certificate.objects.valid_on(today)
    officers = Officer.objects.filter(agency_id=user.agency_id, status=Status.ACTIVE)
    return {
        "officers_without_certificate": officers.filter(
            Q(employment=Officer.Employment.CONTRACT) | ~Q(pk__in=valid.values("officer"))
        ).order_by("code"),
        "expiring_certificates": valid.filter(officer__in=officers)
        .expiring(today, EXPIRY_WARNING_DAYS)
        .select_related("officer")
        .order_by("valid_to"),
        "expiry_warning_days": EXPIRY_WARNING_DAYS,
    }
