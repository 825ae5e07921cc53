from django import template
from django.core.cache import caches

from newsletter import services
from newsletter.models import ConsentText, NewsletterBox
from pusteblume_site.page_cache import PAGE_TIMEOUT, content_version

register = template.Library()


@register.simple_tag
def newsletter_consent() -> ConsentText:
    """The consent wording for a signup box (cached, the box is on every page)."""
    return services.current_consent()


@register.simple_tag
def newsletter_box() -> NewsletterBox:
    """The box's texts, kept under the content version that each save renews."""
    return caches["template_fragments"].get_or_set(
        f"newsletter:box:{content_version()}", NewsletterBox.load, PAGE_TIMEOUT
    )
