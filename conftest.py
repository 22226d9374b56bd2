"""Fixtures shared by every app's tests: two agencies, a justice bureau that supervises
the first, and one named user per role (plus an outsider from the other agency); and the
tests' clock (docs/testing.md): ``@pytest.mark.clock(...)``, the ``clock`` fixture and
``OPENENFORCE_TEST_NOW``."""

import datetime as dt
import os

import pytest
import time_machine
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from openenforce.accounts.models import Agency, Role
from openenforce.accounts.services import (
    add_supervision,
    create_user,
    get_system_actor,
    save_agency,
)

# The test kit's fixtures (openenforce/testing/fixtures.py): pytest takes pytest_plugins
# only from the root conftest.
pytest_plugins = ["openenforce.testing.fixtures"]

PASSWORD = "correct horse battery 42"

# Property tests judge behaviour, not speed: on a loaded machine (two test workers on two
# cores, CI) Hypothesis's timing checks would fail them for being slow.
hypothesis_settings.register_profile(
    "openenforce", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("openenforce")


@pytest.fixture(scope="session")
def ledger_key_file(tmp_path_factory):
    return tmp_path_factory.mktemp("ledger") / "signing.key"


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked ``postgres_only`` (races, snapshots, worker processes) skip on SQLite."""
    if request.node.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL")


@pytest.fixture(scope="session", autouse=True)
def _ledger_test_key(ledger_key_file):
    """Tests sign checkpoints with a throwaway key, never the installation's — from the
    session's start, so a module's fixture that loads the demo (which signs checkpoints
    for its witness) signs with the key the tests verify with."""
    from django.conf import settings

    saved = settings.OPENENFORCE_LEDGER_KEY_FILE
    settings.OPENENFORCE_LEDGER_KEY_FILE = ledger_key_file
    yield
    settings.OPENENFORCE_LEDGER_KEY_FILE = saved


@pytest.fixture(scope="session", autouse=True)
def _no_installation_seal_in_the_session(tmp_path_factory):
    """From the session's start (a module's fixture that loads the demo included), tests
    never seal with the installation's seal key (var/seal, made by the demo command, maybe
    by another worker at this very moment)."""
    from django.conf import settings

    folder = tmp_path_factory.getbasetemp() / "no-seal"
    settings.OPENENFORCE_SEAL_PROFILE = ""  # no profile: the demo command makes no PKI here
    settings.OPENENFORCE_SEAL_KEY_FILE = folder / "agency.key"
    settings.OPENENFORCE_SEAL_CERT_FILE = folder / "agency.pem"


@pytest.fixture(autouse=True)
def _no_installation_seal(settings, tmp_path_factory):
    """Tests never seal with the installation's seal key (var/seal, made by the demo):
    documents are issued unsealed unless a test asks for the ``sealing`` fixture (again
    per test: the demo command, run by a test, points the settings at its own)."""
    folder = tmp_path_factory.getbasetemp() / "no-seal"
    settings.OPENENFORCE_SEAL_PROFILE = ""  # no profile: the demo command makes no PKI here
    settings.OPENENFORCE_SEAL_KEY_FILE = folder / "agency.key"
    settings.OPENENFORCE_SEAL_CERT_FILE = folder / "agency.pem"


# The tests' clock (docs/testing.md). A test never depends on the day it runs: it either
# travels to the instant its dates assume (the ``clock`` marker) or derives its dates from
# timezone.now()/localdate(). OPENENFORCE_TEST_NOW runs the whole session on another day.
TEST_NOW_ENV = "OPENENFORCE_TEST_NOW"
_session_travel: time_machine.travel | None = None


def _instant(text: str, what: str) -> dt.datetime:
    """An ISO 8601 instant with its UTC offset (a naive one would depend on the machine)."""
    try:
        instant = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise pytest.UsageError(f"{what}: not an ISO 8601 instant: {text!r}") from exc
    if instant.utcoffset() is None:
        raise pytest.UsageError(f"{what}: {text!r} needs a UTC offset, e.g. +08:00")
    return instant


def pytest_configure(config):
    """Tests read the translated (zh-hans) texts: compile any .po changed since the last run.
    With OPENENFORCE_TEST_NOW set, the whole session (xdist workers included: each runs
    this hook) travels to that instant before anything else, and time keeps ticking."""
    global _session_travel
    from openenforce.core.i18n import compile_all

    compile_all()
    text = os.environ.get(TEST_NOW_ENV)
    if text and _session_travel is None:
        _session_travel = time_machine.travel(_instant(text, TEST_NOW_ENV), tick=True)
        _session_travel.start()


def pytest_unconfigure(config):
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config):
    text = os.environ.get(TEST_NOW_ENV)
    if text:
        return f"clock: the session runs at {_instant(text, TEST_NOW_ENV).isoformat()} ({TEST_NOW_ENV}), ticking"
    return "clock: real (set OPENENFORCE_TEST_NOW to run the suite on another day)"


def pytest_terminal_summary(terminalreporter):
    """The header is hidden under -q (our addopts): say the simulated day at the end too."""
    if os.environ.get(TEST_NOW_ENV):
        terminalreporter.write_line(pytest_report_header(terminalreporter.config))


def pytest_collection_modifyitems(config, items):
    """Tests that drive Chromium are marked ``browser``: the other-day runs deselect them
    (``-m "not browser"``), since the browser keeps the real clock."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _clock_marker(request):
    """``@pytest.mark.clock("2026-11-20T10:00:00+08:00")`` (on a test, a class or as a
    module's ``pytestmark``): the test runs from that instant, time still ticking."""
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield None
        return
    if len(marker.args) != 1 or marker.kwargs:
        raise pytest.UsageError(f"{request.node.nodeid}: use @pytest.mark.clock('<ISO instant>')")
    with time_machine.travel(_instant(marker.args[0], request.node.nodeid), tick=True) as t:
        yield t


