"""PostgreSQL: keep the token vectors in the row (compressed if they shrink) instead of
the TOAST table, so the per-row match check of a newest-first walk reads no second
relation (about 25 -> 10 microseconds a row measured by bench/portal_search.py)."""

from django.db import migrations


def _storage(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for column in ("tokens", "title_tokens"):
                schema_editor.execute(
                    f"ALTER TABLE search_entry ALTER COLUMN {column} SET STORAGE {value}"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_indexes")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
