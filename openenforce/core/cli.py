"""Shared shape of the ``openenforce <group> <verb>`` command groups.

A group is one management command with sub-commands. Subclass :class:`GroupCommand`,
list the verbs in ``subcommands`` (verb → one-line help), and for each verb define
``handle_<verb>(self, **options)`` and optionally ``add_<verb>_arguments(self, parser)``
(a dash in the verb becomes an underscore: ``create-user`` → ``handle_create_user``)::

    class Command(GroupCommand):
        help = "Users and API tokens."
        subcommands = {"token": "Print a new API token for a user."}

        def add_token_arguments(self, parser):
            parser.add_argument("username")

        def handle_token(self, *, username, **options):
            self.stdout.write(issue_api_token(...))

Every interface maps domain errors the same way (architecture doc, "Interfaces"): a
refusal (:class:`~openenforce.core.errors.DomainError`) prints its message, and each
field problem on its own line, to stderr and exits with status 1. Called through
``call_command`` (tests), the same refusal is raised as ``CommandError(returncode=1)``
whose ``__cause__`` is the domain error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, ngettext

from openenforce.core.errors import DomainError


def describe_refusal(error: DomainError) -> str:
    """The message of a refusal followed by one line per field problem."""
    lines = [str(error)]
    lines += [f"{problem.location()}: {problem.message}" for problem in error.problems]
    return "\n".join(lines)


def translate_argparse() -> None:
    """Let argparse's own messages (usage, missing or unknown arguments) speak the user's
    language: argparse looks its texts up through the module's ``_`` at call time, and our
    catalogues translate those msgids (core/locale)."""
    argparse._ = gettext
    argparse.ngettext = ngettext


def _identifier(verb: str) -> str:
    return verb.replace("-", "_")


class GroupCommand(BaseCommand):
    """A management command with sub-commands; refusals exit 1 with the reason on stderr."""

    #: verb → one-line help text, in the order they are listed by ``--help``.
    subcommands: dict[str, str] = {}

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        translate_argparse()
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        for verb, help_text in self.subcommands.items():
            sub = verbs.add_parser(verb, help=help_text, description=help_text)
            adder = getattr(self, f"add_{_identifier(verb)}_arguments", None)
            if adder is not None:
                adder(sub)

    def handle(self, *args: Any, subcommand: str, **options: Any) -> str | None:
        handler = getattr(self, f"handle_{_identifier(subcommand)}")
        try:
            return handler(*args, **options)
        except DomainError as error:
            self.refuse(error)
        return None

    def refuse(self, error: DomainError) -> None:
        """Report a refusal: stderr and exit 1 on the command line, CommandError otherwise."""
        text = describe_refusal(error)
        if getattr(self, "_called_from_command_line", False):
            self.stderr.write(text)
            sys.exit(1)
        raise CommandError(text, returncode=1) from error
