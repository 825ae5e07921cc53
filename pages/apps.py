# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site
from pusteblume_site import search


class PagesConfig(site.SiteAppConfig):
    name = "pages"
    verbose_name = "Seiten"
    content_models = ("pages.Page", "pages.Page_member_products")
    demo = "pages.demo.seed"

    def search_sources(self) -> list[search.SearchSource]:
        from .models import Page

        return [
            search.SearchSource(
                kind="Seite",
                queryset=lambda: Page.objects.published().only(
                    "title", "slug", "role", "updated_at", "search_text"
                ),
                date_field="updated_at",
            )
        ]

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

    def protected_content(self, product_ids: list[int]) -> list:
        from .models import Page

        return list(
            Page.objects.published()
            .filter(members_only=True, member_products__in=product_ids)
            .distinct()
            .only("title", "slug", "role")
        )
