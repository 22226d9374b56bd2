"""``openenforce accounts …``: tokens, users, and refusals (exit 1, reason on stderr)."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from openenforce.accounts.models import ApiToken, User
from openenforce.core.errors import InvalidInput, NotFound
from openenforce.ledger.models import Entry
from openenforce.testing.api import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The fixture users' passwords need no real hashing here (it takes ~0.2 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    call_command("accounts", *args, stdout=out, stderr=io.StringIO(), stdin=io.StringIO(stdin))
    return out.getvalue()


def refusal(*args: str, stdin: str = "") -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args, stdin=stdin)
    assert caught.value.returncode == 1
    return caught.value


def test_token_prints_a_token_that_authenticates_an_api_call(officer):
    token = run("token", "officer").strip()
    assert token.startswith("oe_")
    assert ApiClient(token).get("/api/v1/me").json()["username"] == "officer"


def test_token_is_recorded_with_its_name(officer):
    run("token", "officer", "--name", "nightly export")
    token = ApiToken.objects.get(user=officer)
    assert token.name == "nightly export"
    assert Entry.objects.filter(
        event_type="accounts.token.issued", subject_id=str(token.pk)
    ).exists()


def test_token_for_an_unknown_user_is_refused(db):
    error = refusal("token", "nobody")
    assert isinstance(error.__cause__, NotFound)
    assert error.__cause__.code == "user_not_found"
    assert "nobody" in str(error)


def test_revoke_by_prefix_stops_the_token(officer):
    token = run("token", "officer").strip()
    assert "已吊销" in run("revoke", token[:8])
    assert ApiClient(token).get("/api/v1/me").status_code == 401
    assert refusal("revoke", token[:8]).__cause__.code == "token_not_found"


def test_revoke_by_the_whole_token(officer):
    token = run("token", "officer").strip()
    run("revoke", token)
    assert ApiToken.objects.get(user=officer).revoked_at is not None


def test_an_ambiguous_prefix_is_refused(officer):
    run("token", "officer")
    run("token", "officer")
    error = refusal("revoke", "oe_")
    assert isinstance(error.__cause__, InvalidInput)
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 2


def test_create_user_with_roles_and_a_password_from_stdin(agency):
    run(
        "create-user",
        "zhang",
        "--agency",
        agency.code,
        "--role",
        "officer",
        "--role",
        "publisher",
        "--password-stdin",
        stdin="a long enough passphrase 7\n",
    )
    user = User.objects.get(username="zhang")
    assert user.agency == agency
    assert user.role_codes() == {"officer", "publisher"}
    assert user.check_password("a long enough passphrase 7")


def test_create_user_without_password_has_no_usable_password(agency):
    run("create-user", "li", "--agency", agency.code, "--role", "head")
    assert not User.objects.get(username="li").has_usable_password()


def test_create_user_refuses_a_weak_password(agency):
    error = refusal(
        "create-user",
        "wang",
        "--agency",
        agency.code,
        "--role",
        "officer",
        "--password-stdin",
        stdin="123\n",
    )
    assert error.__cause__.code == "weak_password"
    assert "password:" in str(error)  # each problem on its own line
    assert not User.objects.filter(username="wang").exists()


def test_create_user_refuses_an_unknown_agency_and_a_taken_name(agency, officer):
    assert refusal("create-user", "x", "--agency", "nope", "--role", "officer").__cause__.code == (
        "agency_not_found"
    )
    taken = refusal("create-user", "officer", "--agency", agency.code, "--role", "officer")
    assert taken.__cause__.code == "username_taken"


def test_list_shows_users_roles_and_active_tokens(officer, head):
    run("token", "head")
    lines = run("list").splitlines()
    assert "head\tcnna-sa\thead\t1" in lines
    assert "officer\tcnna-sa\tofficer\t0" in lines
    assert not any(line.startswith("system") for line in lines)


def test_the_command_line_exits_1_with_the_reason_on_stderr(db, capsys):
    # The path `openenforce accounts token nobody` takes: no traceback, one clear line.
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["openenforce", "accounts", "token", "nobody"]).execute()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "不存在用户“nobody”。"
