"""
The shared machinery as an installed app, and the way other apps plug in.

This app sits at the bottom of the import graph: it imports none of the
site's apps. An app that takes part in the site subclasses SiteAppConfig and
says what the shared machinery needs to know about it:

- content_models: labels of the models readers see ("blog.Post"). Saving or
  deleting one renews every cached page (see page_cache), unless the row
  says `changes_reader_pages = False` (a comment still waiting).
- next_publication(): when content of the app goes live by itself next, such
  as a scheduled post; cached pages expire then.
- pages_to_render(instance): addresses readers see most that are worth
  rendering again after `instance` changed (None: the ones for any change;
  also None for a row deleted since); the worker asks and renders them into
  the page cache after the commit.
- site_links(): addresses of pages with a role ("impressum", "datenschutz"),
  for the shared templates and the Markdown renderer.
- demo: dotted path of a function seed(*, stdout, **options) that
  `manage.py seed_demo` calls, in the order of INSTALLED_APPS.
- personal_data(email) and erase_personal_data(email, anonymise=...): what
  the app stores about a person, as lines for the editor, and its erasure
  (GDPR Art. 15 and 17). The newsletter admin's "Daten einer Person" asks
  every app (see privacy.py).
"""

from datetime import datetime

from django.apps import AppConfig, apps
from django.db.models import Model


class SiteConfig(AppConfig):
    name = "pusteblume_site"
    verbose_name = "Website"
    # This module also defines SiteAppConfig; Django must pick this one.
    default = True

    def ready(self):
        from . import checks, page_cache

        page_cache.connect_signals()
        checks.register()


class SiteAppConfig(AppConfig):
    """Base of every app of the site; the defaults take part in nothing."""

    content_models: tuple[str, ...] = ()
    demo: str | None = None

    def next_publication(self) -> datetime | None:
        return None

    def pages_to_render(self, instance: Model | None) -> list[str]:
        return []

    def site_links(self) -> dict[str, str]:
        return {}

    def personal_data(self, email: str) -> list[str]:
        return []

    def erase_personal_data(self, email: str, *, anonymise: bool) -> None:
        return None


def site_apps() -> list[SiteAppConfig]:
    """The site's apps in INSTALLED_APPS order."""
    return [
        config for config in apps.get_app_configs() if isinstance(config, SiteAppConfig)
    ]
