"""Where the search index comes from: the apps whose items are searchable register a
source here from their ``AppConfig.ready()`` (the disclosure app: the public
publications), so search imports none of them.

A source is a callable returning an iterable of items, each a dict of ``index_item``'s
keyword arguments (``key``, ``agency_id``, ``kind``, ``category``, ``matter_id``,
``published_on``, ``title``, ``body``); ``services.reindex`` rebuilds the index from all of
them. This module imports no models, so an app may register while search is loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

Source = Callable[[], Iterable[dict]]

_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Register ``source`` under ``name`` (the app label); the same again is a no-op."""
    if _sources.get(name, source) != source:
        raise ValueError(f"A search source {name!r} is registered already.")
    _sources[name] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def all_items() -> Iterator[dict]:
    """The items of every registered source, source by source in registration order."""
    for source in list(_sources.values()):
        yield from source()
