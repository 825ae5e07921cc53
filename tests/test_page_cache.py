from datetime import timedelta
from http import HTTPStatus

import time_machine
from django.db import transaction
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from pages.models import Page
from pusteblume_site.page_cache import content_version
from tests.blog.factories import make_post
from tests.factories import make_page, make_site_settings, make_staff


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(slug="beratung", title="Beratung", body="Erste Fassung.")

    def test_second_anonymous_visit_is_served_from_the_cache(self):
        first = self.client.get("/beratung/")
        second = self.client.get("/beratung/")
        assert first["X-Page-Cache"] == "miss"
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content

    def test_cached_page_needs_no_query(self):
        self.client.get("/beratung/")
        with self.assertNumQueries(0):
            self.client.get("/beratung/")

    def test_saving_a_page_shows_at_once(self):
        self.client.get("/beratung/")
        self.page.body = "Zweite Fassung."
        self.page.save()
        response = self.client.get("/beratung/")
        self.assertContains(response, "Zweite Fassung.")
        self.assertNotContains(response, "Erste Fassung.")

    def test_deleting_a_page_shows_at_once(self):
        make_page(slug="kurzlebig")
        assert self.client.get("/kurzlebig/").status_code == HTTPStatus.OK
        Page.objects.get(slug="kurzlebig").delete()
        assert self.client.get("/kurzlebig/").status_code == HTTPStatus.NOT_FOUND

    def test_changing_site_settings_shows_on_cached_pages_at_once(self):
        self.client.get("/beratung/")
        make_site_settings(owner_name="Mara Löwenzahn")
        self.assertContains(self.client.get("/beratung/"), "Mara Löwenzahn")

    def test_saving_a_post_shows_on_the_blog_list_at_once(self):
        self.client.get(reverse("blog:post_list"))
        make_post(title="Frisch gebloggt")
        self.assertContains(
            self.client.get(reverse("blog:post_list")), "Frisch gebloggt"
        )

    def test_tagging_a_post_shows_at_once(self):
        post = make_post(title="Getaggt")
        self.client.get(post.get_absolute_url())
        post.tags.add("Sichtbarkeit")
        self.assertContains(self.client.get(post.get_absolute_url()), "Sichtbarkeit")

    def test_conditional_request_gets_304(self):
        etag = self.client.get("/beratung/")["ETag"]
        response = self.client.get("/beratung/", headers={"If-None-Match": etag})
        assert response.status_code == HTTPStatus.NOT_MODIFIED
        assert response.content == b""

    def test_logged_in_editor_never_gets_a_cached_page(self):
        self.client.get("/beratung/")
        Page.objects.filter(pk=self.page.pk).update(
            title="Still geändert.", updated_at=timezone.now()
        )
        self.client.force_login(make_staff())
        response = self.client.get("/beratung/")
        self.assertContains(response, "Still geändert.")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]

    def test_page_numbers_are_cached_on_lists_only(self):
        for number in range(12):
            make_post(title=f"Listenbeitrag {number}")
        first = self.client.get("/blog/?page=2")
        second = self.client.get("/blog/?page=2")
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert second.content != self.client.get("/blog/").content
        # A static page reads no page number: it is the page's own copy.
        self.client.get("/beratung/")
        assert self.client.get("/beratung/?page=2")["X-Page-Cache"] == "hit"

    def test_a_page_number_is_cached_in_its_plain_form(self):
        for number in range(12):
            make_post(title=f"Listenbeitrag {number}")
        self.client.get("/blog/?page=2")
        assert self.client.get("/blog/?page=002")["X-Page-Cache"] == "hit"
        self.client.get("/blog/")
        assert self.client.get("/blog/?page=1")["X-Page-Cache"] == "hit"

    def test_a_junk_page_number_is_a_404_and_never_cached(self):
        response = self.client.get("/blog/?page=abc")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "X-Page-Cache" not in response

    def test_search_results_are_never_cached(self):
        url = reverse("search") + "?q=Sichtbarkeit"
        self.client.get(url)
        assert "X-Page-Cache" not in self.client.get(url)
        empty = reverse("blog:post_search") + "?q="
        self.client.get(empty)
        assert "X-Page-Cache" not in self.client.get(empty)

    def test_renaming_an_author_shows_on_the_post_at_once(self):
        author = make_staff(first_name="Lena", last_name="Sommer")
        post = make_post(author=author)
        self.assertContains(self.client.get(post.get_absolute_url()), "Lena Sommer")
        author.first_name = "Mara"
        author.save()
        self.assertContains(self.client.get(post.get_absolute_url()), "Mara Sommer")

    def test_not_found_pages_are_not_cached(self):
        self.client.get("/fehlt/")
        make_page(slug="fehlt", title="Jetzt da")
        self.assertContains(self.client.get("/fehlt/"), "Jetzt da")

    def test_gzip_and_plain_clients_get_their_own_copy(self):
        plain = self.client.get("/beratung/")
        packed = self.client.get("/beratung/", headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in plain
        assert packed["Content-Encoding"] == "gzip"
        again = self.client.get("/beratung/", headers={"Accept-Encoding": "gzip"})
        assert again["X-Page-Cache"] == "hit"
        assert again["Content-Encoding"] == "gzip"


class QueryParameterTests(TestCase):
    """
    Links shared on social networks and in newsletters carry tracking
    parameters; they, and anything else a view does not read, are served
    the clean address's copy.
    """

    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(title="Sichtbar ohne Akquise")
        cls.url = cls.post.get_absolute_url()

    def test_tracking_parameters_are_a_hit_for_the_clean_address(self):
        clean = self.client.get(self.url)
        shared = self.client.get(
            self.url + "?utm_source=newsletter&utm_medium=email&fbclid=IwAR0xyz"
        )
        assert shared["X-Page-Cache"] == "hit"
        assert shared.content == clean.content

    def test_a_first_visit_with_tracking_parameters_fills_the_clean_copy(self):
        shared = self.client.get(self.url + "?mc_cid=4f2a&mc_eid=99")
        assert shared["X-Page-Cache"] == "miss"
        clean = self.client.get(self.url)
        assert clean["X-Page-Cache"] == "hit"
        assert clean.content == shared.content

    def test_an_unknown_parameter_on_a_post_is_a_hit(self):
        self.client.get(self.url)
        response = self.client.get(self.url + "?x=1")
        assert response["X-Page-Cache"] == "hit"

    def test_the_canonical_link_stays_clean(self):
        response = self.client.get(self.url + "?gclid=abc&ref=twitter")
        self.assertContains(
            response, f'<link rel="canonical" href="http://127.0.0.1:8000{self.url}">'
        )

    def test_a_list_ignores_tracking_parameters_but_not_its_page_number(self):
        for number in range(12):
            make_post(title=f"Listenbeitrag {number}")
        list_url = reverse("blog:post_list")
        second_page = self.client.get(list_url + "?page=2")
        shared = self.client.get(list_url + "?utm_campaign=herbst&page=2")
        assert shared["X-Page-Cache"] == "hit"
        assert shared.content == second_page.content
        # The links to the neighbouring pages carry no tracking parameter.
        self.assertNotContains(shared, "utm_campaign")

    def test_a_reply_link_is_rendered_and_not_cached(self):
        self.client.get(self.url)
        response = self.client.get(self.url + "?antworten=1")
        assert response.status_code == HTTPStatus.OK
        assert "X-Page-Cache" not in response


class CommitTests(TransactionTestCase):
    def test_pages_cached_before_the_commit_are_dropped_after_it(self):
        """
        A reader may render the old content between a save and its commit;
        the version changes again at the commit, so that page is never served.
        """
        page = make_page(slug="impressum", title="Alter Titel")
        with transaction.atomic():
            page.title = "Neuer Titel"
            page.save()
            during_the_transaction = content_version()
        assert content_version() != during_the_transaction


class ScheduledPublicationTests(TestCase):
    def test_scheduled_post_appears_at_its_time_without_any_edit(self):
        start = timezone.now()
        make_post(
            title="Kommt um neun",
            status=Post.Status.PUBLISHED,
            published_at=start + timedelta(minutes=10),
        )
        with time_machine.travel(start, tick=False):
            self.assertNotContains(
                self.client.get(reverse("blog:post_list")), "Kommt um neun"
            )
            cached = self.client.get(reverse("blog:post_list"))
            assert cached["X-Page-Cache"] == "hit"
        with time_machine.travel(start + timedelta(minutes=11), tick=False):
            self.assertContains(
                self.client.get(reverse("blog:post_list")), "Kommt um neun"
            )
