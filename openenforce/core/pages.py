"""The one way a page runs a service and turns its refusal into something the user reads.

``run_service(request, call, success=...)`` calls the service; on a ``DomainError`` it
shows the error's message (and each field problem) as page messages, or, given a bound
``form``, attaches the field problems to the form's fields and the message to the form as
a whole; on success it adds the success message. The view decides where to go next from
the returned ``Outcome``.

Only ``DomainError`` is caught: anything else is a bug and must not be hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest

from openenforce.core.errors import DomainError, FieldProblem, InvalidInput

# An import with thousands of bad cells would drown the page: show the first ones.
MAX_PROBLEMS = 50


@dataclass
class Outcome:
    """What became of a service call: ``ok`` with its ``result``, or the ``error``."""

    result: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def problems(self) -> dict[str, str]:
        """The refusal's field problems by field name (empty on success)."""
        return {p.field: p.message for p in self.error.problems} if self.error else {}


def problem_text(problem: FieldProblem) -> str:
    """A problem as a page message: prefixed with its place when it has one (a sheet's
    row and column); a plain field problem is its message alone."""
    if problem.sheet or problem.row or problem.column:
        return f"{problem.location()}: {problem.message}"
    return problem.message


def report(request: HttpRequest, error: DomainError, form: forms.BaseForm | None = None) -> None:
    """Show ``error``: on ``form`` when given, else as page messages."""
    if form is not None:
        for problem in error.problems:
            if problem.field in form.fields and problem.field not in form.errors:
                form.add_error(problem.field, problem.message)
        form.add_error(None, str(error))
        return
    messages.error(request, str(error))
    shown = {str(error.message)}
    for problem in error.problems[:MAX_PROBLEMS]:
        text = problem_text(problem)
        if text not in shown:
            shown.add(text)
            messages.error(request, text)


def run_service(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    form: forms.BaseForm | None = None,
    quiet: bool = False,
) -> Outcome:
    """Call ``call()``; a ``DomainError`` is reported (see ``report``; not when ``quiet``:
    the page shows the refusal in a form of its own) and returned in the outcome; success
    adds ``success`` (a message, or a function of the result) as a page message."""
    try:
        result = call()
    except DomainError as error:
        if not quiet:
            report(request, error, form)
        return Outcome(error=error)
    if success is not None:
        text = success(result) if callable(success) else success
        if text:
            messages.success(request, text)
    return Outcome(result=result)


def form_error_text(form: forms.BaseForm) -> str:
    """A bound, invalid form's errors as one line: "label: message" per field, the
    form-wide ones alone (for pages that show one refusal line)."""
    parts = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label if name in form.fields else name
        parts += [f"{label}: {e}" for e in errors]
    return "；".join(str(p) for p in parts)


def invalid_form(form: forms.BaseForm) -> InvalidInput:
    """A bound form's errors as the refusal a service would raise (its first message, a
    problem per field), so a page shows both the same way (``report``)."""
    problems = [
        FieldProblem(name if name != NON_FIELD_ERRORS else "", str(message))
        for name, errors in form.errors.items()
        for message in errors
    ]
    first = problems[0].message if problems else ""
    return InvalidInput(first, code="invalid_input", problems=problems)


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
) -> Outcome:
    """A form posted from another page: an invalid ``form`` is refused as page messages
    (``invalid_form``), a valid one runs ``call(form.cleaned_data)`` through
    ``run_service``."""
    if not form.is_valid():
        error = invalid_form(form)
        report(request, error)
        return Outcome(error=error)
    return run_service(request, lambda: call(form.cleaned_data), success=success)
