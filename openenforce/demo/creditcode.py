"""Check characters of the unified social credit code (统一社会信用代码, GB 32100-2015).

The code has 18 characters: registration authority (1), organisation type (1),
administrative division (6), organisation code (9, itself ending in the GB 11714 check
character) and the final check character. The demo data uses made-up codes that are
well-formed, so that validators elsewhere accept them.
"""

from __future__ import annotations

# GB 32100-2015 §4.3: 31 characters, the letters I, O, Z, S, V are never used.
_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997: weights of the 8 body characters of the organisation code.
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def organisation_code_check(body: str) -> str:
    """The 9th character of an organisation code (GB 11714) for its 8-character ``body``."""
    if len(body) != 8:
        raise ValueError("an organisation code body has 8 characters")
    total = sum(int(ch, 36) * w for ch, w in zip(body.upper(), _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code_check(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise ValueError("the check is computed over 17 characters")
    total = sum(_CHARSET.index(ch) * w for ch, w in zip(first17.upper(), _WEIGHTS, strict=True))
    return _CHARSET[(31 - total % 31) % 31]


def make_credit_code(*, authority: str, kind: str, division: str, org_body: str) -> str:
    """A complete, well-formed credit code from its parts (both check characters computed)."""
    first17 = f"{authority}{kind}{division}{org_body}{organisation_code_check(org_body)}"
    return first17 + credit_code_check(first17)


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` has 18 allowed characters and a correct check character."""
    code = code.upper()
    if len(code) != 18 or any(ch not in _CHARSET for ch in code):
        return False
    return credit_code_check(code[:17]) == code[17]
