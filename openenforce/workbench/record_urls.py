"""/transparency/subject/… and /transparency/entry/…: the staff timeline of the record."""

from django.urls import path

from openenforce.workbench import record_views

app_name = "record"

urlpatterns = [
    path("subject/<str:kind>/<str:subject_id>/", record_views.subject_timeline, name="subject"),
    path("entry/<int:sequence>/proof/", record_views.entry_proof, name="proof"),
]
