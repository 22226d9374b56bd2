"""The full-text indexes, which differ per database (docs/search.md): GIN indexes on the
tsvector token columns on PostgreSQL; an FTS5 table of the tokens on SQLite."""

from django.db import migrations

POSTGRES = [
    "CREATE INDEX search_entry_tokens_gin ON search_entry USING gin (tokens)",
    "CREATE INDEX search_entry_title_tokens_gin ON search_entry USING gin (title_tokens)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_tokens_gin",
    "DROP INDEX IF EXISTS search_entry_title_tokens_gin",
]
# The tokens are already split (space-separated bigrams and words); unicode61 only splits
# on the spaces: it keeps runs of letters, Chinese included, as one token.
SQLITE = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    "tokens, title_tokens, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_entry_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
