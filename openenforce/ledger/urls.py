"""/transparency/: the C2SP tlog-tiles layout (public). The staff timeline under the same
prefix is the workbench's (``openenforce.workbench.record_urls``)."""

from django.urls import path

from openenforce.ledger import views

app_name = "ledger"

urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("vkey", views.vkey, name="vkey"),
    path("tile/entries/<path:rest>", views.entries, name="entries"),
    path("tile/<str:level>/<path:rest>", views.tile, name="tile"),
]
