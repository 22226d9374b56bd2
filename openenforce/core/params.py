"""Numbers read from requests (query strings, paths, headers, form fields, CLI arguments).

``str.isdigit()`` is not a number check: it accepts "²" and "٣", which ``int()`` refuses
or reads; and ``int()`` accepts a hundred digits that no database column holds (SQLite
raises OverflowError, PostgreSQL "out of range"). Every number taken from input goes
through here: ASCII digits only, within the database's 64-bit integer range (or a
narrower one the caller gives), else None or a field error (never a 500).
"""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import Field

from openenforce.core.errors import FieldProblem, InvalidInput

#: The largest value of a database bigint (and of every primary key).
BIGINT_MAX = 2**63 - 1
_MAX_DIGITS = len(str(BIGINT_MAX))

#: An id in a ninja schema or operation signature: 1 … BIGINT_MAX (a documented bound,
#: so a larger number is the API's 422 ``invalid_input`` before it reaches a query).
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
#: A count or an index in a ninja schema: 0 … BIGINT_MAX.
Count = Annotated[int, Field(ge=0, le=BIGINT_MAX)]


def ascii_int(value: object, *, minimum: int = 0, maximum: int = BIGINT_MAX) -> int | None:
    """``value`` (text, surrounding spaces ignored, or an int) as an int within
    ``minimum`` … ``maximum``; None for anything else ("", "²", "-1", "1e3", 2**64)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A primary key from input: 1 … BIGINT_MAX in ASCII digits, else None."""
    return ascii_int(value, minimum=1)


def require_id(value: object, field: str, message: str | None = None) -> int:
    """``parse_id`` or a refusal naming ``field`` (InvalidInput, HTTP 422)."""
    number = parse_id(value)
    if number is None:
        text = message or _("Enter a valid id (a positive whole number).")
        raise InvalidInput(text, code="invalid_input", problems=[FieldProblem(field, text)])
    return number
