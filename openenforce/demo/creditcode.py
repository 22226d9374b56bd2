"""Made-up unified social credit codes for the demo data (统一社会信用代码, GB 32100-2015).

The code has 18 characters: registration authority (1), organisation type (1),
administrative division (6), organisation code (9, itself ending in the GB 11714 check
character) and the final check character (``openenforce.core.identifiers``). The demo's
codes are well-formed, so that the validators elsewhere accept them.
"""

from __future__ import annotations

from openenforce.core.identifiers import credit_code_check

# GB 11714-1997: weights of the 8 body characters of the organisation code.
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def organisation_code_check(body: str) -> str:
    """The 9th character of an organisation code (GB 11714) for its 8-character ``body``."""
    if len(body) != 8:
        raise ValueError("an organisation code body has 8 characters")
    total = sum(int(ch, 36) * w for ch, w in zip(body.upper(), _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_credit_code(*, authority: str, kind: str, division: str, org_body: str) -> str:
    """A complete, well-formed credit code from its parts (both check characters computed)."""
    first17 = f"{authority}{kind}{division}{org_body}{organisation_code_check(org_body)}"
    return first17 + credit_code_check(first17)
