"""Addresses of pages with a role, collected from the apps (site_links())."""

from .apps import site_apps
from .page_cache import content_value


def site_links() -> dict[str, str]:
    """
    Role → address, e.g. {"impressum": "/impressum/"}: what the footer, the
    consent texts and the embeds' privacy notices link to. Kept under the
    content version, so renaming a page moves every link at once.
    """
    return content_value("site-links", _collect)


def _collect() -> dict[str, str]:
    links: dict[str, str] = {}
    for app in site_apps():
        links.update(app.site_links())
    return links
