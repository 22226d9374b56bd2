"""The periods documents state to the party, as data with their articles.

Payment (15 days) and the late surcharge (3 % a day) are the case rules in force
(``openenforce.cases.rules``, adjustable there); reconsideration and litigation are the
general periods of the remedy laws.
"""

from __future__ import annotations

from dataclasses import dataclass

from openenforce.cases import rules
from openenforce.cases.articles import chinese_number


@dataclass(frozen=True)
class Remedy:
    code: str
    period: str  # as printed: 六十日, 六个月
    article: str  # as printed


RECONSIDERATION = Remedy("reconsideration", "六十日", "《中华人民共和国行政复议法》第二十条")
LITIGATION = Remedy("litigation", "六个月", "《中华人民共和国行政诉讼法》第四十六条")


def payment_days() -> str:
    """The payment period as printed (十五日), from the case rules in force (Art 67)."""
    return f"{chinese_number(rules.period('payment').days)}日"


def surcharge_percent() -> str:
    """The daily late-payment surcharge as printed (百分之三), 行政处罚法 Art 72."""
    value = rules.threshold("surcharge_rate_percent")
    number = int(value) if value == int(value) else value
    return f"百分之{chinese_number(number)}" if isinstance(number, int) else f"{number}%"


def remedy_lines(agency_channels: str) -> dict[str, str]:
    """The remedy paragraph's parts: the periods, their articles, the agency's channels."""
    return {
        "reconsideration_period": RECONSIDERATION.period,
        "reconsideration_article": RECONSIDERATION.article,
        "litigation_period": LITIGATION.period,
        "litigation_article": LITIGATION.article,
        "channels": agency_channels.strip(),
    }
