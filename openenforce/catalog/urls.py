from django.urls import path

from openenforce.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("agency/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/edit/", views.certificate_form, name="certificate_edit"),
    path("certificates/<int:pk>/events/", views.certificate_event, name="certificate_event"),
    path(
        "officers/<int:officer_pk>/certificates/new/",
        views.certificate_form,
        name="certificate_new",
    ),
    path("matters/<int:matter_pk>/standards/new/", views.standard_form, name="standard_new"),
    path("matters/<int:matter_pk>/standards/<int:pk>/", views.standard_row, name="standard"),
    path(
        "matters/<int:matter_pk>/standards/<int:pk>/edit/",
        views.standard_form,
        name="standard_edit",
    ),
    path("<slug:kind>/", views.entry_list, name="list"),
    path("<slug:kind>/new/", views.entry_form, name="new"),
    path("<slug:kind>/<int:pk>/", views.entry_detail, name="detail"),
    path("<slug:kind>/<int:pk>/edit/", views.entry_form, name="edit"),
    path("<slug:kind>/<int:pk>/retire/", views.entry_retire, name="retire"),
]
