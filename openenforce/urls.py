"""URL map: staff pages, admin, API, and the deliberately public pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from openenforce.accounts import security_views
from openenforce.api import api, unknown_path
from openenforce.core import views as core_views
from openenforce.workbench import home

urlpatterns = [
    path("", home.home, name="home"),
    path("todo/count", home.todo_count, name="todo_count"),
    # The log-in page (throttled by django-axes; the second step follows when owed).
    path("accounts/login/", security_views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("openenforce.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    # Before "catalog/": its "<kind>/" pattern would otherwise take "exchange/".
    path("catalog/exchange/", include("openenforce.catalog.exchange_urls")),
    path("catalog/", include("openenforce.catalog.urls")),
    path("calendar/", include("openenforce.calendar.urls")),
    path("transparency/", include("openenforce.ledger.urls")),
    path("transparency/", include("openenforce.workbench.record_urls")),
    path("cases/", include("openenforce.cases.urls")),
    path("cases/", include("openenforce.workbench.urls")),
    path("reviews/", include("openenforce.reviews.urls")),
    path("evidence/", include("openenforce.evidence.urls")),
    path("recordings/", include("openenforce.recordings.urls")),
    path("documents/", include("openenforce.documents.urls")),
    path("deliveries/", include("openenforce.deliveries.urls")),
    path("casefiles/", include("openenforce.casefiles.urls")),
    path("disclosure/", include("openenforce.disclosure.urls")),
    path("inspections/", include("openenforce.inspections.urls")),
    path("annual-reports/", include("openenforce.annualreports.urls")),
    path("remedies/", include("openenforce.remedies.urls")),
    path("supervision/", include("openenforce.supervision.urls")),
    path("alerts/", include("openenforce.alerts.urls")),
    path("evaluation/", include("openenforce.evaluation.urls")),
    path("appraisal/", include("openenforce.appraisal.urls")),
    path("party/", include("openenforce.party.urls")),
    path("field/", include("openenforce.field.urls")),  # the officers' field app (PWA)
    # The public portal (no login) owns the short public paths: /portal/..., /v/... (verify).
    path("", include("openenforce.portal.urls")),
    # Resumable uploads (tus protocol, not JSON): before the ninja API, which owns api/v1/.
    path("api/v1/uploads/", include("openenforce.evidence.tus_urls")),
    path("api/v1/", api.urls),
    # One log-in page for everyone: the admin's own would skip the second step.
    path("admin/login/", security_views.admin_login),
    # The rest of /api/ (another version, a typo) answers the API's JSON 404 too.
    re_path(r"^api(?:/|$)", unknown_path),
    # Before the admin's own: its "view on site" shortcut answered 500 for odd ids.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(core_views.view_on_site),
    ),
    path("admin/", admin.site.urls),
]
