# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class PagesConfig(site.SiteAppConfig):
    name = "pages"
    verbose_name = "Seiten"
    content_models = ("pages.Page",)
    demo = "pages.demo.seed"

    def site_links(self) -> dict[str, str]:
        from .models import role_links

        return role_links()
