"""A day in the life, verified: after honest use through every interface the record holds
with no problem, and a change behind the application's back to any recorded row is named."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DataError, IntegrityError, connection, models, transaction

from openenforce.accounts.models import Agency, Department
from openenforce.accounts.services import get_system_actor
from openenforce.demo.services import load_demo
from openenforce.ledger.models import Entry
from openenforce.ledger.recorded import recorded_models
from openenforce.ledger.verify import verify_database
from openenforce.testing.day import Day, api_calls, run_day

PASSWORD = "day-in-the-life-42"


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(actor=get_system_actor(), password=PASSWORD, year=False)


def _problems_text(problems) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.slow
@pytest.mark.tampers
def test_a_day_in_the_life_verifies_and_every_tampered_row_is_named(demo):
    summary = run_day(report=print)
    assert summary.requests >= 100 and summary.entries > 0
    problems = verify_database()
    assert problems == [], _problems_text(problems)

    kinds = sorted(set(Entry.objects.values_list("subject_kind", flat=True)))
    recorded = {m._meta.label_lower for m in recorded_models()}
    assert set(kinds) <= recorded, set(kinds) - recorded  # every subject's model is guarded
    tampered = {kind: tamper_one_row(kind) for kind in kinds}
    untouched = [kind for kind, name in tampered.items() if name is None]
    assert not untouched, untouched
    inserted = insert_behind_the_record()
    named = {p.name: p.message for p in verify_database() if p.kind == "row"}
    missing = [name for name in tampered.values() if name not in named]
    assert not missing, missing
    assert named[inserted] == "has no entry in the record"


def tamper_one_row(kind: str) -> str | None:
    """Change one ordinary column of the newest recorded row of ``kind`` with raw SQL;
    return its name as verify names it (``"kind pk"``), or None when nothing can change."""
    model = apps.get_model(kind)
    volatile = set(getattr(model, "ledger_volatile_fields", ()))
    ids = Entry.objects.filter(subject_kind=kind).values_list("subject_id", flat=True)
    # The newest recorded rows; failing those (every recorded one deleted, like the day's
    # calendar day), any row: rows without entries are checked too (seeded calendar days
    # against the package they came from).
    recorded = [model._base_manager.filter(pk=i).first() for i in ids.order_by("-sequence")[:20]]
    others = list(model._base_manager.order_by("pk")[:20])
    for row in [r for r in recorded if r is not None] + others:
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in volatile or field.is_relation:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue  # a domain column says more (and seeded rows vouch for those only)
            changed = _changed(field, getattr(row, field.attname))
            if changed is None:
                continue
            quote = connection.ops.quote_name
            names = (quote(model._meta.db_table), quote(field.column), quote(model._meta.pk.column))
            sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(*names)  # noqa: S608, UP032
            value = field.get_db_prep_save(changed, connection)
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(sql, [value, row.pk])
            except (IntegrityError, DataError):  # a unique or check constraint: next column
                continue
            return f"{kind} {row.pk}"
    return None


def insert_behind_the_record() -> str:
    """A department inserted with no entry, as an intruder with database rights could."""
    agency = Agency.objects.get(code="cnna-sa")
    row = Department(agency=agency, code="behind", name="暗门科")
    Department._base_manager.bulk_create([row])
    pk = Department._base_manager.get(agency=agency, code="behind").pk
    return f"accounts.department {pk}"


def _changed(field: models.Field, value):
    """A different valid value for ``field``, or None."""
    if field.choices:
        others = [c for c, _label in field.flatchoices if c != value and c not in ("", None)]
        return others[0] if others else None
    if value is None:
        return None
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.DateTimeField):
        return value + datetime.timedelta(seconds=1)
    if isinstance(field, models.DateField):
        return value + datetime.timedelta(days=1)
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return value + (decimal.Decimal(1) if isinstance(value, decimal.Decimal) else 1)
    if isinstance(field, (models.CharField, models.TextField)) and not isinstance(
        field, (models.EmailField, models.GenericIPAddressField)
    ):
        if field.max_length and len(value) >= field.max_length:
            return value[:-1] or None
        return value + "x"
    return None


def test_a_hundred_api_calls_leave_the_record_verifying(demo, capsys):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=True) as traveller:
        day = Day(lambda _text: None, traveller)
        made = api_calls(day, 100)
    assert made >= 100
    call_command("ledger", "verify")  # raises (exit 1) on any problem
    assert verify_database() == []
