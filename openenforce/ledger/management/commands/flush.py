"""Django's ``flush``, able to empty the record tables where that is explicitly allowed.

The record tables refuse DELETE and TRUNCATE, so a plain flush fails, as it should on a
real installation. Test suites set ``OPENENFORCE_LEDGER_ALLOW_FLUSH`` so that tests with
real commits (``transaction=True``) can reset the database between tests.
"""

from django.conf import settings
from django.core.management.commands import flush
from django.db import connections

from openenforce.ledger import triggers


class Command(flush.Command):
    def handle(self, **options):
        if not getattr(settings, "OPENENFORCE_LEDGER_ALLOW_FLUSH", False):
            return super().handle(**options)
        connection = connections[options.get("database", "default")]
        triggers.execute(connection, triggers.drop_statements(connection.vendor))
        try:
            return super().handle(**options)
        finally:
            triggers.execute(connection, triggers.create_statements(connection.vendor))
