"""The site search at /suche/: posts, pages and newsletter issues."""

import unittest
from datetime import timedelta
from http import HTTPStatus

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from pages.models import Page
from pusteblume_site.search import clean_query, fallback_terms, websearch_text
from tests.blog.factories import make_post
from tests.factories import make_page
from tests.newsletter.factories import make_issue

on_postgres = unittest.skipUnless(
    connection.vendor == "postgresql", "full-text search needs PostgreSQL"
)
on_sqlite = unittest.skipUnless(connection.vendor == "sqlite", "the SQLite fallback")

HOSTILE_QUERIES = [
    '"',
    '""""',
    "&|!:*()",
    "!!! ::: *",
    "a & | b",
    "-",
    "- - -",
    "oder",
    "or or or",
    "\x00",
    "Kaltakquise\x00",
    "x" * 10_000,
    "%' OR 1=1 --",
    "<script>alert(1)</script>",
    "\\",
    "'",
    "Kaltakquise:*",
    "(Kaltakquise",
    "\ue000\ue001",
    "\u200b",
]


def search(client, query: str, **params):
    return client.get(reverse("search"), {"q": query, **params})


class SearchViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_post(title="Kaltakquise war gestern", body="Lass Kundinnen kommen.")
        make_post(title="Preise nennen", body="Ohne Bauchschmerzen über Geld reden.")
        make_post(title="Geheimer Entwurf über Kaltakquise", status=Post.Status.DRAFT)
        make_post(
            title="Geplante Kaltakquise",
            published_at=timezone.now() + timedelta(days=2),
        )
        make_page(title="Beratung", body="Ich berate dich zur Kaltakquise-Frage.")
        make_page(title="Versteckte Kaltakquise", is_published=False)
        make_issue(
            subject="Ausgabe über Kaltakquise",
            sent_at=timezone.now() - timedelta(days=3),
        )
        make_issue(subject="Nie versandte Kaltakquise")
        make_issue(
            subject="Private Kaltakquise",
            sent_at=timezone.now() - timedelta(days=3),
            is_public=False,
        )

    def test_finds_posts_pages_and_sent_issues_but_nothing_hidden(self):
        response = search(self.client, "Kaltakquise")
        self.assertContains(response, "Kaltakquise war gestern")
        self.assertContains(response, "Beratung")
        self.assertContains(response, "Ausgabe über Kaltakquise")
        for hidden in ("Geheimer Entwurf", "Geplante", "Versteckte", "Nie versandte"):
            self.assertNotContains(response, hidden)
        self.assertNotContains(response, "Private Kaltakquise")
        self.assertContains(response, "3 Treffer für „Kaltakquise“.")

    def test_hits_say_what_they_are(self):
        response = search(self.client, "Kaltakquise")
        for kind in ("Beitrag", "Seite", "Newsletter"):
            self.assertContains(response, f'<p class="search-hit__meta">{kind}')

    def test_every_word_must_match(self):
        self.assertContains(search(self.client, "Preise Geld"), "Preise nennen")
        response = search(self.client, "Preise Kundinnen")
        assert response.context["hits"] == []
        self.assertContains(response, "Dazu habe ich noch nichts geschrieben")

    def test_nothing_found_offers_the_latest_posts(self):
        response = search(self.client, "Zahnpasta")
        self.assertContains(response, "Die neuesten Beiträge")
        self.assertContains(response, "Preise nennen")
        self.assertNotContains(response, "Geheimer Entwurf")

    def test_empty_query_shows_only_the_form(self):
        response = search(self.client, "   ")
        self.assertContains(response, 'id="suche-haupt"')
        self.assertNotContains(response, "Treffer")

    def test_words_without_letters_get_a_friendly_note(self):
        response = search(self.client, "&|!")
        self.assertContains(response, "versuch es mit einem Wort aus Buchstaben")

    def test_hostile_queries_get_a_page_not_an_error(self):
        for query in HOSTILE_QUERIES:
            response = search(self.client, query)
            if "\x00" in query:
                # Refused before any view (pusteblume_site.safety), in German.
                assert response.status_code == HTTPStatus.BAD_REQUEST, repr(query)
                self.assertContains(
                    response, "unsichtbares Nullzeichen", status_code=400
                )
                continue
            assert response.status_code == HTTPStatus.OK, repr(query)
            self.assertNotContains(response, "<script>alert(1)</script>")

    def test_invalid_utf8_and_odd_pages_get_a_page(self):
        for url in ("/suche/?q=%ff%fe%c3", "/suche/?q=a&page=x"):
            assert self.client.get(url).status_code == HTTPStatus.OK, url
        assert self.client.get("/suche/?q=%00").status_code == HTTPStatus.BAD_REQUEST
        response = search(self.client, "Kaltakquise", page="999999999999999999999")
        assert response.status_code == HTTPStatus.OK

    def test_long_query_is_cut_at_200_characters(self):
        response = search(self.client, "Preise " + "x" * 500)
        assert len(response.context["query"]) == 200

    def test_results_are_not_indexed_nor_cached(self):
        response = search(self.client, "Preise")
        self.assertContains(response, '<meta name="robots" content="noindex, follow">')
        assert "no-cache" in response["Cache-Control"]
        self.assertContains(search(self.client, "Geld"), "Preise nennen")
        self.assertNotContains(search(self.client, "Kundinnen"), "Preise nennen")

    def test_results_are_escaped_apart_from_the_marks(self):
        make_post(title="Markup", body="Ein <b>fetter</b> Satz über Spitzenpreise.")
        html = search(self.client, "Spitzenpreise").content.decode()
        excerpt = html.split('class="search-hit__excerpt">')[1].split("</p>")[0]
        assert "<b>" not in excerpt
        assert "<mark>" in excerpt
        assert excerpt.replace("<mark>", "").replace("</mark>", "").count("<") == 0

    def test_every_page_has_the_search_field_in_its_header(self):
        for url in ("/", reverse("blog:post_list"), "/beratung/"):
            response = self.client.get(url)
            if response.status_code == HTTPStatus.OK:
                self.assertContains(response, 'id="suche-kopf"')
                self.assertContains(response, f'action="{reverse("search")}"')


