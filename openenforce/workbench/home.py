"""The staff workbench's start page (``/``): what waits for the user, then the catalogue."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openenforce.accounts.models import Role, User
from openenforce.accounts.permissions import scope
from openenforce.alerts.models import Warning as RaisedWarning
from openenforce.catalog import views as catalog_views
from openenforce.core import todo
from openenforce.disclosure.models import Publication
from openenforce.documents.checks import LOOPBACK, public_url_is_local
from openenforce.reviews.models import LegalReview
from openenforce.supervision.views import home_panel as supervision_home
from openenforce.workbench.selectors import Filters, case_list


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's to-do list by urgency, and what needs attention in the
    catalogue. A visitor who is not logged in is sent to the public portal (staff log in
    from there or at /accounts/login/)."""
    if not request.user.is_authenticated:
        return redirect("portal:index")
    today = timezone.localdate()
    summary = todo.summary(request.user, today)
    todo.remember(request.user, summary.count)
    context = {
        "todo": summary,
        "today": today,
        "soon_days": todo.DUE_SOON_DAYS,
        "public_url_warning": _public_url_wrong(request),
    }
    context.update(catalog_views.attention(request.user))
    context["supervision"] = _supervision(request.user, today)
    return render(request, "core/home.html", context)


def _supervision(user, today) -> dict | None:
    """For a supervisor: what is overdue in the agencies they supervise (cases' deadlines,
    legal reviews, publications) and their warnings not yet resolved, each leading to its
    list; else None."""
    if not isinstance(user, User) or not user.has_role(Role.SUPERVISOR):
        return None
    overdue = Filters(scope="agency", due="overdue")
    return {
        "dashboard": supervision_home(user, today),
        "cases": case_list(user, overdue, today).count(),
        "reviews": scope(LegalReview.objects.pending(), user, "case__agency")
        .filter(due_on__lt=today)
        .count(),
        "publications": scope(Publication.objects.overdue(today), user).count(),
        "warnings": scope(RaisedWarning.objects.open(), user).count(),
    }


def _public_url_wrong(request: HttpRequest) -> str:
    """The configured public address, when it only works on this machine but the site is
    reached from elsewhere (QR codes printed now would not scan); else ""."""
    user = request.user
    if not isinstance(user, User) or not (
        user.is_superuser or user.has_role(Role.ADMIN.value, Role.HEAD.value)
    ):
        return ""
    if not public_url_is_local() or request.get_host().split(":")[0] in LOOPBACK:
        return ""
    return settings.OPENENFORCE_PUBLIC_URL


@require_GET
def todo_count(request: HttpRequest) -> HttpResponse:
    """The navigation's count of what waits for the user, loaded after the page (htmx),
    so that no page pays for it; empty when nothing waits."""
    waiting = todo.count(request.user, timezone.localdate())
    return render(request, "core/_todo_count.html", {"waiting": waiting})
