"""
The fixture export imported once, then read over HTTP as a reader would.
"""

import re
import shutil
import tempfile
from datetime import UTC, datetime
from http import HTTPStatus
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase

from blog.models import Category, Comment, Post, Tag
from pages.models import Page

from .conftest import EXPORT, make_uploads

IMG_SRC = re.compile(r'<img[^>]* src="([^"]+)"')


def import_fixture(testcase, **options) -> str:
    uploads = Path(tempfile.mkdtemp())
    testcase.addClassCleanup(shutil.rmtree, uploads)
    make_uploads(uploads)
    out = StringIO()
    call_command("import_wordpress", EXPORT, uploads=uploads, stdout=out, **options)
    return out.getvalue()


class ImportedSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = import_fixture(cls)
        cls.post = Post.objects.get(slug="gruesse-aus-der-schreibstube")
        cls.blocks = Post.objects.get(slug="mit-bloecken-schreiben")

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        return response.content.decode()

    def test_summary_counts_every_kind(self):
        for line in (
            "Beiträge: 8 (8 neu)",
            "Seiten: 2 (2 neu)",
            "Kategorien: 2 (2 neu)",
            "Schlagwörter: 2 (2 neu)",
            "Autorinnen: 1 (1 neu)",
            "Bilder: 9 (9 neu)",
            "Galerien: 2 (2 neu)",
            "Einbettungen: 2 (2 neu)",
            "Kommentare: 5 (5 neu)",
        ):
            assert line in self.output
        assert "Weiterleitungen: " in self.output
        assert "1 Menüeinträge" in self.output

    def test_report_lists_what_was_not_converted_with_its_post(self):
        assert (
            "Beitrag „Grüße aus der Schreibstube“: Bild 2021/03/fehlt.jpg fehlt"
            in self.output
        )
        assert "„Grüße aus der Schreibstube“: Shortcode [contact-form-7]" in self.output
        assert "„Mit Blöcken schreiben“: Block „acme/newsletter-box“" in self.output

    def test_classic_post_reads_like_the_original(self):
        html = self.page(self.post.get_absolute_url())
        assert "<h1" in html and "Grüße aus der Schreibstube" in html
        assert "<strong>guter Einstieg</strong> gelingt &amp; warum" in html
        assert "<em>so</em>" in html
        assert "Absatz.<br" not in html  # one paragraph, one line break
        assert "gelingt &amp; warum er <em>so</em> wichtig ist.<br" in html
        assert '<h2 id="drei-schritte">Drei Schritte</h2>' in html
        assert re.search(r"<li>Streiche\.\s*<ul>\s*<li>Füllwörter zuerst</li>", html)
        assert re.search(r"<blockquote>\s*<p>Wer schreibt, der bleibt.</p>", html)
        assert "<p>— Ein altes Sprichwort</p>" in html
        assert "<figcaption>Pusteblumen am Stadtrand</figcaption>" in html
        assert "<code>if a[b[0]]&gt; c:</code>" in html
        assert '[contact-form-7 id="5" title="Kontakt"]' in html

    def test_block_post_reads_like_the_original(self):
        html = self.page(self.blocks.get_absolute_url())
        assert "<h3" in html and "Ein Bild mit Unterschrift" in html
        assert "<figcaption>Ideen sammeln, dann ordnen</figcaption>" in html
        assert "<th>Schritt</th>" in html and "<td>1 Stunde</td>" in html
        assert "Trag dich ein!" in html
        assert "wp:" not in self.blocks.body

    def test_every_image_on_the_post_pages_loads(self):
        for post in (self.post, self.blocks):
            sources = IMG_SRC.findall(self.page(post.get_absolute_url()))
            media = [src for src in sources if src.startswith("/media/")]
            assert len(media) >= 3, post
            for src in media:
                assert self.client.get(src).status_code == HTTPStatus.OK, src

    def test_missing_image_is_left_out_not_broken(self):
        assert "fehlt.jpg" not in self.post.body
        assert "alte-seite.example" not in self.post.body

    def test_gallery_keeps_the_order_and_captions_of_the_shortcode(self):
        captions = list(self.post.gallery_images.values_list("caption", flat=True))
        assert captions == [
            "Das Notizbuch mit den Ideen",
            "Mein Schreibtisch am Morgen",
            "",
        ]
        html = self.page(self.post.get_absolute_url())
        assert html.index("Das Notizbuch mit den Ideen") < html.index(
            "Mein Schreibtisch am Morgen"
        )

    def test_block_gallery_keeps_its_captions(self):
        images = list(self.blocks.gallery_images.all())
        assert [image.caption for image in images] == [
            "Erst die Stifte",
            "Dann das Papier",
        ]
        assert images[0].alt == "Stifte im Becher"
        for image in images:
            assert default_storage.exists(image.image.name)

    def test_embeds_are_click_to_load_placeholders(self):
        html = self.page(self.post.get_absolute_url())
        assert (
            'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"'
            in html
        )
        assert "<iframe" not in html
        assert "feature=oembed" not in html
        html = self.page(self.blocks.get_absolute_url())
        assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"' in html

    def test_featured_image_found_though_it_comes_after_the_post(self):
        assert self.post.cover.name.endswith("titelbild.jpg")
        assert self.post.cover_alt == "Ein Füller auf hellem Papier"
        assert self.post.cover_renditions["renditions"]
        assert 'alt="Ein Füller auf hellem Papier"' in self.page(
            self.post.get_absolute_url()
        )

    def test_local_midnight_post_keeps_its_gmt_time(self):
        assert self.post.published_at == datetime(2021, 2, 28, 23, 15, tzinfo=UTC)
        self.page("/blog/2021/03/")

    def test_statuses(self):
        def status(slug):
            return Post.objects.get(slug=slug).status

        assert status("unfertiger-entwurf") == Post.Status.DRAFT
        assert status("nur-fuer-mich") == Post.Status.DRAFT
        assert status("wartet-auf-review") == Post.Status.DRAFT
        scheduled = Post.objects.get(slug="geplant-fuer-spaeter")
        assert scheduled.status == Post.Status.PUBLISHED
        assert Post.objects.scheduled().filter(pk=scheduled.pk).exists()
        assert not Post.objects.filter(title="Weggeworfen").exists()

    def test_hidden_posts_are_nowhere_for_readers(self):
        hidden = ["Unfertiger Entwurf", "Geplant für später", "Nur für mich"]
        hidden += ["Wartet auf Review", "Weggeworfen", "Geheimer "]
        for url in ("/blog/", "/blog/feed/", "/sitemap.xml", "/suche/?q=Text"):
            html = self.page(url)
            for text in hidden:
                assert text not in html, (url, text)
        for slug in ("unfertiger-entwurf", "geplant-fuer-spaeter", "nur-fuer-mich"):
            response = self.client.get(f"/blog/{slug}/")
            assert response.status_code == HTTPStatus.NOT_FOUND

    def test_terms_with_entities_and_umlauts(self):
        category = Category.objects.get(name="Tipps & Tricks")
        assert self.blocks.category == category
        assert Category.objects.get(slug="schreiben").description.startswith("Alles")
        tag = Tag.objects.get(name="Schöne Wörter")
        assert tag.slug == "schoene-woerter"
        assert Tag.objects.filter(name="Kaffee & Kuchen").exists()
        assert "Kaffee &amp; Kuchen" in self.page(self.post.get_absolute_url())

    def test_author_is_a_user_without_a_usable_password(self):
        anna = get_user_model().objects.get(username="anna")
        assert not anna.has_usable_password()
        assert anna.get_full_name() == "Anna Beispiel"
        assert self.post.author == anna

    def test_pages_keep_their_parent(self):
        about = Page.objects.get(slug="ueber-mich")
        team = Page.objects.get(slug="team")
        assert team.parent == about
        assert "ohne kalt zu akquirieren" in self.page("/ueber-mich/")

    def test_comments_keep_threads_and_states(self):
        html = self.page(self.post.get_absolute_url())
        assert "Ich fange immer mit einer Frage an" in html
        assert 'href="https://lena.example.org/fragen"' in html
        assert "Probier als Nächstes mal eine Zahl" in html
        assert "Mache ich, versprochen." in html
        assert "Noch nicht freigegeben" not in html
        assert "Uhren" not in html
        first = Comment.objects.get(name="Lena Leserin", parent=None)
        assert {c.text for c in first.replies.all()} == {
            "Schöne Idee, Lena! Probier als Nächstes mal eine Zahl.",
            "Mache ich, versprochen.",
        }
        assert Comment.objects.get(name="Anna Beispiel").is_author
        assert Comment.objects.get(name="Paul Wartend").status == Comment.Status.PENDING
        assert Comment.objects.get(name="Billige Uhren").status == Comment.Status.SPAM
        assert not Comment.objects.filter(name="Gelöscht").exists()

    def test_import_sends_no_mail(self):
        assert mail.outbox == []

    def test_links_to_the_old_site_lead_to_the_new_addresses(self):
        assert "[meinen Beitrag über Blöcke](/blog/mit-bloecken-schreiben/)" in (
            self.post.body
        )
        assert "[denselben per ID](/blog/mit-bloecken-schreiben/)" in self.post.body
        assert "(/blog/gruesse-aus-der-schreibstube/)" in self.blocks.body


class OldAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_fixture(cls)

    def assert_one_redirect(self, old: str, new: str | None = None) -> str:
        response = self.client.get(old)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY, old
        location = response["Location"]
        if new is not None:
            assert location == new, (old, location)
        target = self.client.get(location)
        assert target.status_code == HTTPStatus.OK, (old, location)
        return location

    def test_post_addresses(self):
        new = "/blog/gruesse-aus-der-schreibstube/"
        self.assert_one_redirect("/?p=101", new)
        self.assert_one_redirect(
            "/2021/03/01/gr%C3%BC%C3%9Fe-aus-der-schreibstube/", new
        )
        self.assert_one_redirect(
            "/2021/03/01/gr%c3%bc%c3%9fe-aus-der-schreibstube", new
        )
        self.assert_one_redirect(
            "/2021/05/texten-ohne-angst/", "/blog/texten-ohne-angst/"
        )
        self.assert_one_redirect("/kurz-und-knapp/", "/blog/kurz-und-knapp/")

    def test_page_addresses(self):
        self.assert_one_redirect("/?page_id=300", "/ueber-mich/")
        self.assert_one_redirect("/%C3%BCber-mich/", "/ueber-mich/")
        self.assert_one_redirect("/%C3%BCber-mich/team/", "/team/")

    def test_term_author_and_feed_addresses(self):
        schreiben = Category.objects.get(slug="schreiben").get_absolute_url()
        tipps = Category.objects.get(name="Tipps & Tricks").get_absolute_url()
        self.assert_one_redirect("/category/schreiben/", schreiben)
        self.assert_one_redirect("/category/schreiben/tipps-tricks/", tipps)
        self.assert_one_redirect("/?cat=3", tipps)
        self.assert_one_redirect("/category/schreiben/feed/", "/blog/feed/")
        self.assert_one_redirect(
            "/tag/sch%C3%B6ne-w%C3%B6rter/", "/blog/tag/schoene-woerter/"
        )
        self.assert_one_redirect("/tag/kaffee-kuchen/", "/blog/tag/kaffee-kuchen/")
        self.assert_one_redirect("/author/anna/")

    def test_attachment_pages_lead_to_their_post(self):
        new = "/blog/gruesse-aus-der-schreibstube/"
        self.assert_one_redirect(
            "/2021/03/01/gr%C3%BC%C3%9Fe-aus-der-schreibstube/sommerwiese/", new
        )
        self.assert_one_redirect("/?attachment_id=202", new)

    def test_uploads_lead_to_the_nearest_rendition(self):
        original = self.assert_one_redirect(
            "/wp-content/uploads/2021/03/sommerwiese.jpg"
        )
        assert re.search(r"/sommerwiese[\w-]*-1600\.jpg$", original)
        small = self.assert_one_redirect(
            "/wp-content/uploads/2021/03/sommerwiese-300x200.jpg"
        )
        assert small.endswith("-480.jpg")
        large = self.assert_one_redirect(
            "/wp-content/uploads/2021/03/sommerwiese-1024x683.jpg"
        )
        assert large.endswith("-960.jpg")
        self.assert_one_redirect("/wp-content/uploads/2020/11/unbenutzt.jpg")

    def test_query_address_is_not_answered_with_the_cached_home_page(self):
        assert self.client.get("/").status_code == HTTPStatus.OK
        self.assert_one_redirect("/?p=101", "/blog/gruesse-aus-der-schreibstube/")

    def test_unknown_old_addresses_are_the_sites_404(self):
        for url in (
            "/?p=99999",
            "/?page_id=abc",
            "/2019/01/01/gibt-es-nicht/",
            "/category/gibt-es-nicht/",
            "/wp-content/uploads/2021/03/fehlt.jpg",
            "/wp-content/uploads/2021/03/fehlt-300x200.jpg",
        ):
            response = self.client.get(url)
            assert response.status_code == HTTPStatus.NOT_FOUND, url
            self.assertTemplateUsed(response, "404.html")

    def test_addresses_of_hidden_posts_are_404(self):
        for url in (
            "/?p=103",
            "/2021/08/01/nur-fuer-mich/",
            "/2099/01/01/geplant-fuer-spaeter/",
        ):
            assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND, url


class LegacyRedirectAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_fixture(cls)
        cls.editor = get_user_model().objects.create_superuser(
            "redaktion", "redaktion@example.org", "geheim-genug"
        )

    def test_old_addresses_are_listed_with_where_they_lead(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/blog/legacyredirect/?q=schreibstube")
        self.assertContains(response, "/2021/03/01/grüße-aus-der-schreibstube/")
        self.assertContains(response, "/blog/gruesse-aus-der-schreibstube/")
        response = self.client.get("/admin/blog/legacyredirect/?q=feed")
        self.assertContains(response, "/blog/feed/")


class HostileAddressTests(TestCase):
    def test_hostile_old_addresses_are_404_or_refused(self):
        # A NUL in the path never reaches the lookup (safety.py).
        for url in (
            "/" + "a" * 600,
            "/wp-content/uploads/..%2F..%2Fetc/passwd",
            "/%00/",
            "/wp-content/uploads/%00.jpg",
        ):
            response = self.client.get(url)
            assert response.status_code == HTTPStatus.NOT_FOUND, url
        # In the query it is refused in German.
        assert self.client.get("/?p=%00").status_code == HTTPStatus.BAD_REQUEST
