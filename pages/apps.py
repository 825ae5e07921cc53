from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Seiten und Einstellungen"

    def ready(self):
        from pusteblume_site import checks, page_cache

        page_cache.connect_signals()
        checks.register()
