from django import template

from diplomacy.notifications.selectors import inbox_unread_count_remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_unread_count(context) -> int:
    user = context["request"].user
    if not (user.is_authenticated and user.is_staff):
        return 0
    return inbox_unread_count_remembered(user=user)
