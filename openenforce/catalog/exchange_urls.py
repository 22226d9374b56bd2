"""Catalogue workbook pages, included at /catalog/exchange/."""

from django.urls import path

from openenforce.catalog import exchange_views as views

app_name = "catalog_exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("import/", views.upload, name="upload"),
    path("import/apply/", views.apply, name="apply"),
]
