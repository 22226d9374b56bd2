from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes import views as contenttype_views
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from openenforce.core.params import parse_id


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability, for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """The admin's "view on site" shortcut (``/admin/r/<ct>/<id>/``) answering 404 for a
    content type that is not an id and for an object id its model's key refuses (Django's
    own lets a UUID key's ValidationError through as a 500)."""
    pk = parse_id(content_type_id)
    if pk is None:
        raise Http404
    try:
        return contenttype_views.shortcut(request, pk, object_id)
    except ValidationError as exc:
        raise Http404 from exc
