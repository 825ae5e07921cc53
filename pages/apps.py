# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class PagesConfig(site.SiteAppConfig):
    name = "pages"
    verbose_name = "Seiten"
    content_models = ("pages.Page", "pages.Page_member_products")
    demo = "pages.demo.seed"

    def site_links(self) -> dict[str, str]:
        from .models import role_links

        return role_links()

    def protected_content(self, product_ids: list[int]) -> list:
        from .models import Page

        return list(
            Page.objects.published()
            .filter(members_only=True, member_products__in=product_ids)
            .distinct()
            .only("title", "slug", "role")
        )
