from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openenforce.catalog import views as catalog_views


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The staff workbench's start page."""
    return render(request, "core/home.html", catalog_views.attention(request.user))


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability, for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
