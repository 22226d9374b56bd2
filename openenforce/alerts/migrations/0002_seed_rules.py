"""Seed the installation's warning rules (openenforce.alerts.rules.DEFINITIONS)."""

from django.db import migrations


def seed(apps, schema_editor):
    from openenforce.alerts.rules import seed_into

    seed_into(apps.get_model("alerts", "WarningRule"))


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
