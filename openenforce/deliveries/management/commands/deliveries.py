"""``openenforce deliveries rules|settle``: service of documents from the command line."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from openenforce.accounts.models import User
from openenforce.cases.articles import cite
from openenforce.core.cli import GroupCommand
from openenforce.deliveries import rules, services


class Command(GroupCommand):
    help = "Service of documents (送达): the rules in force, settling announcements."
    subcommands = {
        "rules": "List the methods of service and the periods running from service.",
        "settle": "Record every announcement whose 30 days have passed as served.",
    }

    def handle_rules(self, **_) -> None:
        for method in rules.METHODS.values():
            self.stdout.write(f"{method.code}\t{method.label}\t{cite(method.article)}")
        codes = ("announcement", "payment", "reconsideration", "litigation")
        for code in codes:
            period = rules.period(code)
            self.stdout.write(
                f"{code}\t{period.label}\t{period.days} {period.unit}\t{cite(period.article)}"
            )

    def add_settle_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="The officer recording it.")
        parser.add_argument("--date", help="Today, as YYYY-MM-DD (default: today).")

    def handle_settle(self, *, user: str, date: str | None, **_) -> None:
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {user!r}", returncode=1)
        today = datetime.date.fromisoformat(date) if date else None
        for delivery in services.settle_due_announcements(actor=actor, today=today):
            self.stdout.write(f"{delivery.document.number}\t{delivery.deemed_served_on}")
