"""
Comments cost the post page one query, however many there are, and the
cached page follows moderation at once.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.comments import services
from blog.models import Comment
from tests.newsletter.factories import IMMEDIATE_TASKS, SAME_ORIGIN

from .factories import comment_data, make_comment, make_post
from .test_queries import MAX_POST_QUERIES


def add_comments(post, count: int) -> None:
    """Half of them top-level comments, half replies; a few not approved."""
    start = timezone.now() - timedelta(days=10)
    top = Comment.objects.bulk_create(
        Comment(
            post=post,
            name=f"Leserin {n}",
            email=f"leserin{n}@example.org",
            website="https://example.org" if n % 3 else "",
            text=f"Gedanke {n}\n\nmit https://example.org/{n}",
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(minutes=n),
        )
        for n in range(count // 2)
    )
    Comment.objects.bulk_create(
        Comment(
            post=post,
            parent=parent,
            name="Lena" if n % 2 else f"Antwort {n}",
            email="lena@example.org",
            text=f"Antwort {n}",
            is_author=bool(n % 2),
            status=Comment.Status.SPAM if n % 10 == 9 else Comment.Status.APPROVED,
            created_at=start + timedelta(hours=1, minutes=n),
        )
        for n, parent in enumerate(top)
    )


class CommentQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(slug="viel-diskutiert", tags=["Sichtbarkeit"])

    def queries_for_post(self) -> tuple[int, object]:
        cache.clear()
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.post.get_absolute_url())
        assert response.status_code == 200
        return len(queries), response

    def test_the_post_page_needs_as_many_queries_with_300_comments_as_with_none(self):
        without, response = self.queries_for_post()
        self.assertContains(response, "Noch hat niemand etwas geschrieben.")
        add_comments(self.post, 300)
        with_300, response = self.queries_for_post()
        assert with_300 == without <= MAX_POST_QUERIES, (without, with_300)
        self.assertContains(response, "285 Kommentare")
        self.assertContains(response, 'class="comment-list__item"', count=285)

    def test_the_blog_list_counts_comments_in_the_same_queries(self):
        cache.clear()
        with CaptureQueriesContext(connection) as before:
            self.client.get(reverse("blog:post_list"))
        add_comments(self.post, 300)
        cache.clear()
        with self.assertNumQueries(len(before)):
            response = self.client.get(reverse("blog:post_list"))
        self.assertContains(response, "285 Kommentare")


@IMMEDIATE_TASKS
class CommentPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(slug="im-cache")

    def test_approving_a_comment_shows_it_on_the_cached_page_at_once(self):
        comment = make_comment(
            self.post, text="Bald sichtbar.", status=Comment.Status.PENDING
        )
        self.client.get(self.post.get_absolute_url())
        cached = self.client.get(self.post.get_absolute_url())
        assert cached["X-Page-Cache"] == "hit"
        self.assertNotContains(cached, "Bald sichtbar.")
        services.approve(comments=[comment])
        response = self.client.get(self.post.get_absolute_url())
        self.assertContains(response, "Bald sichtbar.")
        self.assertContains(response, "1 Kommentar")

    def test_a_new_waiting_comment_leaves_the_cached_pages_alone(self):
        self.client.get(self.post.get_absolute_url())
        response = self.client.post(
            reverse("blog:comment_create", args=[self.post.slug]),
            comment_data(self.post),
            headers=SAME_ORIGIN,
        )
        assert response.status_code == 302
        assert Comment.objects.get().status == Comment.Status.PENDING
        assert self.client.get(self.post.get_absolute_url())["X-Page-Cache"] == "hit"

    def test_marking_an_approved_comment_as_spam_hides_it_at_once(self):
        comment = make_comment(self.post, text="Doch Werbung.")
        self.assertContains(
            self.client.get(self.post.get_absolute_url()), "Doch Werbung."
        )
        services.mark_spam(comments=[comment])
        self.assertNotContains(
            self.client.get(self.post.get_absolute_url()), "Doch Werbung."
        )
