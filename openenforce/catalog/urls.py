from django.urls import path

from openenforce.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
]
