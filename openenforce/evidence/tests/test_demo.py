import pytest

from openenforce.evidence import demo
from openenforce.evidence.models import EvidenceItem

pytestmark = pytest.mark.django_db


def test_demo_evidence_is_generated_and_added_once(case, officer):
    made = demo.add_demo_evidence(case, actor=officer)
    assert len(made) == 4
    items = {i.title: i for i in EvidenceItem.objects.filter(case=case)}
    assert items["现场照片（外景）"].blob.content_type == "image/jpeg"
    assert items["营业执照复印件"].blob.content_type == "application/pdf"
    assert items["询问笔录"].blob.content_type == "text/plain"
    assert demo.add_demo_evidence(case, actor=officer) == []
    assert EvidenceItem.objects.filter(case=case).count() == 4
