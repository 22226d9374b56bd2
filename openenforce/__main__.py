"""The `openenforce` command: Django's management commands with the project's settings.

Commands are grouped per app, e.g. ``openenforce catalog import FILE`` or
``openenforce calendar due 2026-09-28 7``; each group is one management command with
sub-commands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openenforce", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
