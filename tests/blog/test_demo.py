from io import StringIO
from unittest import mock

from django.db.models import Max, Min
from django.test import TestCase

from blog import demo
from blog.models import (
    Category,
    Comment,
    GalleryImage,
    OldSlug,
    Post,
    PostViewCount,
    Tag,
    TaggedPost,
)


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Category,
            Post,
            Tag,
            TaggedPost,
            GalleryImage,
            PostViewCount,
            Comment,
        )
    } | {"updated": Post.objects.aggregate(Max("updated_at"))["updated_at__max"]}


@mock.patch.multiple(demo, COVER_SIZE=(320, 180), GALLERY_SIZE=(240, 180))
class DemoTests(TestCase):
    def test_seed_creates_a_realistic_blog_and_changes_nothing_the_second_time(self):
        output = StringIO()
        demo.seed(stdout=output)
        assert "Beiträge angelegt" in output.getvalue()
        assert list(Category.objects.values_list("name", flat=True)) == [
            "Allgemein",
            "Events",
            "Schreiben",
            "Selbstmarketing",
            "Strategie",
        ]
        live = Post.objects.published()
        assert live.count() >= 25
        assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1
        assert Post.objects.count() - live.count() == 2  # a draft, a scheduled one
        dates = live.aggregate(first=Min("published_at"), last=Max("published_at"))
        assert (dates["last"] - dates["first"]).days > 600
        assert GalleryImage.objects.count() == 6
        assert all(post.cover_renditions for post in Post.objects.all())
        assert all(post.tags.exists() for post in live)
        showcase = Post.objects.get(slug__startswith="markdown-spickzettel")
        for tag in ["<h2", "<h3", "<h4", "<h5", "<h6", "<ul>", "<ol>", "<blockquote>"]:
            assert tag in showcase.body_html
        assert "embed" in showcase.body_html
        assert Post.objects.get(slug__startswith="gruesse-aus-der")
        assert not OldSlug.objects.exists()

        before = snapshot()
        demo.seed(stdout=StringIO())
        assert snapshot() == before

    def test_seed_for_a_benchmark_adds_posts_in_bulk(self):
        demo.seed(stdout=StringIO(), posts=45)
        assert Post.objects.published().count() == 45
        bench = Post.objects.filter(slug__startswith=demo.BENCH_SLUG_PREFIX)
        assert bench.count() == 15
        assert all(post.body_html and post.summary for post in bench)
        assert TaggedPost.objects.filter(content_object__in=bench).count() == 45
        demo.seed(stdout=StringIO(), posts=45)
        assert Post.objects.published().count() == 45

    def test_seed_adds_a_conversation_with_the_authors_threaded_replies(self):
        demo.seed(stdout=StringIO(), posts=2)
        newest = Post.objects.published().order_by("-published_at").first()
        visible = Comment.objects.visible().filter(post=newest)
        assert visible.filter(parent=None).count() == 2
        replies = visible.exclude(parent=None)
        assert replies.filter(is_author=True).count() == 2
        assert all(reply.parent.parent_id is None for reply in replies)
        assert Comment.objects.filter(post=newest, status="pending").count() == 1
        html = self.client.get(newest.get_absolute_url()).content.decode()
        assert '<span class="comment__badge">Autorin</span>' in html
        assert "5 Kommentare" in html
