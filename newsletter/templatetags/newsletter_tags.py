from django import template
from django.core.cache import caches

from newsletter.models import NewsletterBox
from pusteblume_site.page_cache import PAGE_TIMEOUT, content_version

register = template.Library()


@register.simple_tag
def newsletter_box() -> NewsletterBox:
    """
    The box's texts and the consent wording under its form, kept under the
    content version that each save of either renews.
    """
    return caches["template_fragments"].get_or_set(
        f"newsletter:box:{content_version()}", NewsletterBox.with_consent, PAGE_TIMEOUT
    )
