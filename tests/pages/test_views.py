from http import HTTPStatus

from django.test import TestCase, override_settings
from django.urls import path, reverse

from pages.models import Page
from tests.factories import (
    make_newsletter_box,
    make_page,
    make_site_settings,
    make_staff,
)


class PageDetailViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(
            title="Beratung",
            slug="beratung",
            body="## Wie wir arbeiten\n\nErst zuhören, dann schreiben.",
            meta_description="Beratung für Sichtbarkeit.",
        )

    def test_published_page_shows_title_body_and_meta_description(self):
        response = self.client.get("/beratung/")
        self.assertContains(
            response, '<h1 class="page__title">Beratung</h1>', html=True
        )
        self.assertContains(response, '<h2 id="wie-wir-arbeiten">')
        self.assertContains(response, "Erst zuhören, dann schreiben.")
        self.assertContains(
            response, '<meta name="description" content="Beratung für Sichtbarkeit.">'
        )
        self.assertContains(response, "<title>Beratung – Meine Website</title>")

    def test_unpublished_page_is_404_for_readers(self):
        make_page(slug="geheim", is_published=False)
        response = self.client.get("/geheim/")
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_unpublished_page_is_shown_to_staff_with_draft_notice(self):
        make_page(slug="geheim", title="Geheim", is_published=False)
        self.client.force_login(make_staff())
        response = self.client.get("/geheim/")
        self.assertContains(response, "Entwurf")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_unknown_slug_gets_the_sites_404_page(self):
        response = self.client.get("/gibt-es-nicht/")
        self.assertContains(
            response, "Hier ist nichts", status_code=HTTPStatus.NOT_FOUND
        )
        self.assertContains(response, "skip-links", status_code=HTTPStatus.NOT_FOUND)

    def test_home_slug_redirects_to_the_root(self):
        make_page(slug="startseite", title="Willkommen", role=Page.Role.HOME)
        response = self.client.get("/startseite/")
        self.assertRedirects(response, "/", status_code=HTTPStatus.MOVED_PERMANENTLY)

    def test_markdown_body_is_sanitised(self):
        make_page(
            slug="boese",
            body="<script>alert(1)</script>\n\n"
            'Text <strong onclick="x()">fett</strong>',
        )
        response = self.client.get("/boese/")
        self.assertNotContains(response, "alert(1)</script>")
        self.assertNotContains(response, "onclick")
        self.assertContains(response, "<strong>fett</strong>", html=True)


class HomeViewTests(TestCase):
    def test_home_shows_the_editable_lead_section(self):
        make_page(
            slug="start",
            title="Ausgebucht ohne Akquise",
            body="Hallo du!",
            role=Page.Role.HOME,
        )
        response = self.client.get("/")
        self.assertContains(
            response,
            '<h1 id="lead-title" class="lead__title">Ausgebucht ohne Akquise</h1>',
            html=True,
        )
        self.assertContains(response, "Hallo du!")

    def test_home_without_a_home_page_still_renders_the_tagline(self):
        make_site_settings(tagline="Ausgebucht ohne Akquise")
        response = self.client.get("/")
        self.assertContains(response, "Ausgebucht ohne Akquise")

    def test_every_page_has_exactly_one_h1_and_german_lang(self):
        make_page(slug="startseite", title="Start", role=Page.Role.HOME)
        make_page(slug="about", title="Über mich", body="# Eine zweite H1?")
        for url in ["/", "/about/", "/gibt-es-nicht/"]:
            response = self.client.get(url)
            html = response.content.decode()
            assert html.count("<h1") == 1, url
            assert '<html lang="de">' in html, url


class MenuTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.about = make_page(
            slug="about",
            title="Über mich",
            menu_label="About",
            tagline="Lena Sommer",
            show_in_menu=True,
            menu_position=50,
        )
        make_page(
            slug="beratung",
            title="Beratung",
            tagline="Content und Cases",
            show_in_menu=True,
            menu_position=20,
        )
        make_page(
            slug="moderation",
            title="Moderation",
            tagline="Events und Workshops",
            show_in_menu=True,
            menu_position=40,
        )
        make_page(
            slug="autorin",
            title="Autorin",
            tagline="Loves writing",
            show_in_menu=True,
            menu_position=30,
        )
        make_page(slug="impressum", title="Impressum", show_in_menu=False)

    def menu_html(self, url="/beratung/"):
        html = self.client.get(url).content.decode()
        start = html.index('<nav id="navigation"')
        return html[start : html.index("</nav>", start)]

    def test_menu_lists_menu_pages_in_the_editors_order_with_tag_lines(self):
        menu = self.menu_html()
        positions = [
            menu.index(label)
            for label in ["Beratung", "Autorin", "Moderation", "About"]
        ]
        assert positions == sorted(positions)
        assert "Content und Cases" in menu
        assert "Lena Sommer" in menu
        assert "Impressum" not in menu

    def test_changing_the_position_reorders_the_menu(self):
        Page.objects.filter(slug="about").update(menu_position=1)
        menu = self.menu_html()
        assert menu.index("About") < menu.index("Beratung")

    def test_current_item_carries_aria_current(self):
        menu = self.menu_html("/autorin/")
        assert menu.count('aria-current="page"') == 1
        current = menu[: menu.index('aria-current="page"')]
        assert current.rstrip().endswith('href="/autorin/"')

    def test_child_page_sits_under_its_parent(self):
        make_page(
            slug="blog",
            title="Blog",
            show_in_menu=True,
            parent=self.about,
            menu_position=60,
            tagline="Tipps und Geschichten",
        )
        menu = self.menu_html()
        about_at = menu.index("About")
        sublist_at = menu.index('class="site-nav__sublist"')
        assert about_at < sublist_at < menu.index("Tipps und Geschichten")
        assert f'href="{reverse("blog:post_list")}"' in menu

    def test_unpublished_pages_stay_out_of_the_menu(self):
        Page.objects.filter(slug="autorin").update(is_published=False)
        assert "Autorin" not in self.menu_html()


class FooterAndSettingsTests(TestCase):
    def test_footer_shows_social_links_owner_and_legal_pages(self):
        make_site_settings(
            owner_name="Lena Sommer",
            linkedin_url="https://www.linkedin.com/in/lena",
            instagram_url="https://www.instagram.com/lena",
            pinterest_url="https://www.pinterest.de/lena",
        )
        make_page(slug="impressum", role=Page.Role.IMPRESSUM)
        make_page(slug="datenschutz", role=Page.Role.PRIVACY)
        html = self.client.get("/").content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert 'href="https://www.linkedin.com/in/lena"' in footer
        assert 'href="https://www.instagram.com/lena"' in footer
        assert 'href="https://www.pinterest.de/lena"' in footer
        assert "Lena Sommer" in footer
        assert 'href="/impressum/"' in footer
        assert 'href="/datenschutz/"' in footer

    def test_missing_social_links_are_left_out(self):
        make_site_settings(linkedin_url="", instagram_url="", pinterest_url="")
        self.assertNotContains(self.client.get("/"), "LinkedIn")

    def test_a_settings_change_shows_on_the_next_request(self):
        make_site_settings(site_name="Pusteblume")
        make_newsletter_box(button_label="Das will ich haben!")
        self.assertContains(self.client.get("/"), "Das will ich haben!")
        make_site_settings(site_name="Löwenzahn")
        make_newsletter_box(button_label="Her damit!")
        response = self.client.get("/")
        self.assertContains(response, "Löwenzahn")
        self.assertContains(response, "Her damit!")
        self.assertNotContains(response, "Das will ich haben!")


class ReaderCookieTests(TestCase):
    def test_reader_pages_set_no_cookie(self):
        make_page(slug="startseite")
        make_page(slug="beratung")
        for url in [
            "/",
            "/beratung/",
            "/gibt-es-nicht/",
            reverse("blog:post_list"),
            reverse("newsletter:subscribe"),
            "/sitemap.xml",
            "/robots.txt",
            reverse("members:sign_in"),
            reverse("members:sign_in_sent"),
            reverse("members:dashboard"),
        ]:
            response = self.client.get(url)
            assert response.cookies == {}, url
            assert "Set-Cookie" not in response, url


