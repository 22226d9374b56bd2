from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using: str = "default", **kwargs: object) -> None:
    """The database cache's table (the ``shared`` cache without Redis) is not a model, so
    ``migrate`` would not make it: make it after every migrate (idempotent)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "openenforce.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from openenforce.core import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(create_cache_tables, sender=self)
