from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from .links import site_links
from .models import SiteSettings
from .page_cache import PAGE_TIMEOUT, content_version


def site(request: HttpRequest) -> dict:
    """The settings row and the role pages' links, the same on every page."""
    # Kept under the content version, which every save of content renews.
    version = content_version()
    site_settings = caches["template_fragments"].get_or_set(
        f"site-settings:{version}", SiteSettings.load, PAGE_TIMEOUT
    )
    return {
        "site_settings": site_settings,
        "site_links": site_links(),
        # Shared fragments (header, sidebars) are cached under this.
        "content_version": version,
        "site_url": settings.SITE_URL,
    }