def broken_view(request):
    raise RuntimeError("Absichtlich kaputt")


urlpatterns = [path("kaputt/", broken_view)]


@override_settings(ROOT_URLCONF=__name__)
class ErrorPageTests(TestCase):
    def test_a_crash_shows_the_self_contained_500_page(self):
        self.client.raise_request_exception = False
        response = self.client.get("/kaputt/")
        assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
        html = response.content.decode()
        assert '<html lang="de">' in html
        assert "Da ist etwas schiefgegangen" in html
        assert "Das liegt nicht an dir." in html
        assert "/static/css/site" in html
        assert "Absichtlich kaputt" not in html


class RobotsAndSitemapTests(TestCase):
    def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(self):
        response = self.client.get("/robots.txt")
        assert response["Content-Type"] == "text/plain"
        self.assertContains(response, "Disallow: /admin/")
        self.assertContains(response, "Sitemap: http://127.0.0.1:8000/sitemap.xml")

    def test_sitemap_lists_published_pages_only(self):
        make_page(slug="beratung")
        make_page(slug="entwurf", is_published=False)
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "/beratung/</loc>")
        self.assertNotContains(response, "/entwurf/")


class NewsletterBoxPlacementTests(TestCase):
    """Each page offers the signup once: in the sidebar or in the footer."""

    def test_home_page_has_the_box_in_the_sidebar_only(self):
        html = self.client.get("/").content.decode()
        sidebar = html[html.index('<aside id="seitenleiste"') : html.index("</aside>")]
        footer = html[html.index('<footer class="site-footer">') :]
        assert html.count('class="newsletter-form"') == 1
        assert 'class="newsletter-form"' in sidebar
        assert 'class="newsletter-form"' not in footer

    def test_static_page_has_the_box_in_the_footer_and_an_about_card_beside(self):
        make_page(slug="beratung")
        make_site_settings(owner_name="Lena Sommer")
        html = self.client.get("/beratung/").content.decode()
        sidebar = html[html.index('<aside id="seitenleiste"') : html.index("</aside>")]
        footer = html[html.index('<footer class="site-footer">') :]
        assert html.count('class="newsletter-form"') == 1
        assert 'class="newsletter-form"' in footer
        assert "Hallo, ich bin Lena Sommer" in sidebar


class ReviewRegressionTests(TestCase):
    def test_static_pages_do_not_vary_on_cookies(self):
        make_page(slug="about")
        response = self.client.get("/about/")
        assert "Cookie" not in response.get("Vary", "")

    def test_staff_without_page_rights_do_not_see_unpublished_pages(self):
        make_page(slug="geheim", is_published=False)
        self.client.force_login(make_staff(is_superuser=False))
        assert self.client.get("/geheim/").status_code == HTTPStatus.NOT_FOUND

    def test_unpublished_page_preview_is_never_cached(self):
        make_page(slug="geheim", is_published=False)
        self.client.force_login(make_staff())
        response = self.client.get("/geheim/")
        assert "no-store" in response["Cache-Control"]

    @override_settings(SERVE_MEDIA=True)
    def test_overlong_media_name_is_a_404(self):
        response = self.client.get("/media/" + "a" * 300)
        assert response.status_code == HTTPStatus.NOT_FOUND


class MissingSlashTests(TestCase):
    def test_existing_page_without_slash_redirects(self):
        make_page(slug="beratung")
        response = self.client.get("/beratung")
        self.assertRedirects(
            response, "/beratung/", status_code=HTTPStatus.MOVED_PERMANENTLY
        )

    def test_unknown_address_without_slash_is_a_404_not_a_redirect(self):
        response = self.client.get("/server-status")
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_blog_addresses_without_slash_still_redirect(self):
        response = self.client.get("/blog")
        self.assertRedirects(
            response, "/blog/", status_code=HTTPStatus.MOVED_PERMANENTLY
        )
