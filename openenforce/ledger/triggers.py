"""Database triggers that make the record tables append-only.

The application never updates or deletes a record row; the triggers turn an accidental or
unauthorised attempt (an admin's SQL console, a buggy migration) into an error. They are
not the proof: someone who can drop them can still change rows, which ``ledger verify``
then detects from the hashes and the signed checkpoints.
"""

from __future__ import annotations

RECORD_TABLES = ("ledger_entry", "ledger_tile", "ledger_checkpoint")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the record table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
"""


def create_statements(vendor: str) -> list[str]:
    """SQL creating the refusal triggers on every record table for ``vendor``."""
    if vendor == "postgresql":
        statements = [_PG_FUNCTION]
        for table in RECORD_TABLES:
            statements += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();",
            ]
        return statements
    if vendor == "sqlite":  # SQLite has no TRUNCATE; DELETE without WHERE fires the trigger
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'the record table {table} is append-only: {op} refused'); END;"
            for table in RECORD_TABLES
            for op in ("UPDATE", "DELETE")
        ]
    return []


def drop_statements(vendor: str) -> list[str]:
    """SQL dropping the triggers again (tamper tests, and the test suite's flush)."""
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_{name} ON {table};"
            for table in RECORD_TABLES
            for name in ("append_only", "no_truncate")
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_{op};"
            for table in RECORD_TABLES
            for op in ("update", "delete")
        ]
    return []


def execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
