"""REST endpoints for the catalogue (事前公开): read, create and update by code.

Every endpoint works on one agency's catalogue, named by ``?agency=CODE`` and defaulting
to the caller's own agency. Reading is for any staff of the agency and for supervisors of
it; writing is for its administrators and heads (``can_edit_catalog``): others get 403 for
an agency they can see and 404 for one they cannot. Writes go through
``catalog.services`` (one transaction, one record entry each).

Each list is described once in ``catalog.kinds`` (model, path, name, editable fields as
the ``…In`` schema); its :class:`Resource` adds how the API reads it (references, search,
filters) and its output schema, and it gets the same five operations:
``GET /{list}/`` (filters, search ``q``, pages), ``GET /{list}/{code}``, ``POST /{list}/``,
``PUT /{list}/{code}`` (every field) and ``PATCH /{list}/{code}`` (only the fields sent).
References to other entries are given by their codes (an officer's certificates by
number, an officer's user account by user name). Operations return the entries
themselves; the output schemas read them, their ``resolve_…`` giving references as codes.
Lists are paged by ``core.pagination.PageNumber``.
"""

# No ``from __future__ import annotations``: ninja reads the schemas of the views made in
# ``register`` from their annotations, which must be real types, not strings.
import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import create_model

from openenforce.accounts.models import Agency, Department, User
from openenforce.accounts.permissions import can_edit_catalog, get_for_user
from openenforce.catalog import kinds, services
from openenforce.catalog.kinds import (
    CertificateEventIn,
    CertificateIn,
    Code,
    EntryStatusIn,
    FieldIn,
    InspectionItemIn,
    Kind,
    LegalBasisIn,
    MatterIn,
    OfficerIn,
    RecordingRequirementIn,
    ReviewEntryIn,
    StandardIn,
    choice,
)
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
)
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import FieldProblem, InvalidInput, NotPermitted, WrongState
from openenforce.core.pagination import PageNumber

router = Router(tags=["catalog"])


# ---------------------------------------------------------------- output


def _key(obj: models.Model | None, key: str = "code") -> str | None:
    return getattr(obj, key) if obj is not None else None


def _keys(manager: Any, key: str = "code") -> list[str]:
    return [getattr(row, key) for row in manager.all()]


# Output schemas read the entries themselves (``from_attributes``); a ``resolve_<field>``
# turns a reference into the code (or number, or user name) the API shows for it.


class CatalogFieldOut(FieldIn):
    agency: str
    code: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code


class EntryOut(Schema):
    agency: str
    code: str
    status: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code


class LegalBasisOut(EntryOut, LegalBasisIn):
    pass


class StandardOut(StandardIn):
    code: str


class CatalogMatterOut(EntryOut, MatterIn):
    standards: list[StandardOut]

    @staticmethod
    def resolve_field(obj: Matter) -> str | None:
        return _key(obj.field)

    @staticmethod
    def resolve_department(obj: Matter) -> str | None:
        return _key(obj.department)

    @staticmethod
    def resolve_bases(obj: Matter) -> list[str]:
        return _keys(obj.bases)


class CertificateEventOut(Schema):
    kind: choice(CertificateEvent.Kind)
    kind_display: str
    date: datetime.date
    reason: str

    @staticmethod
    def resolve_kind_display(obj: CertificateEvent) -> str:
        return obj.get_kind_display()


class CertificateOut(CertificateIn):
    number: str
    standing: str
    status: str = Field(..., description="Derived from standing and dates, today.")
    status_display: str
    events: list[CertificateEventOut]

    @staticmethod
    def resolve_officer(obj: Certificate) -> str:
        return obj.officer.code

    @staticmethod
    def resolve_fields(obj: Certificate) -> list[str]:
        return _keys(obj.fields)

    @staticmethod
    def resolve_status_display(obj: Certificate) -> str:
        return obj.get_status_display()


class CatalogOfficerOut(EntryOut, OfficerIn):
    may_enforce: bool
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_department(obj: Officer) -> str | None:
        return _key(obj.department)

    @staticmethod
    def resolve_user(obj: Officer) -> str | None:
        return _key(obj.user, "username")


class _MatterRef(Schema):
    @staticmethod
    def resolve_matter(obj: Any) -> str | None:
        return _key(obj.matter)


