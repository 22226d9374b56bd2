"""Canonical JSON and the digest of a domain row's state, with personal data committed.

A subject's state is the JSON object of its concrete fields. Fields listed in the model's
``ledger_personal_fields`` enter only as a commitment H(salt || value) whose salt lives in
the erasable ``Salt`` table; without a salt (after erasure) the commitment is to the
cleared value with an empty salt, so a later edit of an erased row is still detected.
Fields listed in ``ledger_volatile_fields`` are left out altogether: bookkeeping that
changes outside any domain action (a user's last login, a password hash) is not state.
Each forward many-to-many field enters as the sorted list of linked primary keys, so a
link row added or removed behind the application's back is caught like an edited column.
"""

from __future__ import annotations

import datetime
import decimal
import json
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

import rfc8785
from django.apps import apps
from django.db import connection, models

from openenforce.ledger import merkle
from openenforce.ledger.models import Salt

_MAX_SAFE_INT = 2**53 - 1  # RFC 8785 numbers are IEEE doubles


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JCS) serialisation.

    Python's sorted, compact, non-ASCII-escaping ``json.dumps`` is byte-identical to JCS
    for objects with ASCII keys and no floats (the escapes agree); it is ~4x faster than
    the reference implementation, which is used whenever a float is present.
    """
    if _has_float(value):
        return rfc8785.dumps(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def json_value(value: Any) -> Any:
    """A field value as a JSON primitive, the same however the row was loaded."""
    if value is None or isinstance(value, (bool, str, float, list, dict)):
        return value
    if isinstance(value, int):
        return value if abs(value) <= _MAX_SAFE_INT else str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


# Record kinds of models that moved to another app: entries already written name the old
# ``app_label.model`` forever, so the old kind keeps resolving to the model's new one. Once a
# real installation exists, every moved recorded model needs a line here, never removed
# (docs/record.md, "Record kinds and aliases").
KIND_ALIASES: dict[str, str] = {
    "core.calendarday": "calendar.calendarday",  # the calendar became its own app (issue 14)
    "core.holidayarrangement": "calendar.holidayarrangement",
}


def kind_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def current_kind(kind: str) -> str:
    """The kind as entries are written today: an old kind of a moved model is translated."""
    return KIND_ALIASES.get(kind, kind)


def kinds_for(kind: str) -> list[str]:
    """Every kind entries about ``kind``'s subjects may carry: today's and its old ones."""
    kind = current_kind(kind)
    return [kind, *sorted(old for old, new in KIND_ALIASES.items() if new == kind)]


def model_for(kind: str) -> type[models.Model] | None:
    try:
        return apps.get_model(current_kind(kind))
    except (LookupError, ValueError):
        return None


def personal_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    return tuple(getattr(model, "ledger_personal_fields", ()))


def volatile_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    return tuple(getattr(model, "ledger_volatile_fields", ()))


def commitment(salt: bytes, value: Any, h: merkle.HashFn) -> str:
    """H(salt || JCS(value)), hex; the salt makes a short name impossible to guess."""
    return "commit:" + h(salt + canonical_json(json_value(value))).hex()


def salts_for(
    kind: str, ids: Iterable[str], *, create: bool = False
) -> dict[tuple[str, str], bytes]:
    """Salts by (subject id, field) for subjects of ``kind``; missing ones made if asked."""
    ids = list(ids)
    rows = Salt.objects.filter(subject_kind=kind, subject_id__in=ids)
    salts = {(r.subject_id, r.field): bytes(r.salt) for r in rows}
    model = model_for(kind)
    if create and model is not None:
        missing = [(i, f) for i in ids for f in personal_fields(model) if (i, f) not in salts]
        salts.update(new_salts(kind, missing))
    return salts


def new_salts(kind: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Fresh random salts for (subject id, field) pairs of ``kind``, stored."""
    new = [
        Salt(subject_kind=kind, subject_id=i, field=f, salt=secrets.token_bytes(16))
        for i, f in pairs
    ]
    if new:
        Salt.objects.bulk_create(new)
    return {(s.subject_id, s.field): bytes(s.salt) for s in new}


