import re
from http import HTTPStatus

from django.test import TestCase
from django.urls import reverse

from blog.models import Post
from tests.blog.factories import make_post


class PostSearchViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_post(title="Kaltakquise war gestern", body="Lass Kundinnen kommen.")
        make_post(title="Preise nennen", body="Ohne Bauchschmerzen über Geld reden.")
        make_post(title="Geheimer Entwurf über Kaltakquise", status=Post.Status.DRAFT)

    def search(self, query: str):
        return self.client.get(reverse("blog:post_search"), {"q": query})

    def test_finds_live_posts_by_title_and_body(self):
        response = self.search("kaltakquise")
        self.assertContains(response, "Kaltakquise war gestern")
        self.assertContains(response, "Ein Beitrag passt zu „kaltakquise“.")
        self.assertNotContains(response, "Geheimer Entwurf")
        self.assertContains(self.search("Bauchschmerzen"), "Preise nennen")

    def test_every_word_must_match(self):
        self.assertContains(self.search("Preise Geld"), "Preise nennen")
        response = self.search("Preise Kundinnen")
        self.assertContains(response, "0 Beiträge passen")
        self.assertContains(response, "Versuch es mit einem anderen Wort")

    def test_empty_query_shows_only_the_form(self):
        response = self.search("   ")
        self.assertContains(response, 'name="q"')
        self.assertNotContains(response, "passen zu")

    def test_hostile_queries_get_a_page_not_an_error(self):
        for query in ["x" * 5000, "%' OR 1=1 --", "<script>alert(1)</script>"]:
            response = self.search(query)
            assert response.status_code == HTTPStatus.OK, query
            self.assertNotContains(response, "<script>alert(1)</script>")

    def test_a_nul_in_the_query_gets_the_refusal_page(self):
        # pusteblume_site.safety refuses it before the view runs.
        self.assertContains(
            self.search("\x00"),
            "Diese Anfrage können wir nicht verarbeiten",
            status_code=HTTPStatus.BAD_REQUEST,
        )

    def test_search_pages_are_not_indexed(self):
        self.assertContains(
            self.search("Preise"), '<meta name="robots" content="noindex, follow">'
        )


class CanonicalLinkTests(TestCase):
    def test_later_list_pages_name_themselves_as_canonical(self):
        for number in range(12):
            make_post(title=f"Beitrag Nummer {number}")
        url = reverse("blog:post_list")
        self.assertContains(
            self.client.get(url, {"page": 2}),
            f'<link rel="canonical" href="http://127.0.0.1:8000{url}?page=2">',
        )
        self.assertContains(
            self.client.get(url),
            f'<link rel="canonical" href="http://127.0.0.1:8000{url}">',
        )


class MachineReadableDateTests(TestCase):
    def test_time_elements_carry_valid_html_datetimes(self):
        """Browsers and validators accept at most milliseconds, so none."""
        post = make_post(title="Mit Mikrosekunden")
        post.published_at = post.published_at.replace(microsecond=255106)
        post.save()
        html = self.client.get(post.get_absolute_url()).content.decode()
        stamps = re.findall(r'<time datetime="([^"]+)"', html)
        assert stamps
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp)