class CatalogInspectionItemOut(_MatterRef, EntryOut, InspectionItemIn):
    @staticmethod
    def resolve_field(obj: RandomInspectionItem) -> str | None:
        return _key(obj.field)

    @staticmethod
    def resolve_department(obj: RandomInspectionItem) -> str | None:
        return _key(obj.department)


class CatalogRecordingOut(_MatterRef, EntryOut, RecordingRequirementIn):
    pass


class CatalogReviewEntryOut(_MatterRef, EntryOut, ReviewEntryIn):
    pass


# ---------------------------------------------------------------- resources


@dataclass(frozen=True)
class Ref:
    """A reference to other rows of the same agency, given and shown by their key."""

    model: type[models.Model]
    many: bool = False
    key: str = "code"
    agency_path: str = "agency"


@dataclass(frozen=True)
class Resource:
    """One list of the catalogue, as the API exposes it."""

    kind: Kind
    out: type[Schema]
    refs: dict[str, Ref] = field(default_factory=dict)
    search: tuple[str, ...] = ("code",)
    filters: dict[str, str] = field(default_factory=dict)
    agency_path: str = "agency"
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    has_status: bool = True

    path = property(lambda self: self.kind.path)
    name = property(lambda self: self.kind.name)
    model = property(lambda self: self.kind.model)
    fields = property(lambda self: self.kind.schema)
    key = property(lambda self: self.kind.key)

    def queryset(self, agency: Agency) -> QuerySet:
        rows = self.model.objects.filter(**{self.agency_path: agency})
        return rows.select_related(*self.select).prefetch_related(*self.prefetch)


FIELD_REF = Ref(EnforcementField)
DEPARTMENT_REF = Ref(Department)
MATTER_REF = Ref(Matter)

RESOURCES = (
    Resource(
        kinds.FIELD,
        CatalogFieldOut,
        search=("code", "name"),
        has_status=False,
    ),
    Resource(
        kinds.LEGAL_BASIS,
        LegalBasisOut,
        search=("code", "law_name", "article", "text"),
        filters={"status": "status", "level": "level"},
    ),
    Resource(
        kinds.MATTER,
        CatalogMatterOut,
        refs={
            "field": FIELD_REF,
            "department": DEPARTMENT_REF,
            "bases": Ref(LegalBasis, many=True),
        },
        search=("code", "name", "sub_item"),
        filters={
            "status": "status",
            "category": "category",
            "field": "field__code",
            "department": "department__code",
        },
        select=("field", "department", "agency"),
        prefetch=("bases", "standards"),
    ),
    Resource(
        kinds.OFFICER,
        CatalogOfficerOut,
        refs={"department": DEPARTMENT_REF, "user": Ref(User, key="username")},
        search=("code", "name", "position"),
        filters={"status": "status", "employment": "employment", "department": "department__code"},
        select=("department", "agency", "user"),
        prefetch=("certificates__fields", "certificates__events", "certificates__officer"),
    ),
    Resource(
        kinds.CERTIFICATE,
        CertificateOut,
        refs={"officer": Ref(Officer), "fields": Ref(EnforcementField, many=True)},
        search=("number", "officer__name", "issuing_authority"),
        filters={"standing": "standing", "officer": "officer__code"},
        agency_path="officer__agency",
        select=("officer__agency",),
        prefetch=("fields", "events"),
        has_status=False,
    ),
    Resource(
        kinds.INSPECTION_ITEM,
        CatalogInspectionItemOut,
        refs={"field": FIELD_REF, "department": DEPARTMENT_REF, "matter": MATTER_REF},
        search=("code", "item", "sub_item", "target_type"),
        filters={"status": "status", "field": "field__code", "method": "method"},
        select=("field", "department", "matter", "agency"),
    ),
    Resource(
        kinds.RECORDING,
        CatalogRecordingOut,
        refs={"matter": MATTER_REF},
        search=("code", "content", "occasion"),
        filters={"status": "status", "step": "step", "kind": "kind"},
        select=("matter", "agency"),
    ),
    Resource(
        kinds.REVIEW_ENTRY,
        CatalogReviewEntryOut,
        refs={"matter": MATTER_REF},
        search=("code", "name", "basis"),
        filters={"status": "status", "category": "category", "ground": "ground"},
        select=("matter", "agency"),
    ),
)


# ---------------------------------------------------------------- scoping and writing


