"""
Structured data (schema.org as JSON-LD) and link previews (OpenGraph).

The builders take plain values, so every app describes its own objects with
them; ld_json() writes the script element, safe inside HTML.
"""

import json
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

# The site's default preview image, made for link previews (1200 × 630).
DEFAULT_IMAGE = "img/og-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class PreviewImage:
    url: str
    width: int
    height: int
    alt: str = ""


def absolute(url: str) -> str:
    return urljoin(f"{settings.SITE_URL}/", url)


def default_image(alt: str = "") -> PreviewImage:
    width, height = DEFAULT_IMAGE_SIZE
    return PreviewImage(absolute(static(DEFAULT_IMAGE)), width, height, alt)


def ld_json(*items: dict) -> SafeString:
    """
    A <script type="application/ld+json"> holding the items. <, > and & are
    written as JSON escapes, so no text can end the element early.
    """
    data = {"@context": "https://schema.org", "@graph": list(items)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 - the only markup-significant characters are escaped
        f'<script type="application/ld+json">{text.translate(_JSON_ESCAPES)}</script>'
    )


def person(site_settings, *, url: str = "") -> dict:
    """The owner, with her social profiles as sameAs."""
    profiles = [
        link
        for link in (
            site_settings.linkedin_url,
            site_settings.instagram_url,
            site_settings.pinterest_url,
        )
        if link
    ]
    data = {
        "@type": "Person",
        "@id": absolute("/#person"),
        "name": site_settings.owner_name or site_settings.site_name,
    }
    if url:
        data["url"] = absolute(url)
    if profiles:
        data["sameAs"] = profiles
    return data


def website(site_settings) -> dict:
    """The site, and how to search it (a SearchAction)."""
    return {
        "@type": "WebSite",
        "@id": absolute("/#website"),
        "name": site_settings.site_name,
        "description": site_settings.tagline,
        "url": absolute("/"),
        "inLanguage": "de-DE",
        "publisher": {"@id": absolute("/#person")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from the home page along (name, address) pairs."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
