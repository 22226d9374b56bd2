"""The users of the load test (``bench/load.py`` runs this file; see its docstring).

    OPENENFORCE_LOAD_DATA=<file bench/load.py wrote> .venv/bin/locust -f bench/locustfile.py --headless --host http://127.0.0.1:PORT

``Officer`` (50): logs in once through the log-in form, then works through an officer's
day: the to-do page, the case lists, their cases and timelines, the due list,
notifications, and about one task in ten registers a new lead through the "new case" form.
``Citizen`` (200): the public portal's pages and the public API, anonymously. Each request
is named by its page (``/cases/[id]/``), so the statistics group by page; a response other
than the expected status counts as a failure. The accounts, cases and public ids come from
the JSON file in OPENENFORCE_LOAD_DATA, written by ``bench/load.py``; with
OPENENFORCE_LOAD_LOG set, every request is also appended to that file (start, page,
milliseconds, failed).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["OPENENFORCE_LOAD_DATA"]).read_text(encoding="utf-8"))
ACCOUNTS = itertools.cycle(DATA["staff"])  # one account per Officer user
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADERS = {"Accept-Language": "zh-hans"}


if os.environ.get("OPENENFORCE_LOAD_LOG"):
    # One line per request (start, page, ms, failed), from which bench/load.py also
    # reports the steady state after the last log-in.
    _log = open(os.environ["OPENENFORCE_LOAD_LOG"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115

    @events.request.add_listener
    def _note(request_type, name, response_time, exception, start_time=None, **_kwargs) -> None:
        failed = int(exception is not None)
        _log.write(f"{start_time or 0:.3f}\t{request_type} {name}\t{response_time:.1f}\t{failed}\n")


def _check(response, expected: int = 200) -> None:
    if response.status_code != expected:
        response.failure(f"HTTP {response.status_code}, expected {expected}")


class Officer(HttpUser):
    """A member of staff working their cases."""

    fixed_count = 50
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.account = next(ACCOUNTS)
        self.cases = list(self.account["cases"])
        self.client.headers.update(HEADERS)
        self.client.get("/accounts/login/", name="/accounts/login/")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": self.account["username"],
                "password": DATA["password"],
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="/accounts/login/",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "sessionid" not in self.client.cookies:
                response.failure(f"log-in refused: HTTP {response.status_code}")

    def _get(self, path: str, name: str, expected: int = 200) -> None:
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _check(response, expected)

    @task(4)
    def home(self) -> None:
        self._get("/", "/ (to-do)")

    @task(4)
    def my_cases(self) -> None:
        self._get("/cases/?scope=mine", "/cases/?scope=mine")

    @task(2)
    def agency_cases(self) -> None:
        self._get("/cases/?scope=agency", "/cases/?scope=agency")

    @task(5)
    def case(self) -> None:
        self._get(f"/cases/{random.choice(self.cases)}/", "/cases/[id]/")

    @task(2)
    def timeline(self) -> None:
        self._get(f"/cases/{random.choice(self.cases)}/timeline/", "/cases/[id]/timeline/")

    @task(2)
    def due(self) -> None:
        self._get("/cases/due/", "/cases/due/")

    @task(1)
    def notifications(self) -> None:
        self._get("/cases/notifications/", "/cases/notifications/")

    @task(2)
    def new_lead(self) -> None:
        """Register a lead through the form: the page, then its POST; a redirect to the new
        case is success, and the officer works on that case from then on."""
        with self.client.get("/cases/new/", name="/cases/new/", catch_response=True) as page:
            _check(page)
            found = CSRF_FIELD.search(page.text or "")
            if found is None:
                page.failure("no CSRF token in the form")
                return
        number = random.randint(1, 10**6)
        with self.client.post(
            "/cases/new/",
            data={
                "csrfmiddlewaretoken": found.group(1),
                "procedure": "penalty_ordinary",
                "matter": str(DATA["matter"]),
                "title": f"负载测试线索 {self.account['officer']}-{number}",
                "source": "complaint",
                "party_kind": "organisation",
                "party_name": f"长春新区某养老服务中心{number}",
                "lead": self.account["officer"],
                "assistants": self.account["partner"],
                "facts": "群众来电反映该机构未按规定建立入院评估制度。",
            },
            headers={"Referer": f"{self.host}/cases/new/"},
            allow_redirects=False,
            name="/cases/new/",
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            opened = re.fullmatch(r"/cases/(\d+)/", location)
            if response.status_code != 302 or opened is None:
                response.failure(f"HTTP {response.status_code} {location}: no new case")
                return
            self.cases.append(int(opened.group(1)))


class Citizen(HttpUser):
    """Someone looking at the public portal, anonymously."""

    fixed_count = 200
    wait_time = between(2, 8)
    portal = DATA["portal"]

    def on_start(self) -> None:
        self.client.headers.update(HEADERS)

    def _get(self, path: str, name: str) -> None:
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _check(response)

    @task(4)
    def home(self) -> None:
        self._get("/portal/", "/portal/")

    @task(4)
    def decisions(self) -> None:
        self._get("/portal/decisions/", "/portal/decisions/")

    @task(4)
    def decision(self) -> None:
        if self.portal["decisions"]:
            pk = random.choice(self.portal["decisions"])
            self._get(f"/portal/decisions/{pk}/", "/portal/decisions/[id]/")

    @task(3)
    def search(self) -> None:
        term = random.choice(self.portal["search"])
        self._get(f"/portal/decisions/?q={term}", "/portal/decisions/?q=[term]")

    @task(2)
    def officers(self) -> None:
        self._get("/portal/officers/", "/portal/officers/")

    @task(2)
    def certificate(self) -> None:
        number = random.choice(self.portal["certificates"])
        self._get(f"/portal/certificates/{number}/", "/portal/certificates/[number]/")

    @task(2)
    def matters(self) -> None:
        self._get("/portal/matters/", "/portal/matters/")

    @task(2)
    def matter(self) -> None:
        pk = random.choice(self.portal["matters"])
        self._get(f"/portal/matters/{pk}/", "/portal/matters/[id]/")

    @task(1)
    def agency(self) -> None:
        code = random.choice(self.portal["agencies"])
        self._get(f"/portal/agencies/{code}/", "/portal/agencies/[code]/")

    @task(2)
    def api_decisions(self) -> None:
        self._get("/api/v1/public/decisions", "/api/v1/public/decisions")
