"""Loading the demo data through the owning apps' services, idempotently.

Every row is looked up by its natural key (agency and code, certificate number, user
name); a row is saved only when it is missing or differs from the data, so a second load
writes nothing: no new rows and no new record entries.
"""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from openenforce.accounts.models import Agency, Department, User
from openenforce.accounts.services import (
    add_supervision,
    create_user,
    get_system_actor,
    grant_role,
    save_agency,
    save_department,
)
from openenforce.alerts.services import evaluate as evaluate_warnings
from openenforce.catalog import models as catalog
from openenforce.catalog.services import add_certificate_event, save_entry
from openenforce.demo.data import accounts as accounts_data
from openenforce.demo.data import bureau, market
from openenforce.demo.scenarios import (
    annual,
    cases,
    deliveries,
    disclosure,
    documents,
    evidence,
    inspections,
    recordings,
    remedies,
)
from openenforce.demo.scenarios import evaluation as evaluation_scenario
from openenforce.demo.scenarios import year as year_scenario
from openenforce.evaluation.services import load_shipped as load_rubrics
from openenforce.ledger.models import Entry

# Agency code → module holding its catalogue.
CATALOGUES: dict[str, ModuleType] = {accounts_data.BUREAU: bureau, accounts_data.MARKET: market}

PASSWORD_ENV = "OPENENFORCE_DEMO_PASSWORD"  # noqa: S105 (a variable name, not a secret)
PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a secret)


