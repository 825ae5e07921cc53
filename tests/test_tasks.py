"""
After a change, the worker renders the pages readers see most into the page
cache, so the first reader after an edit does not wait for a full render.
"""

import gzip
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from blog.models import Comment
from pusteblume_site.tasks import pages_to_render, render_pages
from tests.blog.factories import make_category, make_comment, make_post
from tests.factories import make_page

RENDER_TASK = "pusteblume_site.tasks.render_pages_task"
# A reader's browser at the site's public address (DJANGO_SITE_URL).
READER = {"HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
IMMEDIATE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)


def queued_paths() -> list[list[str]]:
    """For each queued rendering task, the paths it renders."""
    return [
        pages_to_render(job.args_kwargs["kwargs"]["changes"])
        for job in DBTaskResult.objects.filter(task_path=RENDER_TASK)
    ]


class QueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(name="Strategie", slug="strategie")

    def test_saving_a_post_queues_its_page_its_category_the_lists_and_the_feed(self):
        with self.captureOnCommitCallbacks(execute=True):
            post = make_post(category=self.category, tags=["Sichtbarkeit"])
        assert queued_paths() == [
            sorted(
                [
                    "/",
                    "/blog/",
                    "/blog/feed/",
                    post.get_absolute_url(),
                    "/blog/kategorie/strategie/",
                ]
            )
        ]

    def test_one_save_in_the_admin_is_one_task_however_many_rows_it_touches(self):
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            post = make_post(category=self.category)
            post.tags.add("Sichtbarkeit", "Akquise")
            post.title = "Neu betitelt"
            post.save()
        assert len(queued_paths()) == 1

    def test_a_draft_queues_only_the_lists(self):
        with self.captureOnCommitCallbacks(execute=True):
            draft = make_post(category=self.category, status="draft")
        assert draft.get_absolute_url() not in queued_paths()[0]

    def test_a_comment_waiting_for_approval_queues_nothing(self):
        post = make_post(category=self.category)
        DBTaskResult.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            make_comment(post, status=Comment.Status.PENDING)
        assert queued_paths() == []

    def test_a_deleted_post_queues_the_lists_and_not_its_page(self):
        post = make_post(category=self.category)
        url = post.get_absolute_url()
        DBTaskResult.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            post.delete()
        [paths] = queued_paths()
        assert "/blog/" in paths
        assert url not in paths

    def test_saving_a_page_queues_it_and_the_home_page(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_page(slug="beratung", title="Beratung")
        [paths] = queued_paths()
        assert {"/", "/beratung/"} <= set(paths)

    @IMMEDIATE_TASKS
    def test_the_immediate_backend_renders_nothing_during_the_save(self):
        with self.captureOnCommitCallbacks(execute=True):
            post = make_post(category=self.category)
        assert queued_paths() == []
        response = self.client.get(post.get_absolute_url(), **READER)
        assert response["X-Page-Cache"] == "miss"


class RenderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(title="Gebucht ohne Kaltakquise")
        cls.url = cls.post.get_absolute_url()

    def test_a_rendered_page_is_a_hit_for_the_next_reader(self):
        assert render_pages(["/", "/blog/", self.url]) == 3
        for path in ("/", "/blog/", self.url):
            response = self.client.get(path, **READER)
            assert response["X-Page-Cache"] == "hit", path
        body = gzip.decompress(self.client.get(self.url, **READER).content)
        assert "Gebucht ohne Kaltakquise" in body.decode()

    def test_the_stored_copy_is_the_page_a_reader_gets(self):
        render_pages(["/blog/"])
        ahead = self.client.get("/blog/", **READER)
        self.post.save()  # a new content version: the next one is rendered
        fresh = self.client.get("/blog/", **READER)
        assert fresh["X-Page-Cache"] == "miss"
        assert gzip.decompress(fresh.content) == gzip.decompress(ahead.content)
        assert fresh["Content-Encoding"] == ahead["Content-Encoding"] == "gzip"

    def test_a_page_that_is_gone_is_not_stored(self):
        assert render_pages(["/blog/gibt-es-nicht/"]) == 0
        response = self.client.get("/blog/gibt-es-nicht/", **READER)
        assert "X-Page-Cache" not in response


class WorkerTests(TransactionTestCase):
    def test_the_worker_renders_the_pages_after_the_editor_saved(self):
        post = make_post(title="Frisch aus der Redaktion")
        assert len(queued_paths()) >= 1
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload",
            stdout=StringIO(),
        )  # fmt: skip
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
            "SUCCESSFUL"
        }
        response = self.client.get(post.get_absolute_url(), **READER)
        assert response["X-Page-Cache"] == "hit"
        assert "Frisch aus der Redaktion" in gzip.decompress(response.content).decode()

    def test_without_a_worker_the_save_works_and_readers_get_fresh_pages(self):
        post = make_post(title="Erste Fassung")
        self.client.get(post.get_absolute_url(), **READER)
        post.title = "Zweite Fassung"
        post.save()
        response = self.client.get(post.get_absolute_url(), **READER)
        assert response["X-Page-Cache"] == "miss"
        assert "Zweite Fassung" in gzip.decompress(response.content).decode()
