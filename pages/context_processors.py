from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from pusteblume_site.page_cache import content_version

from .models import Page, SiteSettings


@dataclass(frozen=True)
class MenuItem:
    label: str
    tagline: str
    url: str
    children: tuple["MenuItem", ...] = ()
    is_current: bool = False
    is_active: bool = False

    def for_path(self, path: str) -> "MenuItem":
        """
        This item as seen from `path`: the item whose URL is the path is
        "current"; it, its parent, and a section whose URL the path lies
        beneath (a blog post lights up "Blog" and "About") are "active".
        """
        children = tuple(child.for_path(path) for child in self.children)
        return replace(
            self,
            children=children,
            is_current=self.url == path,
            is_active=self.url == path
            or (self.url != "/" and path.startswith(self.url))
            or any(child.is_active for child in children),
        )


def build_menu(pages: list[Page]) -> tuple[MenuItem, ...]:
    """Turn the menu pages, in menu order, into a one-level tree."""
    children: dict[int, list[MenuItem]] = {}
    for page in pages:
        if page.parent_id:
            children.setdefault(page.parent_id, []).append(menu_item(page))
    return tuple(
        menu_item(page, children.get(page.pk, ()))
        for page in pages
        if not page.parent_id
    )


def menu_item(page: Page, children=()) -> MenuItem:
    return MenuItem(
        label=page.label,
        tagline=page.tagline,
        url=page.get_absolute_url(),
        children=tuple(children),
    )


def site_context() -> dict:
    """The settings row and the menu, the same on every page."""
    menu_pages = list(
        Page.objects.in_menu()
        .only("title", "slug", "menu_label", "tagline", "parent_id", "menu_position")
        .order_by("menu_position", "title")
    )
    return {"site_settings": SiteSettings.load(), "menu": build_menu(menu_pages)}


def site(request: HttpRequest) -> dict:
    # Kept under the content version, which every save of content renews.
    version = content_version()
    shared = caches["template_fragments"].get_or_set(
        f"site-context:{version}", site_context
    )
    menu = [item.for_path(request.path) for item in shared["menu"]]
    return {
        "site_settings": shared["site_settings"],
        "menu": menu,
        # Shared fragments (header, sidebars) are cached under these.
        "content_version": version,
        "menu_state": menu_state(menu),
        "site_url": settings.SITE_URL,
    }


def menu_state(menu: list[MenuItem]) -> str:
    """Which items are current and active: all the header varies by."""
    return "".join(
        f"{item.is_current:d}{item.is_active:d}" + menu_state(item.children)
        for item in menu
    )
