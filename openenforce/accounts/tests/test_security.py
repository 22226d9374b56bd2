"""Staff account security: log-in lock-out, two-step verification, sessions, password rules."""

import base64
import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from openenforce.accounts import services
from openenforce.ledger.models import Entry

pytestmark = pytest.mark.django_db

WRONG = "not the password 123"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(user, event_type):
    return Entry.objects.filter(event_type=event_type, subject_id=str(user.pk)).count()


def code_for(key: str) -> str:
    """The current code of an authenticator given the key shown on the set-up page."""
    secret = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    return f"{totp(secret):06d}"


# --- lock-out -----------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_user_name_from_that_address(client, officer, settings):
    codes = [log_in(client, officer.username, WRONG).status_code for _n in range(4)]
    assert codes == [200, 200, 200, 200]
    locked = log_in(client, officer.username, WRONG)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录已暂时锁定" in text
    assert f"连续 {settings.AXES_FAILURE_LIMIT} 次" in text
    assert "之后再试" in text and "约 15 分钟" in text
    # The right password is refused while the lock lasts.
    right = log_in(client, officer.username)
    assert right.status_code == 429
    assert not logged_in(client)
    assert events(officer, "accounts.user.locked_out") == 1


def test_the_lock_lifts_after_the_cool_off(client, officer, clock):
    for _n in range(5):
        log_in(client, officer.username, WRONG)
    clock.shift(datetime.timedelta(minutes=14))
    assert log_in(client, officer.username).status_code == 429
    # Each attempt during the lock restarts the wait: 15 minutes from the last one.
    clock.shift(datetime.timedelta(minutes=16))
    assert log_in(client, officer.username).status_code == 302
    assert logged_in(client)


def test_the_lock_is_per_address_so_an_attacker_cannot_lock_a_user_out_everywhere(client, officer):
    for _n in range(5):
        log_in(client, officer.username, WRONG, REMOTE_ADDR="203.0.113.7")
    assert log_in(client, officer.username, REMOTE_ADDR="203.0.113.7").status_code == 429
    elsewhere = Client()
    assert log_in(elsewhere, officer.username, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_behind_a_trusted_proxy_the_lock_follows_the_forwarded_address(client, officer, settings):
    """Every request arrives from the proxy: without trusting its header, one attacker
    would lock the user name for everyone behind it."""
    settings.OPENENFORCE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _n in range(5):
        log_in(client, officer.username, WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    attacker = log_in(client, officer.username, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert attacker.status_code == 429
    colleague = Client()
    response = log_in(colleague, officer.username, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    assert response.status_code == 302


def test_an_administrator_unlocks_and_it_is_recorded(client, officer, admin_user):
    for _n in range(5):
        log_in(client, officer.username, WRONG)
    services.unlock_login(officer, actor=admin_user)
    assert log_in(client, officer.username).status_code == 302
    entry = Entry.objects.get(event_type="accounts.user.unlocked", subject_id=str(officer.pk))
    assert entry.actor_id == admin_user.pk


def test_the_admin_unlock_action(client_for, officer, system_actor, agency):
    root = services.create_user(
        "root", actor=system_actor, agency=None, password=PASSWORD, is_superuser=True
    )
    for _n in range(5):
        log_in(Client(), officer.username, WRONG)
    admin = client_for(root)
    url = reverse("admin:accounts_user_changelist")
    response = admin.post(url, {"action": "unlock", "_selected_action": [officer.pk]})
    assert response.status_code == 302
    assert log_in(Client(), officer.username).status_code == 302


# --- two-step verification -------------------------------------------------------------------


def set_up(client, next_url="/"):
    """Complete the set-up page as a person would: read the key, type the app's code."""
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    key = page.context["key"]
    assert key.replace(" ", "") in page.content.decode().replace(" ", "")
    response = client.post(reverse("two_factor_setup"), {"code": code_for(key), "next": next_url})
    assert response.status_code == 200
    return key, response.context["codes"]


def test_an_administrator_without_two_factor_must_set_it_up_first(client, admin_user):
    response = log_in(client, admin_user.username)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))
    # Nothing else until done: pages, the admin and the API (by session) are refused.
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("two_factor_setup"))
    assert client.get("/admin/").url.startswith(reverse("two_factor_setup"))
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(reverse("two_factor_setup"))
    assert "管理员必须使用两步验证" in page.content.decode()
    _key, codes = set_up(client)
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    assert events(admin_user, "accounts.user.two_factor_enabled") == 1


def test_the_demo_setting_lets_administrators_in_without_two_factor(client, admin_user, settings):
    settings.OPENENFORCE_REQUIRE_ADMIN_2FA = False
    response = log_in(client, admin_user.username)
    assert response.status_code == 302 and response.url == "/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_set_up_code_is_refused_in_chinese(client_for, officer):
    client = client_for(officer)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "验证码错误或已过期" in response.content.decode()
    assert not services.has_two_factor(officer)


def test_log_in_asks_for_the_code_once_set_up(client_for, officer):
    key, _codes = set_up(client_for(officer))
    client = Client()
    response = log_in(client, officer.username, **{"QUERY_STRING": ""})
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.get(reverse("workbench:list")).url.startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200 and "验证码错误或已过期" in wrong.content.decode()
    # A fresh code (the set-up's code was used; the app shows the next one 30 s later).
    device = TOTPDevice.objects.get(user=officer)
    device.last_t = -1
    device.throttling_failure_count = 0
    device.save()
    done = client.post(reverse("two_factor_verify"), {"code": code_for(key), "next": "/cases/"})
    assert done.status_code == 302 and done.url == "/cases/"
    assert client.get(reverse("workbench:list")).status_code == 200


def test_a_recovery_code_works_once(client_for, officer):
    _key, codes = set_up(client_for(officer))
    first = Client()
    log_in(first, officer.username)
    used = first.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert used.status_code == 302
    assert first.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=officer).count() == 9
    again = Client()
    log_in(again, officer.username)
    refused = again.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert refused.status_code == 200
    assert again.get(reverse("home")).status_code == 302


