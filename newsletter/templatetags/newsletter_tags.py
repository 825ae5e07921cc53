from django import template

from newsletter import services
from newsletter.models import ConsentText

register = template.Library()


@register.simple_tag
def newsletter_consent() -> ConsentText:
    """The consent wording for a signup box (cached, the box is on every page)."""
    return services.current_consent()
