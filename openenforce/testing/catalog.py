"""Small catalogues for tests, built through the services like any real entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from openenforce.accounts.models import Agency, Department, User
from openenforce.accounts.services import save_department
from openenforce.catalog.models import (
    Certificate,
    DiscretionStandard,
    EnforcementCategory,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import save_entry


@dataclass
class Catalog:
    field: EnforcementField
    department: Department
    basis: LegalBasis
    matter: Matter
    standard: DiscretionStandard
    officer: Officer
    certificate: Certificate
    inspection: RandomInspectionItem
    recording: RecordingRequirement
    review: ReviewCatalogueEntry

    def entry(self, kind: str):
        """The entry of the list whose page slug is ``kind``."""
        return {
            "matters": self.matter,
            "bases": self.basis,
            "officers": self.officer,
            "inspections": self.inspection,
            "recordings": self.recording,
            "reviews": self.review,
            "fields": self.field,
            "departments": self.department,
        }[kind]


def build_catalog(agency: Agency, actor: User, prefix: str = "") -> Catalog:
    """One entry of every list for ``agency``; ``prefix`` keeps certificate numbers unique."""
    field = save_entry(EnforcementField(agency=agency, code="mz", name="民政"), actor=actor)
    department = save_department(
        Department(agency=agency, code="yl", name="养老服务科", phone="0431-1"), actor=actor
    )
    basis = save_entry(
        LegalBasis(
            agency=agency,
            code="B1",
            law_name="养老机构管理办法",
            article="第四十六条",
            text="养老机构有下列行为之一的，由民政部门责令改正……",
        ),
        actor=actor,
    )
    matter = save_entry(
        Matter(
            agency=agency,
            code="M1",
            name="对养老机构未建立入院评估制度的处罚",
            category=EnforcementCategory.PENALTY,
            field=field,
            department=department,
            time_limit_days=90,
            materials="养老机构备案回执",
        ),
        actor=actor,
        relations={"bases": [basis]},
    )
    standard = save_entry(
        DiscretionStandard(
            matter=matter,
            code="S1",
            circumstance="首次违法，及时改正",
            degree="轻微",
            penalty="警告",
        ),
        actor=actor,
    )
    officer = save_entry(
        Officer(agency=agency, code="O1", name="王某", department=department), actor=actor
    )
    certificate = save_entry(
        Certificate(
            officer=officer,
            number=f"{prefix}22010001",
            issuing_authority="吉林省人民政府",
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2099, 12, 31),
        ),
        actor=actor,
        relations={"fields": [field]},
    )
    inspection = save_entry(
        RandomInspectionItem(
            agency=agency,
            code="I1",
            item="养老机构监督检查",
            field=field,
            matter=matter,
            basis="《养老机构管理办法》",
            target_type="养老机构",
            ratio_percent=Decimal("5"),
            frequency="每年一次",
        ),
        actor=actor,
    )
    recording = save_entry(
        RecordingRequirement(
            agency=agency, code="R1", step=RecordingRequirement.Step.HEARING, content="听证全过程"
        ),
        actor=actor,
    )
    review = save_entry(
        ReviewCatalogueEntry(
            agency=agency,
            code="V1",
            name="较大数额罚款",
            ground=ReviewCatalogueEntry.Ground.MAJOR_RIGHTS,
            fine_threshold_person=Decimal("10000"),
            fine_threshold_org=Decimal("100000"),
        ),
        actor=actor,
    )
    return Catalog(
        field,
        department,
        basis,
        matter,
        standard,
        officer,
        certificate,
        inspection,
        recording,
        review,
    )
