from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from blog.models import GalleryImage, Post, PostViewCount, Tag, TaggedPost

from .factories import fake_renditions, make_category, make_post

# On an empty cache.
MAX_QUERIES = 10
# A post's comments are one query of their own, however many there are.
MAX_POST_QUERIES = MAX_QUERIES + 1
START = datetime(2024, 1, 1, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BODY = "\n\n".join(
    f"## Abschnitt {n}\n\nEin Absatz mit einigen Wörtern.\n\n[galerie]"
    for n in range(5)
)


class QueryCountTests(TestCase):
    """
    Each blog page needs the same few queries with 10 posts as with 300, each
    post with tags, a cover, gallery images and readings.
    """

    @classmethod
    def setUpTestData(cls):
        cls.categories = [make_category(slug=f"thema-{n}") for n in range(3)]
        cls.tags = [Tag.objects.create(name=f"Schlagwort {n}") for n in range(40)]
        cls.post = make_post(
            title="Mittendrin",
            slug="mittendrin",
            category=cls.categories[0],
            body=BODY,
            published_at=START + timedelta(minutes=30),
            tags=cls.tags[:5],
        )
        GalleryImage.objects.bulk_create([gallery_image(cls.post, n) for n in range(6)])
        make_post(status=Post.Status.DRAFT, category=cls.categories[0])
        make_post(published_at=START.replace(year=2999), category=cls.categories[0])
        cls.add_posts(9)

    @classmethod
    def add_posts(cls, count: int) -> None:
        first = Post.objects.count()
        posts = []
        for n in range(first, first + count):
            post = Post(
                title=f"Beitrag Nummer {n}",
                slug=f"beitrag-nummer-{n}",
                category=cls.categories[n % len(cls.categories)],
                body=BODY,
                status=Post.Status.PUBLISHED,
                published_at=START + timedelta(hours=n),
                cover=f"test/cover-{n}.jpg",
                cover_renditions=fake_renditions(f"cover-{n}"),
                cover_alt="Titelbild",
            )
            post.render()
            posts.append(post)
        Post.objects.bulk_create(posts)
        TaggedPost.objects.bulk_create(
            TaggedPost(content_object=post, tag=cls.tags[(index + k) % len(cls.tags)])
            for index, post in enumerate(posts)
            for k in range(4)
        )
        GalleryImage.objects.bulk_create(
            gallery_image(post, n) for post in posts for n in range(3)
        )
        PostViewCount.objects.bulk_create(
            PostViewCount(post=post, day=START.date() + timedelta(days=d), count=n)
            for n, post in enumerate(posts)
            for d in range(3)
        )

    def queries_for(self, url: str) -> int:
        cache.clear()
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == HTTPStatus.OK
        return len(queries)

    def assert_constant_queries(self, url: str, *, limit: int = MAX_QUERIES) -> None:
        with_ten = self.queries_for(url)
        assert with_ten <= limit, f"{url}: {with_ten} queries"
        self.add_posts(290)
        assert Post.objects.published().count() >= 300
        cache.clear()
        ContentType.objects.clear_cache()
        with self.assertNumQueries(with_ten):
            response = self.client.get(url)
        assert response.status_code == HTTPStatus.OK

    def test_post_list(self):
        self.assert_constant_queries("/blog/")

    def test_post_list_second_page(self):
        self.add_posts(5)
        self.assert_constant_queries("/blog/?page=2")

    def test_post_detail(self):
        self.assert_constant_queries("/blog/mittendrin/", limit=MAX_POST_QUERIES)

    def test_category(self):
        self.assert_constant_queries("/blog/kategorie/thema-0/")

    def test_tag(self):
        self.assert_constant_queries(self.tags[1].get_absolute_url())

    def test_year_archive(self):
        self.assert_constant_queries("/blog/2024/")

    def test_month_archive(self):
        self.assert_constant_queries("/blog/2024/01/")

    def test_feeds(self):
        self.assert_constant_queries("/blog/feed/")
        self.assert_constant_queries("/blog/feed/atom/")


def gallery_image(post: Post, number: int) -> GalleryImage:
    return GalleryImage(
        post=post,
        image=f"test/galerie-{post.pk}-{number}.jpg",
        renditions=fake_renditions(f"galerie-{post.pk}-{number}"),
        alt="Bild",
        caption="Bildunterschrift",
        order=number,
    )
