"""``{% unread_notifications %}``: the count shown in the navigation."""

from django import template

from openenforce.cases.articles import cite as format_article
from openenforce.workbench.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context["request"].user
    if not user.is_authenticated:
        return 0
    return Notification.objects.unread().filter(user=user).count()


@register.filter
def cite(article: str) -> str:
    """``{{ deadline.article|cite }}``: the article as the reader's language writes it."""
    return format_article(article)
