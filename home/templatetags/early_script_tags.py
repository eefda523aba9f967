from django import template
from django.utils.safestring import mark_safe

from home.early_script import SCRIPT

register = template.Library()


@register.simple_tag
def early_script():
    """The inline script allowed by hash in the policy (see home/early_script.py).

    The text is a constant of the code, never input, and must reach the page unescaped for its
    hash to match.
    """
    return mark_safe(f"<script>{SCRIPT}</script>")  # noqa: S308
