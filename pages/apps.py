# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class PagesConfig(site.SiteAppConfig):
    name = "pages"
    verbose_name = "Seiten"
    content_models = ("pages.Page",)
    demo = "pages.demo.seed"

    def pages_to_render(self, instance) -> list[str]:
        from django.urls import reverse

        from .models import Page

        # The home page shows the latest posts: every change may touch it.
        paths = [reverse("pages:home")]
        if isinstance(instance, Page) and instance.is_published:
            paths.append(instance.get_absolute_url())
        return paths

    def site_links(self) -> dict[str, str]:
        from .models import role_links

        return role_links()
