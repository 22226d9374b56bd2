"""Refuse UPDATE, DELETE and TRUNCATE on the record tables (both SQLite and PostgreSQL)."""

from django.db import migrations

from openenforce.ledger import triggers


def create(apps, schema_editor):
    triggers.execute(schema_editor.connection, triggers.create_statements(schema_editor.connection.vendor))


def drop(apps, schema_editor):
    triggers.execute(schema_editor.connection, triggers.drop_statements(schema_editor.connection.vendor))


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
