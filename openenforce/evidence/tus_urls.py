"""``/api/v1/uploads/``: the tus endpoint (included before the ninja API in the root URLs)."""

from django.urls import path

from openenforce.evidence import tus

urlpatterns = [
    path("", tus.collection, name="tus-collection"),
    path("<uuid:upload_id>", tus.resource, name="tus-upload"),
]
