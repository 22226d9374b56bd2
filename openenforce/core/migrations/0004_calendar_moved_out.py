# The working-day calendar became its own app (openenforce.calendar, issue 14). Its models
# leave core's state only; the tables stay and belong to calendar 0001 from here on.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_calendar_constraints"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CalendarDay"),
                migrations.DeleteModel(name="HolidayArrangement"),
            ],
            database_operations=[],
        ),
    ]
