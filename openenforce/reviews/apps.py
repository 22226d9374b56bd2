from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "openenforce.reviews"
    label = "reviews"
    verbose_name = _("Legal review of major decisions")

    def ready(self) -> None:
        # What this app plugs into cases (cases.registry): see extensions.py.
        from openenforce.reviews import extensions

        extensions.register()
