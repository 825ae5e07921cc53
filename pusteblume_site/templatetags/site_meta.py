"""Link previews and structured data in the head of every page."""

from django import template
from django.utils.safestring import SafeString

from .. import structured_data
from ..links import site_links

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumbs_ld(context, *names_and_urls: str) -> SafeString:
    """
    The page's BreadcrumbList: {% breadcrumbs_ld "Blog" blog_url title %};
    the home page comes first, the last step is the page itself.
    """
    pairs = list(names_and_urls)
    if len(pairs) % 2:
        pairs.append(context["request"].path)
    trail = [("Startseite", "/"), *zip(pairs[::2], pairs[1::2], strict=True)]
    return structured_data.ld_json(structured_data.breadcrumbs(trail))


@register.simple_tag(takes_context=True)
def website_ld(context) -> SafeString:
    """The site with its search, and its owner: for the home page."""
    site_settings = context["site_settings"]
    about = site_links().get("about", "")
    return structured_data.ld_json(
        structured_data.website(site_settings),
        structured_data.person(site_settings, url=about),
    )


@register.simple_tag
def default_preview_image(alt: str = "") -> structured_data.PreviewImage:
    return structured_data.default_image(alt)
