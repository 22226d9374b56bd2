from urllib.parse import urlencode

from django.conf import settings

from openenforce.core.params import parse_id


def site(request):
    """Values every template needs: the site name and the user's roles."""
    user = getattr(request, "user", None)
    roles = user.role_codes() if user is not None and user.is_authenticated else set()
    return {
        "site_name": settings.OPENENFORCE_SITE_NAME,
        "user_roles": roles,
        "agency_query": _agency_query(request),
    }


def _agency_query(request) -> str:
    """``?agency=N`` of the current page, so the chosen agency follows the catalogue nav."""
    agency = request.GET.get("agency", "") if request is not None else ""
    return f"?{urlencode({'agency': agency})}" if parse_id(agency) is not None else ""
