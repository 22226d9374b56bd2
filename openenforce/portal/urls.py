"""The public portal's paths (included at the site root, so every path has its own prefix)."""

from django.urls import path

from openenforce.portal import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.index, name="index"),
]
