"""Fixtures of the record's tests: a small catalogue written through the services, a
signed checkpoint over it, and helpers to tamper with the tables behind the app's back."""

from __future__ import annotations

import pytest
from django.db import connection

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.catalog.models import EnforcementField, Officer
from openenforce.catalog.services import save_entry
from openenforce.ledger import services, triggers


@pytest.fixture(params=["sha256", "sm3"])
def profile(request, settings):
    """Run a test under both hash profiles (request it before any data fixture)."""
    settings.OPENENFORCE_LEDGER_HASH = request.param
    return request.param


@pytest.fixture
def catalogue(agency, system_actor):
    """A field, a department and two officers (with personal fields) of ``agency``."""
    field = save_entry(EnforcementField(agency=agency, code="mz", name="民政"), actor=system_actor)
    department = save_department(
        Department(agency=agency, code="yl", name="养老服务科"), actor=system_actor
    )
    officers = [
        save_entry(
            Officer(agency=agency, code=f"O{i}", name=name, gender="女", department=department),
            actor=system_actor,
        )
        for i, name in enumerate(["张三", "李四"])
    ]
    return {"field": field, "department": department, "officers": officers}


@pytest.fixture
def signed(catalogue):
    """The catalogue's record with a signed checkpoint over it."""
    services.publish_checkpoint()
    return catalogue


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def no_triggers(db):
    """Drop the append-only triggers, as an attacker with database rights could.
    DDL is transactional on both databases, so the test's rollback restores them."""
    triggers.execute(connection, triggers.drop_statements(connection.vendor))
