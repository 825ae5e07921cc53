"""Link previews, structured data, sitemap and the 404 page."""

import json
import re
from datetime import timedelta
from http import HTTPStatus
from io import BytesIO
from xml.etree import ElementTree

from django.contrib.staticfiles import finders
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blog.models import Post
from pages.models import Page
from tests.blog.factories import jpeg_upload, make_category, make_comment, make_post
from tests.factories import make_page, make_site_settings
from tests.newsletter.factories import make_issue

SITE = "http://127.0.0.1:8000"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(html: str, name: str) -> str | None:
    found = re.search(
        rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html
    )
    return found[1] if found else None


def structured_data(html: str) -> list[dict]:
    """Every JSON-LD item of the page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return [item for block in blocks for item in json.loads(block)["@graph"]]


def of_type(items: list[dict], kind: str) -> dict:
    [item] = [item for item in items if item["@type"] == kind]
    return item


class PostPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_settings(
            site_name="Pusteblume",
            owner_name="Lena Sommer",
            linkedin_url="https://www.linkedin.com/in/lena",
            instagram_url="https://www.instagram.com/lena",
        )
        make_page(title="Über mich", slug="about", role=Page.Role.ABOUT)
        cls.post = make_post(
            title="Sichtbar </script><b>werden</b>",
            meta_description="Wie du ohne Kaltakquise gefunden wirst.",
            category=make_category(name="Strategie"),
            tags=["Mut"],
            cover=jpeg_upload("titel.jpg", size=(1800, 1000)),
            cover_alt="Eine Pusteblume",
        )
        make_comment(cls.post, status="approved")

    def html(self, url: str | None = None) -> str:
        response = self.client.get(url or self.post.get_absolute_url())
        assert response.status_code == HTTPStatus.OK
        return response.content.decode()

    def test_title_description_and_canonical_without_tracking(self):
        html = self.html(self.post.get_absolute_url() + "?utm_source=newsletter")
        url = SITE + self.post.get_absolute_url()
        assert (
            "<title>Sichtbar &lt;/script&gt;&lt;b&gt;werden&lt;/b&gt; – Pusteblume"
            in html
        )
        assert meta(html, "description") == "Wie du ohne Kaltakquise gefunden wirst."
        assert f'<link rel="canonical" href="{url}">' in html
        assert meta(html, "og:url") == url

    def test_opengraph_and_twitter_card(self):
        html = self.html()
        assert meta(html, "og:type") == "article"
        assert (
            meta(html, "og:title")
            == "Sichtbar &lt;/script&gt;&lt;b&gt;werden&lt;/b&gt;"
        )
        assert meta(html, "og:description") == "Wie du ohne Kaltakquise gefunden wirst."
        assert meta(html, "og:locale") == "de_DE"
        assert meta(html, "twitter:card") == "summary_large_image"

    def test_og_image_is_the_cover_rendition_of_the_stated_size(self):
        html = self.html()
        image_url = meta(html, "og:image")
        assert image_url.startswith(f"{SITE}/media/")
        response = self.client.get(image_url.removeprefix(SITE))
        assert response.status_code == HTTPStatus.OK
        content = b"".join(response.streaming_content)
        with Image.open(BytesIO(content)) as image:
            assert image.size == (
                int(meta(html, "og:image:width")),
                int(meta(html, "og:image:height")),
            )
        assert meta(html, "og:image:alt") == "Eine Pusteblume"

    def test_blog_posting_holds_the_required_fields(self):
        items = structured_data(self.html())
        posting = of_type(items, "BlogPosting")
        url = SITE + self.post.get_absolute_url()
        assert posting["headline"] == self.post.title
        assert posting["description"] == "Wie du ohne Kaltakquise gefunden wirst."
        assert posting["image"]["url"].startswith(f"{SITE}/media/")
        assert posting["image"]["width"] and posting["image"]["height"]
        assert posting["datePublished"].startswith(
            timezone.localtime(self.post.published_at).date().isoformat()[:4]
        )
        assert posting["dateModified"]
        assert posting["author"]["@type"] == "Person"
        assert posting["author"]["url"] == f"{SITE}/about/"
        assert posting["publisher"]["name"] == "Lena Sommer"
        assert posting["mainEntityOfPage"]["@id"] == url
        assert posting["commentCount"] == 1

    def test_breadcrumbs_lead_from_home_through_the_category(self):
        crumbs = of_type(structured_data(self.html()), "BreadcrumbList")
        names = [step["name"] for step in crumbs["itemListElement"]]
        assert names == ["Startseite", "Blog", "Strategie", self.post.title]
        assert all(step["item"].startswith(SITE) for step in crumbs["itemListElement"])

    def test_json_ld_cannot_end_its_script_element(self):
        html = self.html()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
        assert "<" not in block[1]
        assert "\\u003c/script\\u003e" in block[1]


class SitePreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_settings(
            site_name="Pusteblume",
            owner_name="Lena Sommer",
            tagline="Ausgebucht ohne Akquise",
            linkedin_url="https://www.linkedin.com/in/lena",
            pinterest_url="https://www.pinterest.de/lena",
        )
        make_page(title="Start", slug="start", role=Page.Role.HOME)
        make_page(title="Über mich", slug="about", role=Page.Role.ABOUT)
        make_page(
            title="Beratung", slug="beratung", meta_description="Content und Cases."
        )

    def test_home_page_has_website_with_search_and_the_owner(self):
        items = structured_data(self.client.get("/").content.decode())
        website = of_type(items, "WebSite")
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert (
            action["target"]["urlTemplate"] == f"{SITE}/suche/?q={{search_term_string}}"
        )
        owner = of_type(items, "Person")
        assert owner["name"] == "Lena Sommer"
        assert owner["url"] == f"{SITE}/about/"
        assert owner["sameAs"] == [
            "https://www.linkedin.com/in/lena",
            "https://www.pinterest.de/lena",
        ]

    def test_pages_without_a_cover_show_the_site_default_image(self):
        html = self.client.get("/beratung/").content.decode()
        assert meta(html, "og:title") == "Beratung"
        assert meta(html, "og:description") == "Content und Cases."
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == (
            "1200",
            "630",
        )
        name = meta(html, "og:image").removeprefix(f"{SITE}/static/")
        with Image.open(finders.find(name.split("?")[0])) as image:
            assert image.size == (1200, 630)
        crumbs = of_type(structured_data(html), "BreadcrumbList")
        assert [s["name"] for s in crumbs["itemListElement"]] == [
            "Startseite",
            "Beratung",
        ]

    def test_archives_and_newsletter_issues_have_breadcrumbs(self):
        category = make_category(name="Events", slug="events")
        make_post(category=category)
        issue = make_issue(subject="Ausgabe Mai", sent_at=timezone.now())
        expected = {
            "/blog/kategorie/events/": ["Startseite", "Blog", "Events"],
            reverse("blog:post_list"): ["Startseite", "Blog"],
            reverse("newsletter:archive"): ["Startseite", "Newsletter-Archiv"],
            issue.get_absolute_url(): [
                "Startseite",
                "Newsletter-Archiv",
                "Ausgabe Mai",
            ],
        }
        for url, names in expected.items():
            html = self.client.get(url).content.decode()
            crumbs = of_type(structured_data(html), "BreadcrumbList")
            assert [s["name"] for s in crumbs["itemListElement"]] == names, url

    def test_later_list_pages_have_their_own_canonical_and_og_url(self):
        category = make_category()
        for _ in range(12):
            make_post(category=category)
        html = self.client.get(reverse("blog:post_list"), {"page": 2}).content.decode()
        url = f"{SITE}{reverse('blog:post_list')}?page=2"
        assert f'<link rel="canonical" href="{url}">' in html
        assert meta(html, "og:url") == url


class FullSitemapTests(TestCase):
    def locations(self) -> dict[str, str | None]:
        response = self.client.get("/sitemap.xml")
        assert response.status_code == HTTPStatus.OK
        root = ElementTree.fromstring(response.content)
        return {
            url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for url in root.iter(f"{SITEMAP}url")
        }

    def test_lists_tags_of_two_posts_and_the_newsletter_archive_with_lastmod(self):
        make_post(tags=["Mut", "Einmalig"])
        make_post(tags=["Mut"])
        make_post(tags=["Entwurfstag"], status=Post.Status.DRAFT)
        make_post(tags=["Entwurfstag"])
        make_post(tags=["Später"], published_at=timezone.now() + timedelta(days=1))
        make_post(tags=["Später"])
        make_issue(subject="Archiviert", sent_at=timezone.now())
        make_page(title="Versteckt", slug="versteckt", is_published=False)
        locations = self.locations()
        paths = {url.split("testserver", 1)[1]: mod for url, mod in locations.items()}
        assert "/blog/tag/mut/" in paths and paths["/blog/tag/mut/"]
        for single in (
            "/blog/tag/einmalig/",
            "/blog/tag/entwurfstag/",
            "/blog/tag/spaeter/",
        ):
            assert single not in paths
        assert paths[reverse("newsletter:archive")]
        assert "/versteckt/" not in paths

    def test_every_sitemap_address_answers_200(self):
        make_page(title="Beratung", slug="beratung")
        make_post(tags=["Mut"])
        make_post(tags=["Mut"])
        make_issue(subject="Archiviert", sent_at=timezone.now())
        for url in self.locations():
            path = url.split("testserver", 1)[1]
            assert self.client.get(path).status_code == HTTPStatus.OK, path

    def test_robots_txt_names_the_sitemap(self):
        self.assertContains(
            self.client.get("/robots.txt"), f"Sitemap: {SITE}/sitemap.xml"
        )


class NotFoundPageTests(TestCase):
    def test_offers_search_and_the_five_latest_posts(self):
        for number in range(7):
            make_post(
                title=f"Beitrag Nummer {number}",
                published_at=timezone.now() - timedelta(days=10 - number),
            )
        make_post(title="Entwurf", status=Post.Status.DRAFT)
        response = self.client.get("/gibt-es-nicht/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        html = response.content.decode()
        assert 'id="suche-404"' in html
        titles = re.findall(r'<li><a href="/blog/[^"]+/">([^<]+)</a></li>', html)
        assert titles == [f"Beitrag Nummer {n}" for n in (6, 5, 4, 3, 2)]
        assert '<meta name="robots" content="noindex">' in html