@pytest.fixture
def clock(_clock_marker):
    """The traveller, to move the clock mid-test: ``clock.shift(timedelta(days=3))``,
    ``clock.move_to("2026-12-01T09:00:00+08:00")``. Without the marker, it starts from
    the (real or session) current instant."""
    if _clock_marker is not None:
        yield _clock_marker
        return
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests create many users; the production hasher's deliberate slowness only costs time."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def browser(monkeypatch):
    """Headless Chromium (openenforce/testing/browser.py); modules that use it skip
    their tests where it is not installed."""
    from openenforce.testing.browser import launched

    with launched(monkeypatch) as chromium:
        yield chromium


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing kept in Django's cache (public pages, counts, hourly allowances of the
    public forms) or in the process-wide tile caches (each test builds a different log)
    carries over from one test to the next."""
    from django.core.cache import cache

    from openenforce.ledger.tiles import clear_shared

    cache.clear()
    clear_shared()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a page requested in English by
    an earlier test in the same worker (the language middleware activates the cookie's
    language for the thread) does not carry over into the next test's documents."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _ledger_allow_flush():
    """Tests with real commits may empty the append-only record tables between tests."""
    from django.conf import settings as django_settings

    django_settings.OPENENFORCE_LEDGER_ALLOW_FLUSH = True


@pytest.fixture
def system_actor(db):
    return get_system_actor()


def _agency(code: str, name: str, short: str, actor) -> Agency:
    return save_agency(
        Agency(code=code, name=name, short_name=short, complaint_phone="0431-12345"), actor=actor
    )


@pytest.fixture
def agency(system_actor):
    return _agency("cnna-sa", "长春新区社会事业发展局", "长新社", system_actor)


@pytest.fixture
def other_agency(system_actor):
    return _agency("other", "某市市场监督管理局", "某市监", system_actor)


@pytest.fixture
def justice_bureau(system_actor, agency):
    bureau = _agency("justice", "长春新区司法局", "长新司", system_actor)
    add_supervision(bureau, actor=system_actor, supervised=agency)
    return bureau


def _user(username: str, agency: Agency, role: str | None, actor):
    return create_user(
        username,
        actor=actor,
        agency=agency,
        roles=[role] if role else [],
        password=PASSWORD,
        display_name=username,
    )


@pytest.fixture
def officer(system_actor, agency):
    return _user("officer", agency, Role.OFFICER, system_actor)


@pytest.fixture
def reviewer(system_actor, agency):
    return _user("reviewer", agency, Role.REVIEWER, system_actor)


@pytest.fixture
def head(system_actor, agency):
    return _user("head", agency, Role.HEAD, system_actor)


@pytest.fixture
def publisher(system_actor, agency):
    return _user("publisher", agency, Role.PUBLISHER, system_actor)


@pytest.fixture
def admin_user(system_actor, agency):
    return _user("agencyadmin", agency, Role.ADMIN, system_actor)


@pytest.fixture
def supervisor(system_actor, justice_bureau):
    return _user("supervisor", justice_bureau, Role.SUPERVISOR, system_actor)


@pytest.fixture
def outsider(system_actor, other_agency):
    """An administrator of another agency: powerful there, nobody here."""
    return _user("outsider", other_agency, Role.ADMIN, system_actor)


@pytest.fixture
def client_for(client):
    """Log the test client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- the record stays true -------------------------------------------------------------------


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"db", "transactional_db", "live_server", "django_db_reset_sequences"}) or (
        item.get_closest_marker("django_db") is not None
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After every test that used the database, the record must still agree with every
    row it names (``ledger verify``'s row check): a service that changed a recorded row
    without an entry fails the test that exercised it. Tests that tamper on purpose say
    so with ``@pytest.mark.tampers``."""
    result = yield
    if _uses_database(item) and not item.get_closest_marker("tampers"):
        from django.db import connection

        from openenforce.ledger.verify import check_rows

        if connection.closed_in_transaction:  # a command closed it: the test's data is gone
            return result

        problems = check_rows(complete=False)
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems[:20])
            pytest.fail(f"the record no longer matches its rows after this test:\n{listed}")
        # The dashboard's kept figures follow the record (supervision.kept): still equal
        # to the counts of the cases and deadlines themselves.
        from openenforce.supervision import kept

        problems = kept.check()
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems[:20])
            pytest.fail(f"the kept figures differ from the cases after this test:\n{listed}")
    return result