def test_turning_two_factor_off_needs_the_password(client_for, officer):
    client = client_for(officer)
    set_up(client)
    wrong = client.post(reverse("two_factor_disable"), {"password": WRONG})
    assert "密码错误" in wrong.content.decode()
    assert services.has_two_factor(officer)
    done = client.post(reverse("two_factor_disable"), {"password": PASSWORD})
    assert done.status_code == 302
    assert not services.has_two_factor(officer)
    assert events(officer, "accounts.user.two_factor_disabled") == 1


def test_an_administrator_cannot_turn_their_own_two_factor_off(client, admin_user):
    log_in(client, admin_user.username)
    set_up(client)
    page = client.post(reverse("two_factor_disable"), {"password": PASSWORD})
    assert services.has_two_factor(admin_user)
    assert "管理员必须" in page.content.decode()


def test_renewing_recovery_codes_replaces_the_old_ones(client_for, officer):
    client = client_for(officer)
    _key, old = set_up(client)
    response = client.post(reverse("recovery_codes"))
    new = response.context["codes"]
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)
    assert events(officer, "accounts.user.recovery_codes_renewed") == 1


def test_no_secret_enters_the_record(client_for, officer):
    key, codes = set_up(client_for(officer))
    bodies = b"".join(bytes(entry.body) for entry in Entry.objects.all())
    assert key.replace(" ", "").encode() not in bodies
    assert not any(code.encode() in bodies for code in codes)


# --- sessions -------------------------------------------------------------------------------


def test_sessions_are_listed_and_another_one_is_signed_out(officer):
    phone, desk = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari/604.1"), Client()
    log_in(phone, officer.username, REMOTE_ADDR="198.51.100.20")
    log_in(desk, officer.username, HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/120")
    page = desk.get(reverse("account_security"))
    text = page.content.decode()
    assert "198.51.100.20" in text and "Safari · iPhone" in text and "当前会话" in text
    other = next(s for s in page.context["sessions"] if not s["current"])
    desk.post(reverse("revoke_session"), {"session": other["row"].session_key})
    assert phone.get(reverse("home")).status_code == 302  # back to the log-in page
    assert desk.get(reverse("home")).status_code == 200
    assert events(officer, "accounts.user.sessions_revoked") == 1


def test_sign_out_all_other_sessions(officer):
    clients = [Client() for _n in range(3)]
    for client in clients:
        log_in(client, officer.username)
    clients[0].post(reverse("revoke_session"), {"all": "1"})
    assert [c.get(reverse("home")).status_code for c in clients] == [200, 302, 302]


def test_a_user_cannot_sign_out_someone_elses_session(officer, head):
    mine, theirs = Client(), Client()
    log_in(mine, officer.username)
    log_in(theirs, head.username)
    key = theirs.session.session_key
    mine.post(reverse("revoke_session"), {"session": key})
    assert theirs.get(reverse("home")).status_code == 200


def test_an_administrator_signs_a_user_out_everywhere(officer, system_actor, client_for):
    root = services.create_user(
        "root", actor=system_actor, agency=None, password=PASSWORD, is_superuser=True
    )
    desk = Client()
    log_in(desk, officer.username)
    admin = client_for(root)
    url = reverse("admin:accounts_user_changelist")
    admin.post(url, {"action": "sign_out_everywhere", "_selected_action": [officer.pk]})
    assert desk.get(reverse("home")).status_code == 302
    entry = Entry.objects.get(event_type="accounts.user.sessions_revoked")
    assert entry.actor_id == root.pk


# --- password rules ---------------------------------------------------------------------------


def test_password_rules_speak_chinese(client_for, officer):
    client = client_for(officer)
    url = reverse("password_change")
    short = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    text = short.content.decode()
    assert "密码长度太短" in text and "至少 10 个字符" in text
    assert "这个密码太常见了" in text
    assert "密码只包含数字" in text
    similar = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": officer.username + "x1",
            "new_password2": officer.username + "x1",
        },
    )
    assert "太相似" in similar.content.decode()


def test_changing_the_password_signs_out_the_other_sessions(client_for, officer):
    other = Client()
    log_in(other, officer.username)
    client = client_for(officer)
    new = "a brand new passphrase 9"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert other.get(reverse("home")).status_code == 302
    assert events(officer, "accounts.user.password_changed") == 1


def test_the_account_menu_links_to_account_security(client_for, officer):
    page = client_for(officer).get(reverse("home")).content.decode()
    assert reverse("account_security") in page


def test_the_admin_log_in_is_the_staff_log_in(client, client_for, officer):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/admin/"
    # A logged-in user who is not staff is refused, not sent round in a loop.
    staff_page = client_for(officer).get("/admin/", follow=True)
    assert staff_page.status_code == 403