def m2m_fields(model: type[models.Model] | models.Model) -> list[models.ManyToManyField[Any, Any]]:
    """The subject's own (forward) many-to-many fields; their links are part of its state."""
    return list(model._meta.many_to_many)


def related_ids(model: type[models.Model], pks: Iterable[Any]) -> dict[str, dict[str, list[Any]]]:
    """field name -> subject pk (str) -> sorted related pks, one query per field.

    Read straight from the link tables (not through prefetching whole related rows), so
    checking many rows costs one query per many-to-many field and batch.
    """
    pks = list(pks)
    result: dict[str, dict[str, list[Any]]] = {}
    for field in m2m_fields(model):
        links: dict[str, list[Any]] = {}
        for subject_pk, related_pk in _link_rows(field, pks):
            links.setdefault(str(subject_pk), []).append(related_pk)
        result[field.name] = {k: [json_value(v) for v in sorted(v)] for k, v in links.items()}
    return result


def _link_rows(field: models.ManyToManyField[Any, Any], pks: list[Any]) -> list[tuple[Any, ...]]:
    """(subject pk, related pk) rows of the link table; plain SQL, as ``record`` runs it on
    every append (the ORM's query building costs more than the query here)."""
    if not pks:
        return []
    table, source, target = _link_columns(field)
    marks = ", ".join(["%s"] * len(pks))
    sql = f"SELECT {source}, {target} FROM {table} WHERE {source} IN ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(sql, pks)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def subject_state(
    subject: models.Model,
    salts: dict[tuple[str, str], bytes],
    h: merkle.HashFn,
    related: dict[str, dict[str, list[Any]]] | None = None,
) -> dict[str, Any]:
    """The subject's concrete field values, personal ones as commitments, and the sorted
    primary keys linked by each many-to-many field (``related`` as from ``related_ids``,
    read for this subject alone if not given)."""
    personal = personal_fields(subject)
    volatile = volatile_fields(subject)
    subject_id = str(subject.pk)
    state: dict[str, Any] = {}
    for field in subject._meta.concrete_fields:
        if field.name in volatile:
            continue
        value = field.value_from_object(subject)
        if field.name in personal:
            state[field.attname] = commitment(salts.get((subject_id, field.name), b""), value, h)
        else:
            state[field.attname] = json_value(value)
    if related is None and m2m_fields(subject):
        related = related_ids(type(subject), [subject.pk])
    for name, links in (related or {}).items():
        state[name] = links.get(subject_id, [])
    return state


def state_digest(
    subject: models.Model,
    salts: dict[tuple[str, str], bytes] | None = None,
    h: merkle.HashFn | None = None,
    related: dict[str, dict[str, list[Any]]] | None = None,
) -> str:
    """The hex digest of the subject's canonical state (salts and links looked up if not
    given)."""
    h = h or merkle.hash_function()
    if salts is None:
        salts = salts_for(kind_of(subject), [str(subject.pk)]) if personal_fields(subject) else {}
    return h(canonical_json(subject_state(subject, salts, h, related))).hex()


def concrete(model: type[models.Model]) -> type[models.Model]:
    """The concrete model behind a (proxy) model; a model class always has one."""
    concrete_model = model._meta.concrete_model
    assert concrete_model is not None
    return concrete_model


def reload(subjects: list[models.Model]) -> dict[str, models.Model]:
    """The subjects as stored (one query per model), so digests match what verify reads."""
    if not subjects:
        return {}
    model = concrete(type(subjects[0]))
    rows = model._base_manager.in_bulk([s.pk for s in subjects])
    return {str(pk): row for pk, row in rows.items()}


# --- one subject, as ``record`` reads it on every append ----------------------------------
#
# ``record`` needs the subject's row as stored, its many-to-many links and its salts. The
# ORM's query building costs more than these one-row queries themselves, so their SQL is
# compiled once per model (by the ORM, with its converters) and reused; on PostgreSQL the
# queries go out together as one simple-protocol query, one round trip.


