"""``openenforce search reindex|query``: the search index from the command line."""

from __future__ import annotations

from openenforce.core.cli import GroupCommand
from openenforce.search import selectors, services


class Command(GroupCommand):
    help = "The search index of published items."
    subcommands = {
        "reindex": "Rebuild the search index from the public publications.",
        "query": "Search the published items and print the hits.",
    }

    def handle_reindex(self, **_) -> None:
        count = services.reindex()
        self.stdout.write(f"{count}")

    def add_query_arguments(self, parser) -> None:
        parser.add_argument("query")
        parser.add_argument("--agency", type=int, dest="agency_id")
        parser.add_argument("--kind")
        parser.add_argument("--category")
        parser.add_argument("--page", type=int, default=1)

    def handle_query(self, *, query, agency_id, kind, category, page, **_) -> None:
        result = selectors.search(
            query, agency_id=agency_id, kind=kind, category=category, page=page
        )
        more = "+" if result.capped else ""
        self.stdout.write(f"{result.total}{more} ({result.page}/{result.pages})")
        for hit in result.items:
            self.stdout.write(f"{hit.published_on}\t{hit.key}\t{hit.title}")
