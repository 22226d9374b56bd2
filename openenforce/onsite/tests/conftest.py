import pytest
from django.utils import timezone

from openenforce.testing.field import field_world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENENFORCE_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


@pytest.fixture
def world(agency, system_actor, officer, head, supervisor, record_witness):
    return field_world(
        agency,
        system_actor,
        officer,
        head,
        today=timezone.localdate(),
        supervisor=supervisor,
        witness=record_witness,
    )
