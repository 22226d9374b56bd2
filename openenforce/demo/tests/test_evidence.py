"""The demo evidence: generated files, added once."""

import pytest

from openenforce.accounts.models import Role
from openenforce.demo.scenarios import evidence as demo
from openenforce.evidence.models import EvidenceItem
from openenforce.testing.team import Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


@pytest.fixture
def case(agency, system_actor, officer):
    team = Team(agency, system_actor)
    team.officer("O1", user=officer)
    team.officer("O2", user=team.user("officer2", Role.OFFICER))
    return team.open(actor=officer)


def test_demo_evidence_is_generated_and_added_once(case, officer):
    made = demo.add_demo_evidence(case, actor=officer)
    assert len(made) == 4
    items = {i.title: i for i in EvidenceItem.objects.filter(case=case)}
    assert items["现场照片（外景）"].blob.content_type == "image/jpeg"
    assert items["营业执照复印件"].blob.content_type == "application/pdf"
    assert items["询问笔录"].blob.content_type == "text/plain"
    assert demo.add_demo_evidence(case, actor=officer) == []
    assert EvidenceItem.objects.filter(case=case).count() == 4
