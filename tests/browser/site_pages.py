"""
The pages every browser check visits (axe, small screens, keyboard,
screenshots). A new kind of page is one line in SITE_PAGES.

Paths are functions, called once the demo content is in the database, so a
page can name an object the demo made (a post with comments, a fresh
subscriber's confirmation link). `then` runs after the page has loaded, for
pages that are reached by pressing a button.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.urls import reverse

GALLERY_POST_TITLE = "Workshop-Rückblick"
# A video link on a line of its own becomes a click-to-load embed.
EMBED_LINE = "\n\nhttps://vimeo.com/76979871\n"


@dataclass(frozen=True)
class SitePage:
    name: str
    path: Callable[[], str]
    editor: bool = False
    # Signed in as the demo site's member (the members' own pages).
    member: bool = False
    then: Callable[[Any], None] | None = None
    screenshot: bool = True


def seed_demo_site() -> None:
    """
    The demo content, plus an embed in the gallery post, so that one post
    shows both; and an editor account for the admin's pages.
    """
    from blog.models import Post
    from tests.factories import make_staff

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    post = Post.objects.get(title__startswith=GALLERY_POST_TITLE)
    if EMBED_LINE not in post.body:
        post.body += EMBED_LINE
        post.save()
    make_staff(username=EDITOR_USERNAME, password=EDITOR_PASSWORD)
    from members.models import Product
    from tests.members.factories import make_member

    make_member(email=MEMBER_EMAIL, products=Product.objects.all())


EDITOR_USERNAME = "lena"
EDITOR_PASSWORD = "ein-sicheres-testpasswort"
MEMBER_EMAIL = "mitglied@example.org"


def member_sign_in_path() -> str:
    """A fresh sign-in link of the demo member (its GET signs nobody in)."""
    from sesame.utils import get_token

    from members.models import Member

    user = Member.objects.get(user__email=MEMBER_EMAIL).user
    return reverse("members:sign_in_link", kwargs={"token": get_token(user)})


def _post(**filters) -> Callable[[], str]:
    def path() -> str:
        from blog.models import Post

        return Post.objects.published().filter(**filters).first().get_absolute_url()

    return path


def _commented_post() -> str:
    from blog.models import Comment

    return Comment.objects.visible().first().post.get_absolute_url()


def _category() -> str:
    from blog.models import Category

    return Category.objects.get(slug="strategie").get_absolute_url()


def _tag() -> str:
    from blog.models import Post

    post = Post.objects.published().filter(tags__isnull=False).first()
    return post.tags.first().get_absolute_url()


def _archive() -> str:
    from blog.models import Post

    newest = Post.objects.published().latest("published_at")
    year = f"{newest.published_at:%Y}"
    month = f"{newest.published_at:%m}"
    return reverse("blog:post_month_archive", kwargs={"year": year, "month": month})


def _search() -> str:
    return reverse("search") + "?q=Sichtbarkeit"


def _confirmation() -> str:
    from newsletter import emails
    from newsletter.models import Subscriber
    from tests.newsletter.factories import make_subscriber

    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = emails.confirmation_token(subscriber)
    return reverse("newsletter:confirm", kwargs={"token": token})


def _unsubscribe() -> str:
    from newsletter import emails
    from newsletter.models import Subscriber

    subscriber = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).first()
    token = emails.unsubscribe_token(subscriber)
    return reverse("newsletter:unsubscribe", kwargs={"token": token})


def _press(name: str) -> Callable[[Any], None]:
    def press(page) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name=name).click()

    return press


def _post_change_form() -> str:
    from blog.models import Post

    post = Post.objects.get(title__startswith=GALLERY_POST_TITLE)
    return reverse("admin:blog_post_change", args=[post.pk])


def _path(name: str, **kwargs) -> Callable[[], str]:
    return lambda: reverse(name, kwargs=kwargs)


SITE_PAGES = [
    SitePage("Startseite", _path("pages:home")),
    SitePage("Seite", _path("pages:page_detail", slug="beratung")),
    SitePage("Blog", _path("blog:post_list")),
    SitePage(
        "Beitrag mit Galerie und Video", _post(title__startswith=GALLERY_POST_TITLE)
    ),
    SitePage("Beitrag mit Kommentaren", _commented_post),
    SitePage("Kategorie", _category),
    SitePage("Schlagwort", _tag),
    SitePage("Archiv", _archive),
    SitePage("Suche", _search),
    SitePage("Newsletter", _path("newsletter:subscribe")),
    SitePage("Newsletter: Danke", _path("newsletter:subscribe_done")),
    SitePage("Newsletter: Bestätigen", _confirmation),
    SitePage(
        "Newsletter: Bestätigt",
        _confirmation,
        then=_press("Anmeldung bestätigen"),
        screenshot=False,
    ),
    SitePage(
        "Newsletter: Link ungültig",
        _path("newsletter:confirm", token="abgelaufen"),
        screenshot=False,
    ),
    SitePage("Newsletter: Abmelden", _unsubscribe, screenshot=False),
    SitePage(
        "Newsletter: Abgemeldet",
        _unsubscribe,
        then=_press("Abmelden"),
        screenshot=False,
    ),
    SitePage("Nicht gefunden", lambda: "/gibt-es-nicht/"),
    SitePage("Beitrag für Mitglieder (Fremde)", _post(members_only=True)),
    SitePage("Mitglieder: Anmelden", _path("members:sign_in")),
    SitePage("Mitglieder: Link aus der Mail", member_sign_in_path, screenshot=False),
    SitePage(
        "Mitglieder: Bereich",
        _path("members:dashboard"),
        member=True,
        screenshot=False,
    ),
    SitePage("Admin: Start", _path("admin:index"), editor=True),
    SitePage("Admin: Neuer Beitrag", _path("admin:blog_post_add"), editor=True),
    SitePage("Admin: Beitrag bearbeiten", _post_change_form, editor=True),
]
