"""
Pages with a role are found by it: the editor may rename any of them and
every link follows. A fresh site shows neutral texts until seed_demo runs.
"""

import io
import re
from http import HTTPStatus

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from pages.models import Page
from tests.blog.factories import make_post
from tests.factories import make_page, make_staff

DEMO_WORDS = ["Lena", "Sommer", "Pusteblume", "Ausgebucht ohne Akquise", "Klinken"]


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


class RenamedRolePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.impressum = make_page(
            slug="impressum", title="Impressum", role=Page.Role.IMPRESSUM
        )
        cls.privacy = make_page(
            slug="datenschutz", title="Datenschutz", role=Page.Role.PRIVACY
        )
        cls.editor = make_staff()

    def rename_in_the_admin(self, page: Page, slug: str) -> None:
        url = reverse("admin:pages_page_change", args=[page.pk])
        data = {
            "title": page.title,
            "slug": slug,
            "body": page.body,
            "is_published": "on",
            "role": page.role,
            "menu_label": "",
            "tagline": "",
            "menu_position": "0",
            "meta_description": "",
        }
        response = self.client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND, response.content[:2000]

    def test_footer_box_and_consent_text_follow_renamed_legal_pages(self):
        self.client.force_login(self.editor)
        self.rename_in_the_admin(self.impressum, "anbieterkennzeichnung")
        self.rename_in_the_admin(self.privacy, "deine-daten")
        self.client.logout()

        for url in ["/", "/newsletter/", "/anbieterkennzeichnung/"]:
            html = self.client.get(url).content.decode()
            links = hrefs(html)
            assert "/anbieterkennzeichnung/" in links, url
            assert "/deine-daten/" in links, url
            assert "/impressum/" not in links, url
            assert "/datenschutz/" not in links, url

        box = self.client.get("/").content.decode()
        consent = box[box.index('class="newsletter-form__consent"') :]
        consent = consent[: consent.index("</p>")]
        assert 'href="/deine-daten/"' in consent

    def test_embed_notice_in_a_stored_post_follows_the_renamed_privacy_page(self):
        post = make_post(body="Schau mal:\n\nhttps://youtu.be/dQw4w9WgXcQ\n")
        self.privacy.slug = "deine-daten"
        self.privacy.save()
        html = self.client.get(post.get_absolute_url()).content.decode()
        notice = html[html.index('class="embed__notice"') :]
        assert 'href="/deine-daten/"' in notice[: notice.index("</figure>")]

    def test_two_pages_cannot_share_a_role(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:pages_page_add"),
            {
                "title": "Noch ein Impressum",
                "slug": "impressum-2",
                "body": "",
                "is_published": "on",
                "role": Page.Role.IMPRESSUM,
                "menu_position": "0",
            },
        )
        assert response.status_code == HTTPStatus.OK
        self.assertContains(response, "Diese Aufgabe hat schon eine andere Seite.")
        assert not Page.objects.filter(slug="impressum-2").exists()

    def test_an_unpublished_role_page_is_not_linked(self):
        Page.objects.filter(pk=self.impressum.pk).update(is_published=False)
        self.impressum.refresh_from_db()
        self.impressum.save()
        assert "/impressum/" not in hrefs(self.client.get("/").content.decode())

    def test_the_home_page_is_found_by_its_role_whatever_its_slug(self):
        make_page(slug="willkommen", title="Schön, dass du da bist", role="home")
        self.assertContains(self.client.get("/"), "Schön, dass du da bist")
        response = self.client.get("/willkommen/")
        self.assertRedirects(response, "/", status_code=HTTPStatus.MOVED_PERMANENTLY)


class FreshSiteTests(TestCase):
    """A database that has only been migrated: nothing of the demo persona."""

    def test_no_demo_names_anywhere_without_seed_demo(self):
        make_post(title="Erster Beitrag")
        for url in ["/", "/blog/", "/newsletter/", "/blog/feed/", "/gibt-es-nicht/"]:
            html = self.client.get(url).content.decode()
            for word in DEMO_WORDS:
                assert word not in html, (url, word)

    def test_home_page_is_headed_by_the_site_name(self):
        self.assertContains(
            self.client.get("/"),
            '<h1 id="lead-title" class="lead__title">Meine Website</h1>',
            html=True,
        )

    def test_seed_demo_writes_the_persona(self):
        call_command("seed_demo", posts=1, stdout=io.StringIO())
        html = self.client.get("/").content.decode()
        assert "Pusteblume" in html
        assert "Lena Sommer" in html
        assert "Das will ich haben!" in html

    def test_seed_demo_keeps_texts_the_editor_changed(self):
        from tests.factories import make_newsletter_box, make_site_settings

        make_site_settings(site_name="Blumenwiese")
        make_newsletter_box(headline="Post von mir?")
        call_command("seed_demo", posts=1, stdout=io.StringIO())
        html = self.client.get("/").content.decode()
        assert "Blumenwiese" in html
        assert "Post von mir?" in html
        assert "Pusteblume" not in html


class RenamedPageAddressTests(TestCase):
    def test_the_old_address_of_a_renamed_page_redirects_to_the_new_one(self):
        page = make_page(slug="impressum", title="Impressum", role="impressum")
        page.slug = "anbieterkennzeichnung"
        page.save()
        response = self.client.get("/impressum/")
        self.assertRedirects(
            response,
            "/anbieterkennzeichnung/",
            status_code=HTTPStatus.MOVED_PERMANENTLY,
        )

    def test_a_new_page_may_take_a_freed_address(self):
        page = make_page(slug="angebot")
        page.slug = "angebote"
        page.save()
        make_page(slug="angebot", title="Ganz neu")
        self.assertContains(self.client.get("/angebot/"), "Ganz neu")

    def test_an_unknown_address_stays_a_404(self):
        assert self.client.get("/nie-da-gewesen/").status_code == HTTPStatus.NOT_FOUND
