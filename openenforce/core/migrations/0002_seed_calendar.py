"""Seed the working-day calendar from the chinese-calendar package (2004 to its last year)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from openenforce.calendar.seed import seed_into

    seed_into(
        apps.get_model("core", "CalendarDay"),
        apps.get_model("core", "HolidayArrangement"),
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
