"""``openenforce supervision …``: the dashboard's kept figures.

    openenforce supervision check-figures
    openenforce supervision rebuild-figures

``check-figures`` compares the kept figures (docs/supervision.md, Performance) with the
cases and deadlines themselves: it prints ``ok``, or each group that differs with the kept
and the counted values, and exits 1. ``rebuild-figures`` recomputes them from the tables
(after a restore of the cases from elsewhere, say) and prints how many groups it wrote.
"""

from __future__ import annotations

import sys

from django.utils.translation import gettext as _

from openenforce.core.cli import GroupCommand
from openenforce.supervision import kept


class Command(GroupCommand):
    help = "The supervision dashboard's kept figures."
    subcommands = {
        "check-figures": "Compare the kept figures with the cases and deadlines; exit 1 if they differ.",
        "rebuild-figures": "Recompute the kept figures from the cases and deadlines.",
    }

    def handle_check_figures(self, **options) -> None:
        problems = kept.check()
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            self.stderr.write(
                _("%(count)d groups of the kept figures differ from the cases.")
                % {"count": len(problems)}
            )
            sys.exit(1)
        self.stdout.write("ok")

    def handle_rebuild_figures(self, **options) -> None:
        self.stdout.write(str(kept.rebuild()))
