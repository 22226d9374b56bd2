from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "openenforce.disclosure"
    label = "disclosure"
    verbose_name = _("Publication")

    def ready(self) -> None:
        # What this app plugs into cases (cases.registry): see extensions.py.
        from openenforce.core import todo
        from openenforce.disclosure import extensions
        from openenforce.disclosure.todo import publication_tasks

        extensions.register()
        todo.register("disclosure", publication_tasks)
