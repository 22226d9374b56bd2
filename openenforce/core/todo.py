"""What waits for a user: the to-do list's vocabulary and the sources that fill it.

Each app that hands work to people registers a **source** from its ``AppConfig.ready()``:
``source(user, today) -> Iterable[Task]``, the things that wait for that user now, read
from the app's own state (a case's lifecycle, an open review round, a draft publication).
Nothing is stored: the list is always what the state says, so finishing a task removes it.
The workbench's start page shows the tasks by urgency; the navigation shows their count.

A **hand-off** is the moment a task starts to wait for someone: the service that changed
the state calls ``hand_off(task, users, actor=...)`` in its own transaction, which sends
``handed_off``; the workbench turns it into notices (in the app, and by e-mail where
configured). The person who acted is never told of their own hand-off.

This module imports nothing of the project above ``core``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.dispatch import Signal
from django.utils.functional import Promise

# A task due within this many calendar days is "due soon".
DUE_SOON_DAYS = 3

OVERDUE, SOON, NOW = "overdue", "soon", "now"


@dataclass(frozen=True)
class Task:
    """One thing a user should do: ``title`` (what, in words: an action's name), about
    ``subject`` (a case's number and title, a publication's title), done at ``url``,
    by ``due`` when a time limit runs. ``area`` groups tasks (cases, publication, ...);
    ``key`` identifies the task across requests (the hand-off notices use it)."""

    area: str
    title: str | Promise  # lazy where it can be: a notice renders it in each language
    subject: str
    url: str
    key: str
    due: datetime.date | None = None
    note: str = ""

    def urgency(self, today: datetime.date) -> str:
        if self.due is None:
            return NOW
        if self.due < today:
            return OVERDUE
        if self.due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return SOON
        return NOW


Source = Callable[[Any, datetime.date], Iterable[Task]]

_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Register ``source`` under ``name`` (an app label); the same one again is a no-op."""
    if _sources.get(name, source) is not source:
        raise ValueError(f"A to-do source {name!r} is registered already.")
    _sources[name] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def _order(task: Task, today: datetime.date) -> tuple[int, datetime.date, str]:
    rank = {OVERDUE: 0, SOON: 1, NOW: 2}[task.urgency(today)]
    return (rank, task.due or datetime.date.max, task.key)


def tasks_for(user: Any, today: datetime.date) -> list[Task]:
    """Everything waiting for ``user``: overdue first, then due soon, then the rest, each
    by due date. Empty for anyone not logged in or inactive."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    found = [task for source in _sources.values() for task in source(user, today)]
    return sorted(found, key=lambda task: _order(task, today))


@dataclass(frozen=True)
class Summary:
    """The to-do list split by urgency, for the start page and the navigation."""

    overdue: list[Task]
    soon: list[Task]
    now: list[Task]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.soon) + len(self.now)


def summary(user: Any, today: datetime.date) -> Summary:
    tasks = tasks_for(user, today)
    by = {
        level: [task for task in tasks if task.urgency(today) == level]
        for level in (OVERDUE, SOON, NOW)
    }
    return Summary(by[OVERDUE], by[SOON], by[NOW])


# The navigation's count is kept this long; a hand-off forgets it for everyone involved,
# and a user's own change (any POST) forgets theirs (core.middleware.TodoCountMiddleware).
COUNT_SECONDS = 60


def _count_key(user: Any) -> str:
    return f"openenforce:todo-count:{user.pk}"


def count(user: Any, today: datetime.date) -> int:
    """How many tasks wait for ``user`` (for the navigation), kept for COUNT_SECONDS."""
    key = _count_key(user)
    value = cache.get(key)
    if value is None:
        value = summary(user, today).count
        cache.set(key, value, COUNT_SECONDS)
    return int(value)


def remember(user: Any, value: int) -> None:
    """Keep a count just computed in full (the start page)."""
    cache.set(_count_key(user), value, COUNT_SECONDS)


def forget(*users: Any) -> None:
    cache.delete_many([_count_key(user) for user in users if getattr(user, "pk", None)])


# Sent with ``task`` (a Task) and ``users`` (the users it now waits for) by ``hand_off``.
handed_off = Signal()


def hand_off(task: Task, users: Iterable[Any], *, actor: Any) -> None:
    """Tell ``users`` (but not ``actor``) that ``task`` now waits for them."""
    recipients = [user for user in users if user.pk != getattr(actor, "pk", None)]
    forget(actor, *recipients)
    if recipients:
        handed_off.send(sender=Task, task=task, users=recipients)