class SearchPaginationTests(TestCase):
    def test_results_are_paginated_ten_a_page(self):
        for number in range(13):
            make_post(title=f"Sichtbarkeit Nummer {number}")
        first = search(self.client, "Sichtbarkeit")
        assert len(first.context["hits"]) == 10
        self.assertContains(first, "Seite 1 von 2")
        self.assertContains(first, "?q=Sichtbarkeit&amp;page=2")
        second = search(self.client, "Sichtbarkeit", page=2)
        assert len(second.context["hits"]) == 3

    def test_query_count_does_not_grow_with_the_hits(self):
        """At most one query per kind of content, whatever the hits."""
        make_page(title="Sichtbarkeit als Seite")
        make_issue(subject="Sichtbarkeit", sent_at=timezone.now())
        make_post(title="Sichtbarkeit 1")
        search(self.client, "Sichtbarkeit")
        with CaptureQueriesContext(connection) as few:
            search(self.client, "Sichtbarkeit")
        for number in range(20):
            make_post(title=f"Sichtbarkeit {number}", body="Mehr Sichtbarkeit.")
            make_page(title=f"Sichtbarkeit Seite {number}")
            make_issue(subject=f"Sichtbarkeit {number}", sent_at=timezone.now())
        search(self.client, "Sichtbarkeit")
        with CaptureQueriesContext(connection) as many:
            search(self.client, "Sichtbarkeit")
        assert len(many) <= len(few)


class OldSearchAddressTests(TestCase):
    def test_blog_search_redirects_to_the_site_search_with_the_query(self):
        response = self.client.get("/blog/suche/", {"q": "Kunden finden"})
        self.assertRedirects(
            response,
            "/suche/?q=Kunden+finden",
            status_code=HTTPStatus.MOVED_PERMANENTLY,
            fetch_redirect_response=False,
        )


class SearchIndexTests(TestCase):
    def test_saving_a_post_renews_what_is_found(self):
        post = make_post(title="Alter Titel", body="Nichts Besonderes.")
        assert search(self.client, "Zauberwort").context["hits"] == []
        post.body = "Jetzt mit Zauberwort."
        post.save()
        assert [hit.title for hit in search(self.client, "Zauberwort").context["hits"]]

    def test_a_rerender_renews_the_stored_text(self):
        post = make_post(body="Etwas über Einhörner.")
        Post.objects.filter(pk=post.pk).update(
            search_text="", search_vector=None, renderer_version="alt"
        )
        Post.objects.get(pk=post.pk).ensure_rendered()
        assert "Einhörner" in Post.objects.get(pk=post.pk).search_text

    def test_embeds_notices_are_not_findable(self):
        post = make_post(
            body="Ein Video:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ"
        )
        assert "Ein Video" in post.search_text
        assert "IP-Adresse" not in post.search_text

    def test_a_page_that_is_hidden_later_leaves_the_results(self):
        page = make_page(title="Workshop Sichtbarkeit")
        assert search(self.client, "Workshop").context["hits"]
        Page.objects.filter(pk=page.pk).update(is_published=False)
        assert search(self.client, "Workshop").context["hits"] == []


