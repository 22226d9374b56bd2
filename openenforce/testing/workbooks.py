"""For the catalogue's import/export tests: a catalogue with the awkward cases an agency
really has, built through the services, a snapshot of everything an import could change,
and workbooks written with openpyxl in the tests themselves (no binary fixtures)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from openenforce.accounts.models import Agency, Department, User
from openenforce.accounts.services import save_department
from openenforce.catalog.exchange import export_bytes
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    EnforcementCategory,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    PenaltyKind,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import add_certificate_event, save_entry
from openenforce.ledger.models import Entry

D = datetime.date


def build_catalogue(agency: Agency, actor: User) -> dict[str, Any]:
    """Every list of a small catalogue, with the awkward cases an agency really has: text
    with line breaks and a leading “=”, amounts with decimals, an officer with two
    certificates, a contract worker without one, a suspended certificate's history."""
    civil = save_entry(EnforcementField(agency=agency, code="mz", name="民政"), actor=actor)
    edu = save_entry(EnforcementField(agency=agency, code="jy", name="教育"), actor=actor)
    dept = save_department(
        Department(agency=agency, code="yl", name="养老服务科", phone="0431-81234567"),
        actor=actor,
    )
    b1 = save_entry(
        LegalBasis(
            agency=agency,
            code="B1",
            law_name="养老机构管理办法",
            article="第四十六条",
            text="养老机构有下列行为之一的，由民政部门责令改正：\n（一）未建立入院评估制度……",
            effective_date=D(2020, 11, 1),
        ),
        actor=actor,
    )
    b2 = save_entry(
        LegalBasis(
            agency=agency,
            code="B2",
            law_name="民办教育促进法",
            article="第六十二条",
            level=LegalBasis.Level.LAW,
            text="=以上规定适用于民办学校",
        ),
        actor=actor,
    )
    matter = save_entry(
        Matter(
            agency=agency,
            code="M1",
            name="对养老机构未建立入院评估制度的处罚",
            category=EnforcementCategory.PENALTY,
            field=civil,
            department=dept,
            time_limit_days=90,
            time_limit_kind="calendar",
            phone="0431-81234567",
            remedy="行政复议或行政诉讼",
        ),
        actor=actor,
        relations={"bases": [b1, b2]},
    )
    save_entry(
        Matter(
            agency=agency,
            code="M2",
            name="民办学校办学许可",
            category=EnforcementCategory.LICENSING,
            field=edu,
            time_limit_days=20,
        ),
        actor=actor,
    )
    save_entry(
        DiscretionStandard(
            matter=matter,
            code="1",
            circumstance="首次发现且及时改正",
            degree="轻微",
            penalty="警告",
        ),
        actor=actor,
    )
    save_entry(
        DiscretionStandard(
            matter=matter,
            code="2",
            circumstance="逾期不改正",
            degree="一般",
            penalty="处3000元以上1万元以下罚款",
            fine_min=Decimal("3000"),
            fine_max=Decimal("10000.50"),
        ),
        actor=actor,
    )
    zhang = save_entry(
        Officer(agency=agency, code="P01", name="张明", gender="男", department=dept),
        actor=actor,
    )
    save_entry(
        Officer(agency=agency, code="P02", name="李华", employment=Officer.Employment.CONTRACT),
        actor=actor,
    )
    old = _certificate(zhang, "22010001", D(2018, 1, 1), D(2022, 12, 31), [civil], actor)
    new = _certificate(zhang, "22010002", D(2023, 1, 1), D(2028, 12, 31), [civil, edu], actor)
    add_certificate_event(old, actor=actor, kind="issued", date=D(2018, 1, 1))
    add_certificate_event(new, actor=actor, kind="issued", date=D(2023, 1, 1))
    add_certificate_event(new, actor=actor, kind="suspended", date=D(2025, 3, 1), reason="调岗")
    save_entry(
        RandomInspectionItem(
            agency=agency,
            code="R1",
            item="养老机构监督检查",
            field=civil,
            department=dept,
            matter=matter,
            basis="《养老机构管理办法》第三十五条",
            target_type="养老机构",
            ratio_percent=Decimal("5.5"),
            frequency="每年一次",
        ),
        actor=actor,
    )
    save_entry(
        RecordingRequirement(
            agency=agency,
            code="V1",
            step=RecordingRequirement.Step.ON_SITE_INSPECTION,
            matter=matter,
            content="检查全过程",
            kind=RecordingRequirement.Kind.WHOLE_PROCESS,
        ),
        actor=actor,
    )
    review = save_entry(
        ReviewCatalogueEntry(
            agency=agency,
            code="Z1",
            name="较大数额罚款",
            ground=ReviewCatalogueEntry.Ground.MAJOR_RIGHTS,
            fine_threshold_person=Decimal("10000"),
            fine_threshold_org=Decimal("100000"),
            penalty_kinds=[PenaltyKind.REVOKE_LICENCE, PenaltyKind.SUSPEND_BUSINESS],
            hearing_held=True,
        ),
        actor=actor,
    )
    return {"matter": matter, "officer": zhang, "certificate": new, "review": review}


def _certificate(officer, number, start, end, fields, actor) -> Certificate:
    certificate = Certificate(
        officer=officer,
        number=number,
        issuing_authority="长春市人民政府",
        area="长春新区",
        valid_from=start,
        valid_to=end,
    )
    return save_entry(certificate, actor=actor, relations={"fields": fields})


def export_to(path: Path, agency: Agency) -> Path:
    path.write_bytes(export_bytes(agency))
    return path


def edit_cell(path: Path, sheet: str, row: int, header: str, value: Any) -> Path:
    """Change one cell of a workbook, found by its column header."""
    workbook = load_workbook(path)
    ws = workbook[sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(row=row, column=headers.index(header) + 1).value = value  # None empties it
    workbook.save(path)
    return path


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with the given sheets, each a list of rows (the first is the header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    workbook.save(path)
    return path


def snapshot(agency: Agency) -> dict[str, Any]:
    """Everything an import could change, to compare before and after."""
    models = (
        EnforcementField,
        LegalBasis,
        Matter,
        Officer,
        RandomInspectionItem,
        RecordingRequirement,
        ReviewCatalogueEntry,
    )
    state: dict[str, Any] = {
        m.__name__: list(m.objects.filter(agency=agency).order_by("pk").values()) for m in models
    }
    state["Department"] = list(Department.objects.filter(agency=agency).order_by("pk").values())
    state["DiscretionStandard"] = list(
        DiscretionStandard.objects.filter(matter__agency=agency).order_by("pk").values()
    )
    certificates = Certificate.objects.filter(officer__agency=agency).order_by("pk")
    state["Certificate"] = list(certificates.values())
    state["fields"] = [sorted(c.fields.values_list("pk", flat=True)) for c in certificates]
    state["bases"] = [
        sorted(m.bases.values_list("pk", flat=True))
        for m in Matter.objects.filter(agency=agency).order_by("pk")
    ]
    state["events"] = list(
        CertificateEvent.objects.filter(certificate__officer__agency=agency).order_by("pk").values()
    )
    state["record"] = Entry.objects.count()
    return state
