from django.urls import path

from openenforce.core.calendar import views

app_name = "core"

urlpatterns = [
    path("", views.index, name="calendar"),
    path("due/", views.due, name="calendar_due"),
    path("import/", views.import_arrangement, name="calendar_import"),
]
