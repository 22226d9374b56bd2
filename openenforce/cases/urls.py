"""URLs of the cases app: the public flowcharts (the staff pages live in the workbench)."""

from django.urls import path

from openenforce.cases import views

app_name = "cases"

urlpatterns = [
    path("flowcharts/<slug:procedure>.svg", views.flowchart, name="flowchart"),
]
