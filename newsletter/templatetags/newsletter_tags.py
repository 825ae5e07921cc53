from django import template

from newsletter.models import NewsletterBox
from pusteblume_site.page_cache import content_value

register = template.Library()


@register.simple_tag
def newsletter_box() -> NewsletterBox:
    """
    The box's texts and the consent wording under its form, kept under the
    content version that each save of either renews.
    """
    return content_value("newsletter:box", NewsletterBox.with_consent)
