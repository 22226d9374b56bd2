"""The public address printed into QR codes: the deploy check and the staff warning
catch one that only works on the server itself."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from openenforce.documents.checks import check_public_url


def test_the_deploy_check_warns_of_a_local_address(settings):
    settings.OPENENFORCE_PUBLIC_URL = "http://127.0.0.1:8000"
    [warning] = check_public_url()
    assert warning.id == "documents.W001"
    settings.OPENENFORCE_PUBLIC_URL = "https://zf.example.gov.cn"
    assert check_public_url() == []


def test_check_deploy_fails_on_it(settings):
    settings.OPENENFORCE_PUBLIC_URL = "http://localhost:8000"
    with pytest.raises(SystemCheckError, match="documents.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")


@pytest.mark.django_db
def test_the_head_is_warned_when_the_site_is_reached_from_elsewhere(client, head, settings):
    settings.ALLOWED_HOSTS = ["zf.example.gov.cn", "127.0.0.1", "testserver"]
    settings.OPENENFORCE_PUBLIC_URL = "http://127.0.0.1:8000"
    client.force_login(head)
    assert "公众扫码无法核验" in client.get("/", HTTP_HOST="zf.example.gov.cn").content.decode()
    assert "公众扫码无法核验" not in client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    settings.OPENENFORCE_PUBLIC_URL = "https://zf.example.gov.cn"
    assert "公众扫码无法核验" not in client.get("/", HTTP_HOST="zf.example.gov.cn").content.decode()
