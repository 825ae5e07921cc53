from django.conf import settings
from django.http import HttpRequest

from .links import site_links
from .models import SiteSettings
from .page_cache import content_value, content_version


def site(request: HttpRequest) -> dict:
    """The settings row and the role pages' links, the same on every page."""
    # Kept under the content version, which every save of content renews.
    return {
        "site_settings": content_value("site-settings", SiteSettings.load),
        "site_links": site_links(),
        # Shared fragments (header, sidebars) are cached under this.
        "content_version": content_version(),
        "site_url": settings.SITE_URL,
    }
