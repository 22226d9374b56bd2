from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordingsConfig(AppConfig):
    name = "openenforce.recordings"
    label = "recordings"
    verbose_name = _("Audio and video recordings")

    def ready(self) -> None:
        # What this app plugs into cases (cases.registry): see extensions.py.
        from openenforce.recordings import extensions

        extensions.register()
