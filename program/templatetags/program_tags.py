from django import template

from program.lenses import badge_items

register = template.Library()


@register.simple_tag(takes_context=True)
def lens_badge_items(context, lenses):
    """Lenses ready for badges: localized, ordered, each with its page URL (or ``None``)."""
    return badge_items(context, lenses)
