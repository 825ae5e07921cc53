from dataclasses import dataclass, replace

from django.http import HttpRequest

from .models import Page, site_pages


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


def menu(request: HttpRequest) -> dict:
    """The main menu as seen from the current page."""
    pages = [page for page in site_pages() if page.show_in_menu]
    items = [item.for_path(request.path) for item in build_menu(pages)]
    # Shared fragments (the header) are cached under this.
    return {"menu": items, "menu_state": menu_state(items)}


def menu_state(menu: list[MenuItem]) -> str:
    """Which items are current and active: all the header varies by."""
    return "".join(
        f"{item.is_current:d}{item.is_active:d}" + menu_state(item.children)
        for item in menu
    )
