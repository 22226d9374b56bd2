"""The one family of domain errors raised by services.

Every interface maps them the same way: pages show the message, the API answers with
``status`` and ``code``, the CLI prints the message to stderr and exits 1. A rule is
written once, in the service that enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field (or one cell of an imported sheet)."""

    field: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def location(self) -> str:
        parts = [p for p in (self.sheet, f"第{self.row}行" if self.row else "", self.column) if p]
        return " ".join(parts) or self.field


@dataclass
class DomainError(Exception):
    """A refusal by a service: a stable machine-readable code and a user-facing message."""

    message: str
    code: str = "domain_error"
    article: str = ""
    problems: list[FieldProblem] = field(default_factory=list)

    status = 400

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        text = str(self.message)
        if self.article:
            text = f"{text}（{self.article}）"
        return text


class InvalidInput(DomainError):
    """Bad input (HTTP 422)."""

    status = 422


class WrongState(DomainError):
    """The action is not allowed in the subject's current state (HTTP 409)."""

    status = 409


class NotPermitted(DomainError):
    """The actor's role does not allow the action (HTTP 403)."""

    status = 403


class NotFound(DomainError):
    """Missing, or belonging to another agency (HTTP 404: never reveal which)."""

    status = 404
