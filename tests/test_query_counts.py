"""
Every page kind needs at most ten SQL queries on an empty cache, and the
same number with 10 posts as with 1,000: nothing grows with the content.
(A post page eleven: its comments are one query of their own.)
"""

import io

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime

import blog.demo
import newsletter.demo
import pages.demo
from blog.models import Comment, Post
from tests.blog.factories import make_comment, make_gallery_image, make_post

MAX_QUERIES = 10
LIMITS = {"post": MAX_QUERIES + 1}


def seed_demo_site(*, posts: int) -> None:
    """The demo's pages, newsletter texts and `posts` blog posts."""
    quiet = io.StringIO()
    pages.demo.seed(stdout=quiet)
    newsletter.demo.seed(stdout=quiet)
    blog.demo.seed(stdout=quiet, posts=posts)


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_site(posts=10)
        cls.post = Post.objects.published().order_by("-published_at").first()
        for _ in range(12):
            make_gallery_image(cls.post)

    def page_urls(self) -> dict[str, str]:
        post = self.post
        published = localtime(post.published_at)
        return {
            "home": "/",
            "static page": "/beratung/",
            "blog list": reverse("blog:post_list"),
            "post": post.get_absolute_url(),
            "category": post.category.get_absolute_url(),
            "tag": post.tags.first().get_absolute_url(),
            "year archive": reverse("blog:post_year_archive", args=[published.year]),
            "month archive": reverse(
                "blog:post_month_archive", args=[published.year, published.month]
            ),
            "search": reverse("search") + "?q=Sichtbarkeit",
            "feed": reverse("blog:feed"),
            "newsletter": reverse("newsletter:subscribe"),
            "newsletter archive": reverse("newsletter:archive"),
        }

    def count_queries(self) -> dict[str, int]:
        counts = {}
        for kind, url in self.page_urls().items():
            cache.clear()  # nothing from earlier requests: the worst case
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert response.status_code == 200, (kind, url, response.status_code)
            counts[kind] = len(queries)
        return counts

    def test_queries_are_few_and_do_not_grow_with_the_content(self):
        with_10_posts = self.count_queries()
        blog.demo.seed(stdout=io.StringIO(), posts=1000)
        assert Post.objects.published().count() >= 1000
        with_1000_posts = self.count_queries()

        too_many = {
            kind: n
            for kind, n in with_10_posts.items()
            if n > LIMITS.get(kind, MAX_QUERIES)
        }
        assert too_many == {}
        # The search fetches its hits once per kind of content on the page
        # (posts, pages, issues): with more posts, posts may fill it alone.
        assert with_1000_posts.pop("search") <= with_10_posts.pop("search")
        assert with_1000_posts == with_10_posts


class WarmFragmentTests(TestCase):
    """
    When the page cache misses but the fragments are warm (a request with
    a session cookie, or a page the cache evicted), the lists of posts come
    from their fragment and the posts are not read at all.
    """

    @classmethod
    def setUpTestData(cls):
        for _ in range(3):
            make_post()

    def post_reads(self, url: str) -> list[str]:
        self.client.get(url)  # a reader fills the page and its fragments
        # A session cookie skips the page cache, not the fragments.
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "unbekannt"
        with CaptureQueriesContext(connection) as queries:
            assert self.client.get(url).status_code == 200
        return [q["sql"] for q in queries if '"blog_post"."summary"' in q["sql"]]

    def test_the_blog_list_reads_no_posts(self):
        assert self.post_reads(reverse("blog:post_list")) == []

    def test_the_home_page_reads_no_posts(self):
        assert self.post_reads("/") == []

    def test_a_post_reads_neither_its_comments_nor_its_tags(self):
        post = Post.objects.first()
        make_comment(post=post, status=Comment.Status.APPROVED)
        url = post.get_absolute_url()
        self.client.get(url)  # a reader fills the page and its fragments
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "unbekannt"
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert "1 Kommentar" in response.content.decode()
        tables = " ".join(query["sql"] for query in queries)
        assert '"blog_comment"' not in tables
        assert '"blog_tag"' not in tables


NOTHING_KEPT = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


@override_settings(CACHES=NOTHING_KEPT)
class OncePerRequestTests(TestCase):
    """
    The header, the footer and the sidebar all ask for the menu pages, the
    role pages' links and the settings row. Even with a cache that keeps
    nothing (every cache off), one request reads each of them once.
    """

    @classmethod
    def setUpTestData(cls):
        seed_demo_site(posts=3)

    def reads_of(self, table: str, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200
        return sum(f'FROM "{table}"' in query["sql"] for query in queries)

    def test_a_post_reads_the_menu_pages_once(self):
        post = Post.objects.published().first()
        assert self.reads_of("pages_page", post.get_absolute_url()) == 1

    def test_a_page_reads_the_settings_and_the_newsletter_box_once(self):
        assert self.reads_of("pusteblume_site_sitesettings", "/beratung/") == 1
        assert self.reads_of("newsletter_newsletterbox", "/beratung/") == 1
