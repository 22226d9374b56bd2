"""/transparency/: the C2SP tlog-tiles layout (public) and the staff timeline."""

from django.urls import path

from openenforce.ledger import views

app_name = "ledger"

urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("vkey", views.vkey, name="vkey"),
    path("tile/entries/<path:rest>", views.entries, name="entries"),
    path("tile/<str:level>/<path:rest>", views.tile, name="tile"),
    path("subject/<str:kind>/<str:subject_id>/", views.subject_timeline, name="subject"),
    path("entry/<int:sequence>/proof/", views.entry_proof, name="proof"),
]
