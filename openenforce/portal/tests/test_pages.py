"""The public portal's pages: open to anyone, in Chinese by default."""

import pytest

pytestmark = pytest.mark.django_db


def test_index_is_public_and_in_chinese(client):
    response = client.get("/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到正文" in html and 'href="#main"' in html
    assert "/static/portal/portal.css" in html
    assert "如何核验本站公示内容" in html