def selected_agency(user: User, code: str | None) -> Agency:
    """The agency named by ``?agency=CODE`` (404 outside the caller's scope), else their own."""
    if code:
        return get_for_user(Agency.objects.all(), user, field="pk", code=code)
    if user.agency_id is None:
        raise InvalidInput(
            _("Name the agency with ?agency=CODE."),
            code="agency_required",
            problems=[FieldProblem(field="agency", message=_("This field is required."))],
        )
    return user.agency


def editable_agency(user: User, code: str | None) -> Agency:
    """The selected agency, if the caller may change its catalogue (else 403)."""
    agency = selected_agency(user, code)
    if not can_edit_catalog(user, agency.pk):
        raise NotPermitted(
            _("Only administrators and heads of the agency may change its catalogue."),
            code="catalog_not_permitted",
        )
    return agency


def _resolve(ref: Ref, agency: Agency, value: Any) -> Any:
    """The rows a reference names; raises ``LookupError`` naming the unknown keys."""
    if value is None:
        return [] if ref.many else None
    keys = list(value) if ref.many else [value]
    rows = ref.model.objects.filter(**{ref.agency_path: agency, f"{ref.key}__in": keys})
    found = {getattr(row, ref.key): row for row in rows}
    missing = [key for key in keys if key not in found]
    if missing:
        raise LookupError(", ".join(missing))
    return [found[key] for key in keys] if ref.many else found[value]


def apply(resource: Resource, obj: models.Model, data: dict[str, Any], agency: Agency) -> dict:
    """Set ``data`` on ``obj``; return the many-to-many relations to save with it."""
    relations, problems = {}, []
    for name, value in data.items():
        ref = resource.refs.get(name)
        if ref is None:
            setattr(obj, name, value)
            continue
        try:
            resolved = _resolve(ref, agency, value)
        except LookupError as exc:
            message = _("Unknown code in this agency: %(codes)s") % {"codes": exc}
            problems.append(FieldProblem(field=name, message=message))
            continue
        if ref.many:
            relations[name] = resolved
        else:
            setattr(obj, name, resolved)
    if problems:
        raise InvalidInput(
            "; ".join(f"{p.field}: {p.message}" for p in problems),
            code="unknown_reference",
            problems=problems,
        )
    return relations


def _save(resource, obj, data, agency, actor):
    relations = apply(resource, obj, data, agency)
    services.save_entry(obj, actor=actor, relations=relations)
    return resource.queryset(agency).get(pk=obj.pk)


def _new_entry(resource: Resource, agency: Agency, key: str) -> models.Model:
    if resource.queryset(agency).filter(**{resource.key: key}).exists():
        raise WrongState(
            _("An entry with the code “%(code)s” already exists; change it with PUT or PATCH.")
            % {"code": key},
            code="code_taken",
        )
    obj = resource.model(**{resource.key: key})
    if resource.agency_path == "agency":
        obj.agency = agency
    return obj


# ---------------------------------------------------------------- operations


class ListQuery(Schema):
    agency: str | None = Field(None, description="Agency code; default: the caller's own.")
    q: str | None = Field(None, description="Search in codes, names and texts.")


def partial_schema(schema: type[Schema], name: str) -> type[Schema]:
    """``schema`` with every field optional, for PATCH (only the fields sent change)."""
    fields = {}
    for field_name, info in schema.model_fields.items():
        optional = copy.copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation | None, optional)
    return create_model(name, __base__=Schema, **fields)


def _filtered(resource: Resource, rows: QuerySet, filters: Schema) -> QuerySet:
    for name, lookup in resource.filters.items():
        value = getattr(filters, name, None)
        if value:
            rows = rows.filter(**{lookup: value})
    if filters.q:
        match = Q()
        for name in resource.search:
            match |= Q(**{f"{name}__icontains": filters.q})
        rows = rows.filter(match)
    return rows


