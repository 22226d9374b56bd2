"""The `openenforce` command: Django's management commands with the project's settings.

Commands are grouped per app, e.g. ``openenforce catalog import FILE`` or
``openenforce calendar due 2026-09-28 7``; each group is one management command with
sub-commands.
"""

import contextlib
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openenforce.settings")
    _compile_translations()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["openenforce", *(sys.argv[1:] if argv is None else argv)])
    except BrokenPipeError:
        # The reader went away (``openenforce calendar due … | head -1``): not an error
        # worth a traceback. Point stdout at devnull so the interpreter's flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _compile_translations() -> None:
    """Compile changed .po files before Django loads any catalogue, so a checkout that
    was pulled without re-running make never shows stale (English) text."""
    from openenforce.core.i18n import compile_all

    # An installed, read-only package ships its compiled catalogues.
    with contextlib.suppress(OSError):
        compile_all()


if __name__ == "__main__":
    main()
