import pytest

from openenforce.testing.team import two_officers


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The PDFs are stored under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def team(agency, system_actor, officer):
    return two_officers(agency, system_actor, officer, prefix="D")


@pytest.fixture
def case(team, officer, head):
    """A penalty case filed and investigated, its report in (warning and a fine)."""
    from openenforce.testing.cases import to_report

    return to_report(
        team, officer, head, proposed_penalty_kinds=["warning", "fine"], proposed_fine="3000"
    )


@pytest.fixture
def issue(head):
    """Issue a document of ``doc_type`` for ``case`` as the head (or ``actor``)."""
    from openenforce.documents import services

    def issue(case, doc_type="penalty_decision", actor=None, **data):
        return services.issue_document(case, actor=actor or head, doc_type=doc_type, data=data)

    return issue


@pytest.fixture
def pdf_of():
    from openenforce.evidence.selectors import open_blob

    def read(document) -> bytes:
        with open_blob(document.blob) as stream:
            return stream.read()

    return read
