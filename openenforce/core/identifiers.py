"""Check characters of the two national identifiers a party carries.

- The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
  31-character set (digits and capital letters without I, O, Z, S, V); the last is a check
  character over the first 17 (weights 3^i mod 31).
- The citizen identity number (公民身份号码, GB 11643-1999): 17 digits (address code, date
  of birth YYYYMMDD, sequence) and a check character, a digit or ``X`` (ISO 7064 MOD 11-2).

Both are checked in their canonical form: capital letters only (a lowercase ``x`` or letter
is refused, not corrected). The ``*_problem`` functions say what is wrong, for messages.
"""

from __future__ import annotations

import datetime

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"

# What ``credit_code_problem`` and ``id_number_problem`` answer.
FORMAT = "format"
CHECK = "check"
BIRTH_DATE = "birth_date"


def credit_code_check(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    if len(first17) != 17 or any(ch not in CREDIT_CODE_CHARS for ch in first17):
        raise ValueError("the check is computed over 17 characters of the code's set")
    total = sum(
        CREDIT_CODE_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str:
    """``""`` for a valid credit code, else ``FORMAT`` (length, characters) or ``CHECK``."""
    if len(code) != 18 or any(ch not in CREDIT_CODE_CHARS for ch in code):
        return FORMAT
    return "" if credit_code_check(code[:17]) == code[17] else CHECK


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` has 18 allowed characters and a correct check character."""
    return not credit_code_problem(code)


def id_number_check(first17: str) -> str:
    """The 18th (check) character for the first 17 digits of an identity number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("the check is computed over 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_birth_date(number: str) -> datetime.date | None:
    """The date of birth in an identity number (characters 7–14), or None if no date."""
    text = number[6:14]
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def id_number_problem(number: str, *, today: datetime.date | None = None) -> str:
    """``""`` for a valid identity number, else ``FORMAT`` (length, characters),
    ``BIRTH_DATE`` (no such day, before 1800 or after ``today``, if given) or ``CHECK``."""
    first17, last = number[:17], number[17:]
    if len(number) != 18 or not (first17.isascii() and first17.isdigit()):
        return FORMAT
    if last not in "0123456789X":
        return FORMAT
    born = id_number_birth_date(number)
    if born is None or born.year < 1800 or (today is not None and born > today):
        return BIRTH_DATE
    return "" if id_number_check(first17) == last else CHECK


def is_valid_id_number(number: str, *, today: datetime.date | None = None) -> bool:
    """True when ``number`` is a well-formed identity number with a real date of birth
    (not after ``today``, if given) and a correct check character."""
    return not id_number_problem(number, today=today)
