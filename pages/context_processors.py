from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest

from .models import Page, SiteSettings


@dataclass
class MenuItem:
    label: str
    tagline: str
    url: str
    is_current: bool = False
    is_active: bool = False
    children: list["MenuItem"] = field(default_factory=list)


def build_menu(pages: list[Page], path: str) -> list[MenuItem]:
    """
    Turn the menu pages into a one-level tree.

    The item whose URL is the current path is "current"; it and its parent
    are "active", as is a section whose URL the path lies beneath (a blog
    post lights up "Blog" and "About").
    """
    items: dict[int, MenuItem] = {}
    top: list[MenuItem] = []
    for page in pages:
        url = page.get_absolute_url()
        item = MenuItem(
            label=page.label,
            tagline=page.tagline,
            url=url,
            is_current=url == path,
            is_active=url == path or (url != "/" and path.startswith(url)),
        )
        items[page.pk] = item
    for page in pages:
        item = items[page.pk]
        parent = items.get(page.parent_id) if page.parent_id else None
        if parent:
            parent.children.append(item)
            parent.is_active = parent.is_active or item.is_active
        else:
            top.append(item)
    return top


def site(request: HttpRequest) -> dict:
    menu_pages = list(
        Page.objects.in_menu()
        .only("title", "slug", "menu_label", "tagline", "parent_id", "menu_position")
        .order_by("menu_position", "title")
    )
    return {
        "site_settings": SiteSettings.load(),
        "site_url": settings.SITE_URL,
        "menu": build_menu(menu_pages, request.path),
    }
