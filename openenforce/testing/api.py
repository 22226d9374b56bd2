"""A small REST API client for tests: a Django test client sending a bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from openenforce.accounts.models import User
from openenforce.accounts.services import get_system_actor, issue_api_token


class ApiClient:
    def __init__(self, token: str | None = None, language: str | None = None) -> None:
        self.client = Client()
        self.token = token
        self.language = language

    def call(self, method: str, url: str, body: Any = None, raw: bytes | str | None = None):
        headers = {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        if self.language:
            headers["HTTP_ACCEPT_LANGUAGE"] = self.language
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        send = getattr(self.client, method)
        if data is None:
            return send(url, **headers)
        return send(url, data=data, content_type="application/json", **headers)

    def get(self, url: str, **kwargs):
        return self.call("get", url, **kwargs)

    def post(self, url: str, body: Any = None, **kwargs):
        return self.call("post", url, body, **kwargs)

    def put(self, url: str, body: Any = None, **kwargs):
        return self.call("put", url, body, **kwargs)

    def patch(self, url: str, body: Any = None, **kwargs):
        return self.call("patch", url, body, **kwargs)


def api_as(user: User | None = None, *, language: str | None = None) -> ApiClient:
    """A client authenticated with a fresh token of ``user`` (anonymous without one)."""
    token = issue_api_token(user, actor=get_system_actor()) if user is not None else None
    return ApiClient(token, language)
