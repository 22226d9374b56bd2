"""``openenforce accounts …``: staff accounts and API tokens, for the installation's operator.

Changes made here are recorded with the system actor as their author.
"""

import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from openenforce.accounts.models import Agency, ApiToken, Role, User
from openenforce.accounts.services import (
    SYSTEM_USERNAME,
    create_user,
    get_system_actor,
    issue_api_token,
    revoke_api_token,
)
from openenforce.core.cli import GroupCommand
from openenforce.core.errors import FieldProblem, InvalidInput, NotFound


def _user_named(username: str) -> User:
    try:
        return User.objects.select_related("agency").get(username=username)
    except User.DoesNotExist:
        raise NotFound(
            _("There is no user “%(username)s”.") % {"username": username},
            code="user_not_found",
        ) from None


def _agency_coded(code: str) -> Agency:
    try:
        return Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise NotFound(
            _("There is no agency with the code “%(code)s”.") % {"code": code},
            code="agency_not_found",
        ) from None


def _token_with_prefix(prefix: str) -> ApiToken:
    """The active token whose stored prefix starts with ``prefix`` (or the whole token)."""
    active = ApiToken.objects.select_related("user__agency").filter(revoked_at__isnull=True)
    if len(prefix) > 8:
        tokens = list(active.filter(digest=ApiToken.digest_of(prefix)))
    else:
        tokens = list(active.filter(prefix__startswith=prefix)[:2])
    if not tokens:
        raise NotFound(
            _("The token does not exist or was already revoked."), code="token_not_found"
        )
    if len(tokens) > 1:
        raise InvalidInput(
            _("Several tokens start with “%(prefix)s”; give more characters.") % {"prefix": prefix},
            code="token_prefix_ambiguous",
        )
    return tokens[0]


def _checked_password(password: str, username: str) -> str:
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        messages = [str(m) for m in exc.messages]
        raise InvalidInput(
            _("The password is too weak."),
            code="weak_password",
            problems=[FieldProblem(field="password", message=m) for m in messages],
        ) from None
    return password


class Command(GroupCommand):
    help = "Staff accounts and API tokens."
    stealth_options = ("stdin",)
    subcommands = {
        "token": "Issue a new API token for a user and print it (shown only once).",
        "revoke": "Revoke the API token that starts with PREFIX.",
        "create-user": "Create a staff account in an agency with one or more roles.",
        "list": "List staff accounts with their agency, roles and active tokens.",
    }

    def add_token_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for.")

    def handle_token(self, *, username, name, **options):
        user = _user_named(username)
        self.stdout.write(issue_api_token(user, actor=get_system_actor(), name=name))

    def add_revoke_arguments(self, parser):
        parser.add_argument("prefix", help="The token's first characters (at least oe_ and 5).")

    def handle_revoke(self, *, prefix, **options):
        token = _token_with_prefix(prefix)
        revoke_api_token(token, actor=get_system_actor())
        self.stdout.write(_("Revoked %(token)s.") % {"token": token})

    def add_create_user_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="The agency's code.")
        parser.add_argument(
            "--role", dest="roles", action="append", required=True, choices=Role.values
        )
        parser.add_argument("--display-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input "
            "(without it the account can only use API tokens until a password is set).",
        )

    def handle_create_user(self, *, username, agency, roles, display_name, **options):
        password = None
        if options["password_stdin"]:
            line = options.get("stdin", sys.stdin).readline().rstrip("\r\n")
            password = _checked_password(line, username)
        user = create_user(
            username,
            actor=get_system_actor(),
            agency=_agency_coded(agency),
            roles=roles,
            password=password,
            display_name=display_name,
        )
        self.stdout.write(_("Created %(username)s.") % {"username": user.username})

    def add_list_arguments(self, parser):
        parser.add_argument("--agency", help="Only users of the agency with this code.")

    def handle_list(self, *, agency, **options):
        users = User.objects.select_related("agency").exclude(username=SYSTEM_USERNAME)
        if agency:
            users = users.filter(agency=_agency_coded(agency))
        active = Count("api_tokens", filter=Q(api_tokens__revoked_at__isnull=True))
        for user in users.annotate(tokens=active).order_by("agency__code", "username"):
            roles = ",".join(sorted(user.role_codes())) or "-"
            code = user.agency.code if user.agency else "-"
            self.stdout.write(f"{user.username}\t{code}\t{roles}\t{user.tokens}")
