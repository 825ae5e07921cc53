from django import template

from pusteblume_site import access

register = template.Library()


@register.filter
def public_text(obj) -> str:
    """What any reader may see of a text (see access.public_text)."""
    return access.public_text(obj)