@dataclass
class LoadReport:
    """What one load created or changed, as "kind code" strings."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def demo_password() -> str:
    """The demo users' password: ``OPENENFORCE_DEMO_PASSWORD``, else one generated on the
    first call and kept in ``VAR_DIR/demo-password`` (mode 600). Never in the repository."""
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return from_env
    path = settings.VAR_DIR / PASSWORD_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(f"demo-{secrets.token_urlsafe(9)}\n", encoding="utf-8")
    path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class _Loader:
    """One load: remembers what it wrote in ``report``."""

    def __init__(self, actor: User, password: str) -> None:
        self.actor = actor
        self.password = password
        self.report = LoadReport()

    def upsert(
        self,
        model: type[models.Model],
        lookup: Mapping[str, Any],
        values: Mapping[str, Any],
        save: Callable[..., Any],
        relations: Mapping[str, Iterable[models.Model]] | None = None,
    ) -> Any:
        """Find by ``lookup``; create, or update only the fields that differ."""
        obj = model.objects.filter(**lookup).first()
        label = f"{model._meta.label_lower} {' '.join(str(v) for v in lookup.values())}"
        if obj is None:
            obj = model(**lookup, **values)
            self.report.created.append(label)
        elif _differs(obj, values) or _relations_differ(obj, relations or {}):
            for name, value in values.items():
                setattr(obj, name, value)
            self.report.updated.append(label)
        else:
            return obj
        if relations is None:
            save(obj, actor=self.actor)
        else:
            save(obj, actor=self.actor, relations=relations)
        return obj

    def entry(
        self,
        model: type[models.Model],
        agency: Agency,
        spec: Mapping[str, Any],
        *,
        skip: tuple[str, ...] = (),
        relations: Mapping[str, Iterable[models.Model]] | None = None,
        **resolved: Any,
    ) -> Any:
        """A catalogue entry of ``agency`` found by ``spec["code"]``: the values of
        ``spec`` (less ``skip``) with the references replaced by the ``resolved`` objects."""
        values = {k: v for k, v in spec.items() if k != "code" and k not in skip} | resolved
        lookup = {"agency": agency, "code": spec["code"]}
        return self.upsert(model, lookup, values, save_entry, relations)


def _differs(obj: models.Model, values: Mapping[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _relations_differ(obj: models.Model, relations: Mapping[str, Iterable[models.Model]]) -> bool:
    return any(
        set(getattr(obj, name).values_list("pk", flat=True)) != {t.pk for t in targets}
        for name, targets in relations.items()
    )


@transaction.atomic
def load_demo(*, actor: User | None = None, password: str, year: bool = True) -> LoadReport:
    """Load the demo agencies, users and catalogues; create or update only what differs.

    Everything goes through the owning apps' services, so each write is in the record.
    ``password`` is given to demo users when they are created (existing users keep theirs).
    ``actor`` defaults to the system actor.

    With ``year`` (the default), a record with nothing in it after the start of the year
    before today first gets that year of activity of both agencies
    (``scenarios.year``): the base data, then the year's events, each written under a
    clock moved to its own moment, so the record's entries follow each other in time.
    A record already holding later entries (a demo loaded before) keeps what it has: the
    year cannot be written behind them. The present-day scenarios then run at the real now.
    """
    today = timezone.localdate()
    start_at = year_scenario.moment(year_scenario.window(today) - datetime.timedelta(days=1), 0, 1)
    if year and not Entry.objects.filter(recorded_at__gt=start_at).exists():
        with year_scenario.clock_at(start_at) as clock:
            actor = actor or get_system_actor()
            loader = _load_base(actor, password)
            loader.report.created += year_scenario.load_demo(actor=actor, clock=clock, today=today)
    else:
        actor = actor or get_system_actor()
        loader = _load_base(actor, password)
    loader.report.created += [f"case {title}" for title in cases.load_demo_cases(actor=actor)]
    for scenario in SCENARIOS:
        loader.report.created += scenario.load_demo(actor=actor)
    # The warnings the demo's state raises today (the daily job would raise them too).
    evaluation = evaluate_warnings(actor=actor)
    loader.report.created += [f"warning {code} {label}" for code, label in evaluation.raised]
    loader.report.created += annual.load_demo(actor=actor)
    # The justice bureau's case-file evaluation rubrics (评查标准), one per procedure.
    justice = Agency.objects.get(code=accounts_data.JUSTICE)
    loader.report.created += [
        f"rubric {code} {outcome}"
        for code, outcome in load_rubrics(justice, actor=actor, trusted=True)
        if outcome != "unchanged"
    ]
    # The justice bureau's case-file evaluation campaign and the year's appraisal.
    loader.report.created += evaluation_scenario.load_demo(actor=actor)
    return loader.report


def _load_base(actor: User, password: str) -> _Loader:
    """The agencies, supervision, departments, users and catalogues."""
    loader = _Loader(actor, password)
    agencies = {spec["code"]: _load_agency(loader, spec) for spec in accounts_data.AGENCIES}
    for supervisor_code, supervised_code in accounts_data.SUPERVISION:
        _add_supervision(loader, agencies[supervisor_code], agencies[supervised_code])
    departments = {
        (agency_code, code): loader.upsert(
            Department,
            {"agency": agencies[agency_code], "code": code},
            {"name": name, "phone": phone},
            save_department,
        )
        for agency_code, rows in accounts_data.DEPARTMENTS.items()
        for code, name, phone in rows
    }
    users = {
        spec["username"]: _load_user(loader, spec, agencies, departments)
        for spec in accounts_data.USERS
    }
    officer_users = {
        spec["officer"]: users[spec["username"]]
        for spec in accounts_data.USERS
        if spec.get("officer")
    }
    for agency_code, module in CATALOGUES.items():
        agency_departments = {code: d for (a, code), d in departments.items() if a == agency_code}
        _load_catalogue(loader, agencies[agency_code], module, agency_departments, officer_users)
    return loader


# The scenarios that build on the demo cases, in the order they depend on each other. Each
# has ``load_demo(*, actor) -> list[str]``, which creates (through the owning apps'
# services) what is missing and names what it created.
SCENARIOS: tuple[ModuleType, ...] = (
    evidence,
    recordings,
    documents,
    deliveries,
    disclosure,
    inspections,
    remedies,
)


def _load_agency(loader: _Loader, spec: Mapping[str, Any]) -> Agency:
    values = {k: v for k, v in spec.items() if k != "code"}
    return loader.upsert(Agency, {"code": spec["code"]}, values, save_agency)


def _add_supervision(loader: _Loader, supervisor: Agency, supervised: Agency) -> None:
    """Put ``supervised`` under ``supervisor``'s enforcement supervision."""
    if add_supervision(supervisor, actor=loader.actor, supervised=supervised):
        loader.report.created.append(f"supervision {supervisor.code} → {supervised.code}")


def _load_user(
    loader: _Loader,
    spec: Mapping[str, Any],
    agencies: Mapping[str, Agency],
    departments: Mapping[tuple[str, str], Department],
) -> User:
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        loader.report.created.append(f"accounts.user {spec['username']}")
        return create_user(
            spec["username"],
            actor=loader.actor,
            agency=agencies[spec["agency"]],
            department=departments[(spec["agency"], spec["department"])],
            roles=spec["roles"],
            password=loader.password,
            display_name=spec["display_name"],
        )
    for role in set(spec["roles"]) - user.role_codes():
        grant_role(user, role=role, actor=loader.actor)
        loader.report.updated.append(f"accounts.user {user.username} +{role}")
    return user