def register(resource: Resource) -> None:
    """Add the list, get, create, replace and patch operations of one resource."""
    name, path, key = resource.name, f"/{resource.path}/", resource.key
    filter_fields = dict.fromkeys(resource.filters, (str | None, None))
    Filters = create_model(f"{name}Filters", __base__=ListQuery, **filter_fields)
    Create = create_model(f"{name}Create", __base__=resource.fields, **{key: (str, Code)})
    Patch = partial_schema(resource.fields, f"{name}Patch")

    def _get(request, code: str, agency: str | None):
        rows = resource.queryset(selected_agency(request.auth, agency))
        return get_for_user(rows, request.auth, field=resource.agency_path, **{key: code})

    @router.get(path, response={200: list[resource.out], **ERRORS}, operation_id=f"list_{name}")
    @paginate(PageNumber)
    def list_entries(request: HttpRequest, filters: Query[Filters]):
        rows = resource.queryset(selected_agency(request.auth, filters.agency))
        rows = _filtered(resource, rows, filters).order_by(key)
        return rows

    @router.get(path + "{code}", response={200: resource.out, **ERRORS}, operation_id=f"get_{name}")
    def get_entry(request: HttpRequest, code: str, agency: str | None = None):
        return _get(request, code, agency)

    @router.post(path, response={201: resource.out, **ERRORS}, operation_id=f"create_{name}")
    def create_entry(request: HttpRequest, payload: Create, agency: str | None = None):
        target = editable_agency(request.auth, agency)
        data = payload.model_dump()
        obj = _new_entry(resource, target, data.pop(key))
        return Status(201, _save(resource, obj, data, target, request.auth))

    @router.put(
        path + "{code}", response={200: resource.out, **ERRORS}, operation_id=f"replace_{name}"
    )
    def replace_entry(
        request: HttpRequest, code: str, payload: resource.fields, agency: str | None = None
    ):
        target = editable_agency(request.auth, agency)
        obj = _get(request, code, target.code)
        return _save(resource, obj, payload.model_dump(), target, request.auth)

    @router.patch(
        path + "{code}", response={200: resource.out, **ERRORS}, operation_id=f"update_{name}"
    )
    def update_entry(request: HttpRequest, code: str, payload: Patch, agency: str | None = None):
        target = editable_agency(request.auth, agency)
        obj = _get(request, code, target.code)
        data = payload.model_dump(exclude_unset=True)
        return _save(resource, obj, data, target, request.auth)

    if resource.has_status:

        @router.post(
            path + "{code}/status",
            response={200: resource.out, **ERRORS},
            operation_id=f"set_status_{name}",
        )
        def set_status(
            request: HttpRequest, code: str, payload: EntryStatusIn, agency: str | None = None
        ):
            """Suspend, repeal or reinstate an entry (entries are never deleted)."""
            target = editable_agency(request.auth, agency)
            obj = _get(request, code, target.code)
            services.retire_entry(obj, actor=request.auth, status=payload.status)
            return resource.queryset(target).get(pk=obj.pk)


for _resource in RESOURCES:
    register(_resource)

MATTERS, CERTIFICATES = (next(r for r in RESOURCES if r.model is m) for m in (Matter, Certificate))


@router.put(
    "/matters/{code}/standards/{standard_code}",
    response={200: CatalogMatterOut, **ERRORS},
    operation_id="put_DiscretionStandard",
)
def put_standard(
    request: HttpRequest,
    code: str,
    standard_code: str,
    payload: StandardIn,
    agency: str | None = None,
):
    """Create or replace one band of a matter's discretion standard (行政处罚法 Art 34)."""
    target = editable_agency(request.auth, agency)
    matter = get_for_user(MATTERS.queryset(target), request.auth, code=code)
    standard = matter.standards.filter(code=standard_code).first()
    standard = standard or DiscretionStandard(matter=matter, code=standard_code)
    for name, value in payload.model_dump().items():
        setattr(standard, name, value)
    services.save_entry(standard, actor=request.auth)
    return MATTERS.queryset(target).get(pk=matter.pk)


@router.post(
    "/certificates/{number}/events",
    response={201: CertificateOut, **ERRORS},
    operation_id="add_CertificateEvent",
)
def add_certificate_event(
    request: HttpRequest, number: str, payload: CertificateEventIn, agency: str | None = None
):
    """Add an event to a certificate's history (suspension, revocation, renewal, …)."""
    target = editable_agency(request.auth, agency)
    rows = CERTIFICATES.queryset(target)
    certificate = get_for_user(rows, request.auth, field="officer__agency", number=number)
    services.add_certificate_event(certificate, actor=request.auth, **payload.model_dump())
    return Status(201, rows.get(pk=certificate.pk))
