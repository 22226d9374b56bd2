"""Cursors that read ``bytea`` from PostgreSQL as raw bytes.

Django binds parameters client-side, which cannot ask for binary results, so the record's
bulk reads (entries, tiles) use psycopg cursors with server-side binding instead: a tile
then comes as 8 KiB, not 16 KiB of hex text to decode. No Django import here: verification
workers use it too.
"""

from __future__ import annotations


def binary_cursor(connection, name: str | None = None):
    """A binary-result cursor on a psycopg connection, or on Django's ``connection`` (its
    current one, opened if need be, inside its transaction); ``name`` makes it a
    server-side cursor that streams."""
    import psycopg

    if hasattr(connection, "ensure_connection"):  # Django's wrapper
        connection.ensure_connection()
        connection = connection.connection
    cursor = psycopg.ServerCursor(connection, name) if name else psycopg.Cursor(connection)
    cursor.format = psycopg.pq.Format.BINARY
    return cursor