class _OneRow:
    """The compiled ``SELECT … WHERE pk = %s`` of a model, with the ORM's converters."""

    def __init__(self, model: type[models.Model], sample_pk: Any) -> None:
        compiler = model._base_manager.filter(pk=sample_pk).query.get_compiler(
            connection=connection
        )
        self.sql, params = compiler.as_sql()
        if len(params) != 1:
            raise ValueError(f"unexpected parameters for a lookup of {model}")
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in compiler.select])
        self.attnames = [column[0].target.attname for column in compiler.select]
        self.model, self.pk_field = model, model._meta.pk

    def params(self, pk: Any) -> list[Any]:
        return [self.pk_field.get_db_prep_value(pk, connection)]

    def instance(self, rows: list[tuple[Any, ...]]) -> models.Model | None:
        if not rows:
            return None
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return self.model.from_db(connection.alias, self.attnames, list(rows[0]))


_ONE_ROW: dict[tuple[str, type], _OneRow] = {}
_ONE_LINKS: dict[tuple[str, models.ManyToManyField[Any, Any]], str] = {}


def _one_row(model: type[models.Model], pk: Any) -> _OneRow:
    key = (connection.alias + connection.vendor, model)
    query = _ONE_ROW.get(key)
    if query is None:
        query = _ONE_ROW[key] = _OneRow(model, pk)
    return query


def _link_columns(field: models.ManyToManyField[Any, Any]) -> tuple[str, str, str]:
    """The quoted link table of a many-to-many field, its subject and its related column."""
    through_model = field.remote_field.through
    assert through_model is not None  # resolved once the apps are loaded
    through, quote = through_model._meta, connection.ops.quote_name

    def column(name: str) -> str:
        link = through.get_field(name)
        assert isinstance(link, models.Field) and link.column is not None
        return link.column

    source = quote(column(field.m2m_field_name()))
    target = quote(column(field.m2m_reverse_field_name()))
    return quote(through.db_table), source, target


def _one_links_sql(field: models.ManyToManyField[Any, Any]) -> str:
    key = (connection.alias + connection.vendor, field)
    sql = _ONE_LINKS.get(key)
    if sql is None:
        table, source, target = _link_columns(field)
        sql = _ONE_LINKS[key] = f"SELECT {target} FROM {table} WHERE {source} = %s"  # noqa: S608 - names from the model
    return sql


_SALT_SQL = (
    f"SELECT field, salt FROM {Salt._meta.db_table} WHERE subject_kind = %s AND subject_id = %s"  # noqa: S608
)


def read_one(
    subject: models.Model, kind: str, *, salts: bool
) -> tuple[models.Model | None, dict[str, dict[str, list[Any]]], dict[tuple[str, str], bytes]]:
    """The subject as stored (None if it is not), its links as ``related_ids`` gives
    them, and (if ``salts``) its salts as ``salts_for`` gives them: the same values as
    those functions, in one round trip on PostgreSQL."""
    model = concrete(type(subject))
    pk, subject_id = subject.pk, str(subject.pk)
    fields = m2m_fields(model)
    if pk is None:  # not stored: nothing to read
        return None, {field.name: {} for field in fields}, {}
    row = _one_row(model, pk)
    statements = [(row.sql, row.params(pk))]
    statements += [(_one_links_sql(field), [pk]) for field in fields]
    if salts:
        statements.append((_SALT_SQL, [kind, subject_id]))
    results = _run_together(statements)
    stored = row.instance(results[0])
    related: dict[str, dict[str, list[Any]]] = {}
    for field, links in zip(fields, results[1 : 1 + len(fields)], strict=True):
        related[field.name] = {subject_id: [json_value(v) for v in sorted(r[0] for r in links)]}
    found = {(subject_id, name): bytes(salt) for name, salt in results[-1]} if salts else {}
    return stored, related, found


def _run_together(statements: list[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement. PostgreSQL: one ``execute`` of the statements joined by
    semicolons, which the driver's client-side binding sends as one simple-protocol query,
    so the server answers them all in one round trip (a pipeline of extended-protocol
    queries still waits on each answer)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results
        cursor.execute(
            "; ".join(sql for sql, _p in statements),
            [p for _s, params in statements for p in params],
        )
        results = [cursor.fetchall()]
        while cursor.nextset():
            results.append(cursor.fetchall())
        return results
