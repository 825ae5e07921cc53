from django import template

from pusteblume_site.apps import site_apps

register = template.Library()


@register.simple_tag(takes_context=True)
def overview_panels(context) -> list[dict]:
    """The start page's panels, asked of every app (SiteAppConfig.overview)."""
    request = context["request"]
    return [panel for config in site_apps() for panel in config.overview(request)]
