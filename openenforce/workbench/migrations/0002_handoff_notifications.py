"""Notifications of hand-offs: not only about a case (a publication waits for approval),
so the case is optional and each notice carries its link and what it is about (``key``)."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Notification = apps.get_model("workbench", "Notification")
    for note in Notification.objects.all().iterator():
        note.key = f"case:{note.case_id}"
        note.url = f"/cases/{note.case_id}/"
        note.save(update_fields=["key", "url"])


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="notification", name="notification_once_per_day"),
        migrations.AddField(
            model_name="notification",
            name="key",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="url",
            field=models.CharField(default="", max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="notifications",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("handoff", "Hand-off"),
                    ("due_soon", "Deadline due soon"),
                    ("overdue", "Deadline overdue"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("user", "kind", "key", "day"), name="notification_once_per_day"
            ),
        ),
    ]
