import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in response.content.decode()


def test_the_language_switcher_choice_wins(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in response.content.decode()


def test_the_api_follows_accept_language(client):
    english = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/api/v1/me")
    assert english.status_code == chinese.status_code == 401
    assert english.json()["message"] != chinese.json()["message"]
