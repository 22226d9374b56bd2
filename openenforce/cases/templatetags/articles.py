"""``{% load articles %}``: ``{{ x.article|cite }}`` for the apps built on cases (the
workbench's library has the same filter)."""

from django import template

from openenforce.cases.articles import cite as format_article

register = template.Library()


@register.filter
def cite(article: str) -> str:
    """The article as the reader's language writes it (《行政处罚法》第四十八条)."""
    return format_article(article)
