from django.urls import path

from openenforce.casefiles import views

app_name = "casefiles"

urlpatterns = [
    path("cases/<int:pk>/<str:kind>", views.export, name="export"),
]
