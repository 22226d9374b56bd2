from django.urls import path

from openenforce.calendar import views

app_name = "calendar"

urlpatterns = [
    path("", views.index, name="calendar"),
    path("due/", views.due, name="calendar_due"),
    path("import/", views.import_arrangement, name="calendar_import"),
]
