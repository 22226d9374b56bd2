from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="head",
            name="cosigned_note",
            field=models.TextField(blank=True, default="", verbose_name="cosigned note"),
        ),
        migrations.CreateModel(
            name="WitnessState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "vkey",
                    models.CharField(max_length=300, unique=True, verbose_name="witness key"),
                ),
                ("size", models.BigIntegerField(default=0, verbose_name="tree size")),
                ("cosigned_at", models.DateTimeField(null=True, verbose_name="cosigned at")),
            ],
            options={"verbose_name": "witness state", "verbose_name_plural": "witness states"},
        ),
    ]
