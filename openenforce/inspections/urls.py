from django.urls import path

from openenforce.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/announce/", views.plan_announce, name="announce"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="draw"),
    path("plans/<int:pk>/consent/", views.plan_consent, name="consent"),
    path("plans/<int:pk>/seed/commit/", views.seed_commit, name="seed_commit"),
    path("plans/<int:pk>/seed/reveal/", views.seed_reveal, name="seed_reveal"),
    path("targets/", views.targets, name="targets"),
    path("targets/import/", views.targets_import, name="targets_import"),
    path("targets/export.csv", views.targets_export, name="targets_export"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("inspectors/absences/", views.absence_add, name="absence_add"),
    path("inspectors/conflicts/", views.conflict_add, name="conflict_add"),
    path("public/", views.public_index, name="public_index"),
    path("public/<slug:agency>/<slug:code>/", views.public_plan, name="public_plan"),
    path("public/<slug:agency>/<slug:code>/draw.json", views.public_export, name="public_export"),
]
