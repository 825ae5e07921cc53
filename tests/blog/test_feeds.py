from datetime import timedelta
from http import HTTPStatus
from xml.etree import ElementTree

from django.contrib.sitemaps.views import sitemap
from django.test import TestCase, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from blog.models import Post
from blog.sitemaps import CategorySitemap, PostSitemap
from tests.factories import make_site_settings

from .factories import make_category, make_post

urlpatterns = [
    path("blog/", include("blog.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"posts": PostSitemap, "categories": CategorySitemap}},
    ),
]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_settings(site_name="Pusteblume")
        cls.category = make_category(name="Strategie")
        cls.live = make_post(
            title="Öffentlich",
            excerpt="Kurz gesagt.",
            category=cls.category,
            tags=["Planung"],
        )
        make_post(title="Nur ein Entwurf", status=Post.Status.DRAFT)
        make_post(title="Kommt erst noch", published_at=timezone.now() + timedelta(1))

    def test_rss_lists_live_posts_with_summary_and_categories(self):
        response = self.client.get(reverse("blog:feed"))
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ElementTree.fromstring(response.content).find("channel")
        items = channel.findall("item")
        assert [item.findtext("title") for item in items] == ["Öffentlich"]
        item = items[0]
        assert item.findtext("link").endswith(
            "/blog/beitrag-" + self.live.slug[8:] + "/"
        )
        assert item.findtext("description") == "Kurz gesagt."
        assert {c.text for c in item.findall("category")} == {"Strategie", "Planung"}
        assert channel.findtext("title") == "Pusteblume – Blog"

    def test_atom_lists_live_posts(self):
        response = self.client.get(reverse("blog:atom_feed"))
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["Öffentlich"]


@override_settings(ROOT_URLCONF=__name__)
class SitemapTests(TestCase):
    def locations(self) -> set[str]:
        response = self.client.get("/sitemap.xml")
        assert response.status_code == HTTPStatus.OK
        root = ElementTree.fromstring(response.content)
        return {
            loc.text.split("testserver", 1)[1] for loc in root.iter(f"{SITEMAP}loc")
        }

    def test_lists_live_posts_and_categories_that_have_them(self):
        live = make_post(category=make_category(slug="mit-beitraegen"))
        make_post(
            slug="entwurf",
            status=Post.Status.DRAFT,
            category=make_category(slug="nur-entwurf"),
        )
        make_post(
            slug="geplant",
            published_at=timezone.now() + timedelta(days=1),
            category=make_category(slug="nur-geplant"),
        )
        assert self.locations() == {
            live.get_absolute_url(),
            "/blog/kategorie/mit-beitraegen/",
        }

    def test_lastmod_of_a_category_is_its_newest_live_post(self):
        category = make_category()
        newest = make_post(category=category)
        make_post(category=category, published_at=timezone.now() - timedelta(days=9))
        [item] = CategorySitemap().items()
        assert item.newest_post == newest.published_at
