import pytest

from openenforce.testing.cases import to_report
from openenforce.testing.deliveries import issue

# A Monday: the prior notice is served today, its periods (statement and defence 3 working
# days, hearing request 5 days) run from it; the case was filed on 1 September.
NOW = "2026-11-16T10:00:00+08:00"
ID_NUMBER = "220102199001011239"  # the test kit's party (openenforce.testing.team)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def served_notice(team, officer, head):
    """A penalty case whose prior notice (of a suspension: a hearing may be requested) was
    served on the party today, directly: its Delivery carries the party's code."""
    from django.utils import timezone

    from openenforce.deliveries.services import serve_document

    case = to_report(team, officer, head, proposed_penalty_kinds=["suspend_business"])
    notice = issue(case, officer, "prior_notice")
    return serve_document(
        notice,
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=timezone.localdate(),
        signed_by="张三",
    )
