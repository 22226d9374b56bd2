"""REST endpoints for the caller's account and the agencies they may read."""

from django.http import HttpRequest
from ninja import Router, Schema

from openenforce.accounts.models import Agency, User
from openenforce.accounts.permissions import get_for_user, scope
from openenforce.core.api_schemas import ERRORS, ErrorOut

router = Router(tags=["accounts"])


class AgencyRef(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    display_name: str
    agency: AgencyRef | None
    roles: list[str]
    is_superuser: bool
    visible_agencies: list[str]


class DepartmentOut(Schema):
    code: str
    name: str
    phone: str


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    credit_code: str | None
    legal_status: str
    level: str
    parent: str | None
    duties: str
    head_name: str
    complaint_phone: str
    address: str
    website: str
    remedy_channels: str
    supervises: list[str]


class AgencyDetailOut(AgencyOut):
    departments: list[DepartmentOut]


def _agencies_for(user: User):
    return scope(Agency.objects.select_related("parent"), user, field="pk")


def _agency_dict(agency: Agency) -> dict:
    data = {name: getattr(agency, name) for name in AgencyOut.model_fields}
    data["parent"] = agency.parent.code if agency.parent else None
    data["supervises"] = [a.code for a in agency.supervises.all()]
    return data


@router.get("/me", response={200: MeOut, 401: ErrorOut}, operation_id="get_me")
def me(request: HttpRequest):
    """The caller: agency, roles, and the agencies whose data they may read."""
    user: User = request.auth
    agency = user.agency
    return {
        "username": user.username,
        "display_name": str(user),
        "agency": {"code": agency.code, "name": agency.name} if agency else None,
        "roles": sorted(user.role_codes()),
        "is_superuser": user.is_superuser,
        "visible_agencies": list(_agencies_for(user).values_list("code", flat=True)),
    }


@router.get(
    "/agencies/", response={200: list[AgencyOut], 401: ErrorOut}, operation_id="list_agencies"
)
def list_agencies(request: HttpRequest):
    """Agencies the caller may read: their own and, for supervisors, those supervised."""
    return [_agency_dict(a) for a in _agencies_for(request.auth).prefetch_related("supervises")]


@router.get(
    "/agencies/{code}", response={200: AgencyDetailOut, **ERRORS}, operation_id="get_agency"
)
def get_agency(request: HttpRequest, code: str):
    """One agency's published particulars and departments (404 outside the caller's scope)."""
    agency = get_for_user(Agency.objects.all(), request.auth, field="pk", code=code)
    data = _agency_dict(agency)
    data["departments"] = list(agency.departments.values("code", "name", "phone"))
    return data
