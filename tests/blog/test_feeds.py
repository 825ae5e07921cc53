import re
from datetime import timedelta
from http import HTTPStatus
from xml.etree import ElementTree

import feedparser
from django.contrib.sitemaps.views import sitemap
from django.test import TestCase, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from blog.models import Post
from blog.sitemaps import CategorySitemap, PostSitemap
from tests.factories import make_site_settings

from .factories import make_category, make_gallery_image, make_post

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

    @override_settings(FEEDS_FULL_CONTENT=False)
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


class TopicFeedTests(TestCase):
    """The feeds of everything, of a category and of a tag, RSS and Atom."""

    @classmethod
    def setUpTestData(cls):
        cls.strategy = make_category(name="Strategie", slug="strategie")
        cls.events = make_category(name="Events", slug="events")
        now = timezone.now()
        cls.older = make_post(
            title="Älterer Strategiebeitrag",
            category=cls.strategy,
            tags=["Planung"],
            published_at=now - timedelta(days=5),
        )
        cls.newer = make_post(
            title="Neuerer Strategiebeitrag",
            category=cls.strategy,
            tags=["Planung", "Mut"],
            published_at=now - timedelta(days=1),
        )
        cls.event = make_post(
            title="Ein Event",
            category=cls.events,
            tags=["Mut"],
            published_at=now - timedelta(days=3),
        )
        make_post(
            title="Strategie-Entwurf",
            category=cls.strategy,
            tags=["Planung"],
            status=Post.Status.DRAFT,
        )
        make_post(
            title="Geplante Strategie",
            category=cls.strategy,
            tags=["Planung"],
            published_at=now + timedelta(days=1),
        )

    def parse(self, url: str):
        response = self.client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        return parsed

    def feed_urls(self) -> dict[str, list[str]]:
        """Each feed address, with the titles it must carry, newest first."""
        all_posts = [
            "Neuerer Strategiebeitrag",
            "Ein Event",
            "Älterer Strategiebeitrag",
        ]
        strategy = ["Neuerer Strategiebeitrag", "Älterer Strategiebeitrag"]
        courage = ["Neuerer Strategiebeitrag", "Ein Event"]
        planning = ["Neuerer Strategiebeitrag", "Älterer Strategiebeitrag"]
        return {
            "/feed/": all_posts,
            "/feed/atom/": all_posts,
            reverse("blog:feed"): all_posts,
            reverse("blog:atom_feed"): all_posts,
            "/blog/kategorie/strategie/feed/": strategy,
            "/blog/kategorie/strategie/feed/atom/": strategy,
            "/blog/kategorie/events/feed/": ["Ein Event"],
            "/blog/tag/mut/feed/": courage,
            "/blog/tag/mut/feed/atom/": courage,
            "/blog/tag/planung/feed/atom/": planning,
        }

    def test_every_feed_validates_and_carries_exactly_its_live_posts(self):
        for url, titles in self.feed_urls().items():
            parsed = self.parse(url)
            assert [entry.title for entry in parsed.entries] == titles, url

    def test_entries_have_unique_ids_absolute_links_and_dates(self):
        for url in self.feed_urls():
            entries = self.parse(url).entries
            ids = [entry.id for entry in entries]
            assert len(set(ids)) == len(ids)
            for entry in entries:
                assert entry.link.startswith("http://127.0.0.1:8000/blog/")
                assert entry.id == entry.link
                assert entry.get("published_parsed") or entry.get("updated_parsed")

    def test_dates_are_rfc_822_in_rss_and_rfc_3339_in_atom(self):
        rss = self.client.get("/feed/").content.decode()
        assert re.search(
            r"<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}</pubDate>", rss
        )
        atom = self.client.get("/feed/atom/").content.decode()
        assert re.search(
            r"<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)</updated>",
            atom,
        )

    def test_unknown_category_or_tag_feed_is_404(self):
        for url in ("/blog/kategorie/gibt-es-nicht/feed/", "/blog/tag/nix/feed/atom/"):
            assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_a_conditional_request_gets_304(self):
        for url in ("/feed/", "/blog/kategorie/strategie/feed/atom/"):
            first = self.client.get(url)
            assert first["ETag"] and first["Last-Modified"]
            again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
            assert again.status_code == HTTPStatus.NOT_MODIFIED, url
            since = self.client.get(
                url, headers={"If-Modified-Since": first["Last-Modified"]}
            )
            assert since.status_code == HTTPStatus.NOT_MODIFIED, url

    def test_a_new_post_changes_the_feed_for_a_conditional_request(self):
        first = self.client.get("/blog/tag/mut/feed/")
        make_post(title="Mutig", tags=["Mut"])
        again = self.client.get(
            "/blog/tag/mut/feed/", headers={"If-None-Match": first["ETag"]}
        )
        assert again.status_code == HTTPStatus.OK
        assert "Mutig" in again.content.decode()

    def test_list_pages_link_their_feeds(self):
        pages = {
            reverse("blog:post_list"): ["/blog/feed/", "/blog/feed/atom/"],
            "/blog/kategorie/strategie/": [
                "/blog/kategorie/strategie/feed/",
                "/blog/kategorie/strategie/feed/atom/",
            ],
            "/blog/tag/mut/": ["/blog/tag/mut/feed/", "/blog/tag/mut/feed/atom/"],
        }
        for url, feeds in pages.items():
            html = self.client.get(url).content.decode()
            for feed in feeds:
                assert re.search(
                    rf'<link rel="alternate" type="application/(rss|atom)\+xml" '
                    rf'title="[^"]+" href="{re.escape(feed)}">',
                    html,
                ), (url, feed)


class FullContentFeedTests(TestCase):
    def entry(self, post):
        parsed = feedparser.parse(self.client.get("/feed/").content)
        assert not parsed.bozo
        [entry] = [e for e in parsed.entries if e.title == post.title]
        return entry

    def test_full_content_is_sanitised_with_absolute_urls(self):
        post = make_post(
            title="Voller Text",
            body="Ein [Link](/blog/anderer/) und ein Bild:\n\n"
            "![Pusteblume](/media/uploads/blume.jpg)\n\n"
            "<script>alert(1)</script>\n\n## Abschnitt\n\nMehr Text.",
        )
        html = self.entry(post).summary
        assert 'href="http://127.0.0.1:8000/blog/anderer/"' in html
        assert 'src="http://127.0.0.1:8000/media/uploads/blume.jpg"' in html
        assert "Abschnitt" in html and "Mehr Text." in html
        assert "<script" not in html

    def test_embeds_become_links_and_galleries_images(self):
        post = make_post(
            title="Mit Video",
            body="Vorher.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
            "[galerie]\n\nNachher.",
        )
        make_gallery_image(post, alt="Ein Blumenfeld", caption="Im Mai")
        html = self.entry(post).summary
        assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
        assert "data-embed-src" not in html and "<button" not in html
        assert re.search(r'<img [^>]*src="http://127.0.0.1:8000/media/[^"]+"', html)
        assert 'alt="Ein Blumenfeld"' in html
        assert html.index("Vorher") < html.index("Blumenfeld") < html.index("Nachher")

    @override_settings(FEEDS_FULL_CONTENT=False)
    def test_without_full_content_the_feed_has_the_summary(self):
        post = make_post(title="Kurz", excerpt="Nur der Anreißer.")
        assert self.entry(post).summary == "Nur der Anreißer."


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
