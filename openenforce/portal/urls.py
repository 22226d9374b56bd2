"""The public portal's paths (included at the site root, so every path has its own prefix)."""

from django.urls import path

from openenforce.portal import annual_views, evaluation_views, views

app_name = "portal"

urlpatterns = [
    path("portal/", views.index, name="index"),
    path("portal/language/", views.language, name="language"),
    path("portal/agencies/", views.agencies, name="agencies"),
    path("portal/agencies/<slug:code>/", views.agency, name="agency"),
    path("portal/officers/", views.officers, name="officers"),
    path("portal/certificates/<str:number>/", views.certificate, name="certificate"),
    path("portal/certificates/<str:number>/qr.svg", views.certificate_qr, name="certificate_qr"),
    path("portal/matters/", views.matters, name="matters"),
    path("portal/matters/<int:pk>/", views.matter, name="matter"),
    path("portal/lists/", views.lists, name="lists"),
    path("portal/lists/<slug:kind>/", views.lists, name="list"),
    path("portal/decisions/", views.decisions, name="decisions"),
    path("portal/decisions/feed.atom", views.decision_feed, name="feed"),
    path("portal/decisions/<int:pk>/", views.decision, name="decision"),
    path("portal/decisions/<int:pk>/verify/", views.verify_decision, name="verify_decision"),
    path("portal/decisions/<int:pk>/proof.json", views.decision_proof, name="decision_proof"),
    path(
        "portal/history/plan/<slug:agency>/<slug:code>.json",
        views.plan_history_json,
        name="plan_history_json",
    ),
    path("portal/history/plan/<slug:agency>/<slug:code>/", views.plan_history, name="plan_history"),
    path("portal/history/<slug:kind>/<str:key>.json", views.history_json, name="history_json"),
    path("portal/history/<slug:kind>/<str:key>/", views.history, name="history"),
    path("portal/annual-reports/", annual_views.annual_reports, name="annual_reports"),
    path("portal/annual-reports/<int:pk>/", annual_views.annual_report, name="annual_report"),
    path(
        "portal/annual-reports/<int:pk>/report.<slug:fmt>",
        annual_views.annual_report_file,
        name="annual_report_file",
    ),
    path(
        "portal/evaluation-reports/",
        evaluation_views.evaluation_reports,
        name="evaluation_reports",
    ),
    path(
        "portal/evaluation-reports/<int:pk>/",
        evaluation_views.evaluation_report,
        name="evaluation_report",
    ),
    path(
        "portal/evaluation-reports/<int:pk>/report.pdf",
        evaluation_views.evaluation_report_pdf,
        name="evaluation_report_pdf",
    ),
    path("portal/transparency/", views.transparency, name="transparency"),
    path("portal/witnesses/", views.witnesses, name="witnesses"),
    path("portal/open-data/", views.open_data, name="open_data"),
    path("portal/statistics/", views.statistics, name="statistics"),
    path("portal/data/<slug:name>.<slug:fmt>", views.download, name="download"),
]
