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
- search_sources(): what of the app the site search finds, as
  search.SearchSource objects over models inheriting models.Searchable.
- overview(request): panels for the admin's start page ("Übersicht"),
  each a dict with the "template" to include and its context.
- personal_data(email) and erase_personal_data(email, anonymise=...): what
  the app stores about a person, as lines for the editor, and its erasure
  (GDPR Art. 15 and 17). The newsletter admin's "Daten einer Person" asks
  every app (see privacy.py).
- protected_content(product_ids): the app's live texts "für Mitglieder"
  that these products open, for the members' area (see access.py).
"""

from datetime import datetime

from django.apps import AppConfig, apps
from django.db.models import Model
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    name = "pusteblume_site"
    verbose_name = "Website"
    # This module also defines SiteAppConfig; Django must pick this one.
    default = True

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks, page_cache, search

        page_cache.connect_signals()
        checks.register()
        connection_created.connect(search.register_fold, dispatch_uid="search-fold")
        _german_names_for_library_apps()
        post_migrate.connect(rerender_after_migrate, sender=self)


# Libraries that name themselves in English in the admin: (app, its
# German name, {model: (singular, plural)}).
LIBRARY_NAMES = [
    (
        "django_tasks_database",
        "Hintergrundaufgaben",
        {
            "DBTaskResult": (
                "Ergebnis einer Hintergrundaufgabe",
                "Ergebnisse der Hintergrundaufgaben",
            )
        },
    ),
    ("axes", "Anmeldeschutz", {}),
    (
        "otp_totp",
        "Zweiter Faktor: Authenticator-Apps",
        {"TOTPDevice": ("Authenticator-App", "Authenticator-Apps")},
    ),
    (
        "otp_static",
        "Zweiter Faktor: Wiederherstellungscodes",
        {
            "StaticDevice": (
                "Satz Wiederherstellungscodes",
                "Sätze Wiederherstellungscodes",
            ),
        },
    ),
]


def _german_names_for_library_apps() -> None:
    for label, name, models in LIBRARY_NAMES:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.verbose_name = name
        for model, (singular, plural) in models.items():
            meta = config.get_model(model)._meta
            meta.verbose_name, meta.verbose_name_plural = singular, plural


def rerender_after_migrate(*, using: str = "default", verbosity: int = 1, **kwargs):
    """
    After `migrate`, render again every stored Markdown text that an older
    renderer made, so a renderer update never leaves stale HTML waiting.
    """
    from django.core.management import call_command

    from .markdown import RENDERER_VERSION
    from .models import RenderedMarkdown

    stale = any(
        model._default_manager.using(using)
        .exclude(renderer_version=RENDERER_VERSION)
        .exists()
        for model in apps.get_models()
        if issubclass(model, RenderedMarkdown)
    )
    if stale:
        call_command("rerender", verbosity=verbosity)


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

    def search_sources(self) -> list:
        return []

    def overview(self, request) -> list[dict]:
        return []

    def personal_data(self, email: str) -> list[str]:
        return []

    def erase_personal_data(self, email: str, *, anonymise: bool) -> None:
        return None

    def protected_content(self, product_ids: list[int]) -> list:
        return []


def site_apps() -> list[SiteAppConfig]:
    """The site's apps in INSTALLED_APPS order."""
    return [
        config for config in apps.get_app_configs() if isinstance(config, SiteAppConfig)
    ]