class QueryParsingTests(TestCase):
    def test_control_characters_go_and_the_query_is_cut(self):
        assert clean_query("  Kunden\x00 finden\x1f ") == "Kunden finden"
        assert len(clean_query("x" * 10_000)) == 200

    def test_oder_means_or_outside_quotes(self):
        assert websearch_text("Kaffee oder Tee") == "Kaffee or Tee"
        assert websearch_text('"Kaffee oder Tee"') == '"Kaffee oder Tee"'
        assert websearch_text("Wunder Oder Wonder") == "Wunder or Wonder"

    def test_fallback_reads_words_and_exclusions_folded(self):
        assert fallback_terms('"Häuser" -ÄRGER oder Straße') == (
            ["hauser", "strasse"],
            ["arger"],
        )


@on_sqlite
class SqliteFallbackTests(TestCase):
    def test_finds_umlaut_words_whatever_their_case_or_umlauts(self):
        make_post(title="Ärger mit Häusern", body="Über Straßen und Öfen.")
        for query in ("ärger", "ÄRGER", "arger", "häusern", "STRASSEN", "öfen"):
            hits = search(self.client, query).context["hits"]
            assert [hit.title for hit in hits] == ["Ärger mit Häusern"], query

    def test_title_hits_come_first(self):
        make_post(title="Nebenbei", body="Ein Wort über Netzwerke.")
        make_post(title="Netzwerke knüpfen", body="Ohne Druck.")
        hits = search(self.client, "netzwerke").context["hits"]
        assert [hit.title for hit in hits] == ["Netzwerke knüpfen", "Nebenbei"]

    def test_minus_excludes_a_word(self):
        make_post(title="Netzwerke knüpfen", body="Auf Events.")
        make_post(title="Netzwerke pflegen", body="Online.")
        hits = search(self.client, "Netzwerke -events").context["hits"]
        assert [hit.title for hit in hits] == ["Netzwerke pflegen"]


@on_postgres
class PostgresFullTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_post(title="Die Kunde kommt zu dir", body="Ein Text über Nachfrage.")
        make_post(
            title="Nebenbei bemerkt",
            body="Ganz am Rande geht es hier auch um Kunden.",
            published_at=timezone.now() - timedelta(hours=1),
        )
        make_post(title="Häuser bauen", body="Stein auf Stein.")
        make_post(title="Kaffee trinken", body="Ein Netzwerk beim Kaffee.")
        make_post(title="Tee trinken", body="Ein Netzwerk beim Tee.")

    def titles(self, query: str) -> list[str]:
        return [hit.title for hit in search(self.client, query).context["hits"]]

    def test_german_stemming_finds_other_forms(self):
        assert "Die Kunde kommt zu dir" in self.titles("Kunden")
        assert self.titles("Haus") == ["Häuser bauen"]

    def test_title_hits_rank_first(self):
        assert self.titles("Kunden") == ["Die Kunde kommt zu dir", "Nebenbei bemerkt"]

    def test_phrases_exclusions_and_oder(self):
        assert self.titles('"Stein auf Stein"') == ["Häuser bauen"]
        assert self.titles('"Stein Stein auf"') == []
        assert self.titles("trinken -Kaffee") == ["Tee trinken"]
        assert sorted(self.titles("Kaffee oder Tee")) == [
            "Kaffee trinken",
            "Tee trinken",
        ]
        assert sorted(self.titles("Kaffee or Tee")) == ["Kaffee trinken", "Tee trinken"]

    def test_excerpt_marks_the_stemmed_match(self):
        response = search(self.client, "Kunden")
        self.assertContains(response, "<mark>Kunden</mark>")

    def test_a_misspelling_gets_the_closest_spelling(self):
        response = search(self.client, "Hauser baün")
        assert response.context["hits"] == []
        self.assertContains(response, "Meintest du")
        assert response.context["suggestion"].query == "Häuser bauen"

    def test_stopwords_only_find_nothing_without_error(self):
        response = search(self.client, "und oder die")
        assert response.status_code == HTTPStatus.OK
        assert response.context["hits"] == []
