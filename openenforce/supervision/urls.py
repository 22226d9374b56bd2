"""The supervision pages: the dashboard and the drill-down lists (with their exports)."""

from django.urls import path

from openenforce.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/<slug:kind>/", views.item_list, name="list"),
]