def _load_catalogue(
    loader: _Loader,
    agency: Agency,
    data: ModuleType,
    departments: Mapping[str, Department],
    officer_users: Mapping[str, User],
) -> None:
    """One agency's catalogue, in dependency order."""
    fields = {
        code: loader.upsert(
            catalog.EnforcementField, {"agency": agency, "code": code}, {"name": name}, save_entry
        )
        for code, name in data.FIELDS
    }
    bases = {
        code: loader.upsert(
            catalog.LegalBasis,
            {"agency": agency, "code": code},
            {"law_name": law, "article": article, "level": level, "text": text},
            save_entry,
        )
        for code, law, article, level, text in data.BASES
    }
    matters = {
        spec["code"]: _load_matter(loader, agency, spec, fields, departments, bases)
        for spec in data.MATTERS
    }
    for matter_code, rows in data.STANDARDS.items():
        for row in rows:
            values = {k: v for k, v in row.items() if k != "code"}
            loader.upsert(
                catalog.DiscretionStandard,
                {"matter": matters[matter_code], "code": row["code"]},
                values,
                save_entry,
            )
    officers = _load_officers(loader, agency, data, departments, officer_users)
    for spec in data.CERTIFICATES:
        _load_certificate(loader, spec, officers, fields)
    _load_lists(loader, agency, data, fields, departments, matters)


def _load_matter(
    loader: _Loader,
    agency: Agency,
    spec: Mapping[str, Any],
    fields: Mapping[str, catalog.EnforcementField],
    departments: Mapping[str, Department],
    bases: Mapping[str, catalog.LegalBasis],
) -> catalog.Matter:
    return loader.entry(
        catalog.Matter,
        agency,
        spec,
        skip=("bases",),
        relations={"bases": [bases[code] for code in spec["bases"]]},
        field=fields[spec["field"]],
        department=departments[spec["department"]],
    )


def _load_officers(
    loader: _Loader,
    agency: Agency,
    data: ModuleType,
    departments: Mapping[str, Department],
    officer_users: Mapping[str, User],
) -> dict[str, catalog.Officer]:
    return {
        code: loader.upsert(
            catalog.Officer,
            {"agency": agency, "code": code},
            {
                "name": name,
                "gender": gender,
                "department": departments[department],
                "position": position,
                "employment": employment,
                "user": officer_users.get(code),
            },
            save_entry,
        )
        for code, name, gender, department, position, employment in data.OFFICERS
    }


def _load_certificate(
    loader: _Loader,
    spec: Mapping[str, Any],
    officers: Mapping[str, catalog.Officer],
    fields: Mapping[str, catalog.EnforcementField],
) -> None:
    """A certificate and the events of its history that are not there yet, in order."""
    values = {k: v for k, v in spec.items() if k not in ("number", "fields", "events")}
    values["officer"] = officers[spec["officer"]]
    certificate = loader.upsert(
        catalog.Certificate,
        {"number": spec["number"]},
        values,
        save_entry,
        relations={"fields": [fields[code] for code in spec["fields"]]},
    )
    known = set(certificate.events.values_list("kind", "date"))
    for kind, date, reason in spec["events"]:
        if (kind, date) in known:
            continue
        add_certificate_event(certificate, actor=loader.actor, kind=kind, date=date, reason=reason)
        loader.report.created.append(f"catalog.certificateevent {spec['number']} {kind} {date}")


def _load_lists(
    loader: _Loader,
    agency: Agency,
    data: ModuleType,
    fields: Mapping[str, catalog.EnforcementField],
    departments: Mapping[str, Department],
    matters: Mapping[str, catalog.Matter],
) -> None:
    """The random-inspection list, the recording list and the review catalogue."""
    for spec in data.INSPECTION_ITEMS:
        loader.entry(
            catalog.RandomInspectionItem,
            agency,
            spec,
            field=fields[spec["field"]],
            department=departments[spec["department"]],
            matter=matters[spec["matter"]],
        )
    for spec in data.RECORDING:
        loader.entry(catalog.RecordingRequirement, agency, spec, matter=matters.get(spec["matter"]))
    for spec in data.REVIEW:
        loader.entry(catalog.ReviewCatalogueEntry, agency, spec)
