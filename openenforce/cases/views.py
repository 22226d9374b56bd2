"""The public flowchart of each procedure (执法流程图): generated from the lifecycle the
engine enforces, so it cannot drift. Public information, cacheable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from openenforce.cases import lifecycles
from openenforce.cases.flowchart import render_svg


@login_not_required
@require_GET
@cache_control(public=True, max_age=3600)
def flowchart(request: HttpRequest, procedure: str) -> HttpResponse:
    """``/cases/flowcharts/<procedure>.svg`` in the request's language; ``?current=<state>``
    highlights that step (a case's page shows where the case is; an unknown state is
    ignored)."""
    lifecycle = lifecycles.get(procedure)
    if lifecycle is None:
        raise Http404
    current = request.GET.get("current") or None
    svg = render_svg(lifecycle, current=current)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Vary"] = "Accept-Language, Cookie"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
