"""Fixtures shared by every app's tests: two agencies, a justice bureau that supervises
the first, and one named user per role (plus an outsider from the other agency)."""

import pytest

from openenforce.accounts.models import Agency, Role
from openenforce.accounts.services import (
    add_supervision,
    create_user,
    get_system_actor,
    save_agency,
)

PASSWORD = "correct horse battery 42"


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


@pytest.fixture(autouse=True)
def _ledger_test_key(settings, ledger_key_file):
    """Tests sign checkpoints with a throwaway key, never the installation's."""
    settings.OPENENFORCE_LEDGER_KEY_FILE = ledger_key_file


def pytest_configure(config):
    """Tests read the translated (zh-hans) texts: compile any .po changed since the last run."""
    from openenforce.core.i18n import compile_all

    compile_all()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests create many users; the production hasher's deliberate slowness only costs time."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def browser(monkeypatch):
    """Headless Chromium (openenforce/core/tests/browser.py); modules that use it skip
    their tests where it is not installed."""
    from openenforce.core.tests.browser import launched

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
        from openenforce.ledger.verify import check_rows

        problems = check_rows(complete=False)
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems[:20])
            pytest.fail(f"the record no longer matches its rows after this test:\n{listed}")
    return result
