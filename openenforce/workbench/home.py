"""The staff workbench's start page (``/``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openenforce.catalog import views as catalog_views


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The staff workbench's start page."""
    return render(request, "core/home.html", catalog_views.attention(request.user))
