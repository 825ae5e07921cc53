"""
Protected text never shows to a reader without access: not on the post or
page, in lists, archives, feeds, the sitemap, the search, a newsletter, the
descriptions for search engines and social networks, nor in the page cache.
"""

from http import HTTPStatus

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils.timezone import localtime

from members import services
from members.models import Entitlement
from newsletter.emails import latest_posts
from pusteblume_site import access
from tests.blog.factories import make_post
from tests.factories import make_page, make_staff

from .factories import make_member, make_product

SECRET = "Geheimzutat"
TEASER = "Ein öffentlicher Anfang für alle."
BODY = f"{TEASER}\n\n[mehr]\n\n## Nur für Mitglieder\n\nDie {SECRET} ist Zimt.\n"


class ProtectedContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt", sales_url="/kaufen/")
        cls.post = make_post(
            title="Das Rezept", slug="das-rezept", body=BODY, members_only=True
        )
        cls.post.member_products.add(cls.product)
        cls.page = make_page(
            title="Modul 1", slug="modul-1", body=BODY, members_only=True
        )
        cls.page.member_products.add(cls.product)
        cls.member = make_member(email="mit@example.org", products=[cls.product])
        cls.other = make_member(
            email="ohne@example.org", products=[make_product(name="Anderes")]
        )

    def as_member(self):
        self.client.force_login(self.member.user)

    def assert_teaser_only(self, response):
        assert response.status_code == HTTPStatus.OK
        self.assertNotContains(response, SECRET)

    # The post and the page

    def test_a_stranger_sees_teaser_box_and_sign_in_link_on_the_post(self):
        response = self.client.get("/blog/das-rezept/")
        self.assert_teaser_only(response)
        self.assertContains(response, TEASER)
        self.assertContains(response, "Schreibwerkstatt")
        self.assertContains(response, 'href="/kaufen/"')
        self.assertContains(response, "Schon gekauft?")
        self.assertContains(response, "/mitglieder/anmelden/?weiter=/blog/das-rezept/")
        self.assertNotContains(response, "[mehr]")

    def test_a_member_with_the_product_reads_the_whole_post(self):
        self.as_member()
        response = self.client.get("/blog/das-rezept/")
        self.assertContains(response, SECRET)
        self.assertNotContains(response, "[mehr]")
        self.assertNotContains(response, "Schon gekauft?")

    def test_a_member_without_the_product_sees_the_teaser(self):
        self.client.force_login(self.other.user)
        self.assert_teaser_only(self.client.get("/blog/das-rezept/"))

    def test_a_revoked_member_is_back_to_the_teaser_at_once(self):
        self.as_member()
        assert SECRET in self.client.get("/blog/das-rezept/").content.decode()
        entitlement = Entitlement.objects.get(member=self.member)
        services.revoke(entitlement=entitlement, reason="Erstattung")
        self.assert_teaser_only(self.client.get("/blog/das-rezept/"))
        self.assert_teaser_only(self.client.get("/modul-1/"))

    def test_the_page_shows_the_teaser_to_strangers_and_all_to_members(self):
        response = self.client.get("/modul-1/")
        self.assert_teaser_only(response)
        self.assertContains(response, TEASER)
        self.assertContains(response, "Schon gekauft?")
        self.as_member()
        self.assertContains(self.client.get("/modul-1/"), SECRET)

    def test_without_a_more_marker_strangers_see_only_the_excerpt(self):
        post = make_post(
            body=f"Die {SECRET} steht gleich oben.",
            excerpt="Worum es geht, in einem Satz.",
            members_only=True,
        )
        post.member_products.add(self.product)
        response = self.client.get(post.get_absolute_url())
        self.assert_teaser_only(response)
        self.assertContains(response, "Worum es geht, in einem Satz.")

    def test_headings_and_comments_stay_hidden_from_strangers(self):
        body = "\n\n".join(f"## Teil {n}\n\nText {n}." for n in range(5))
        post = make_post(body=f"Anfang.\n\n[mehr]\n\n{body}", members_only=True)
        post.member_products.add(self.product)
        response = self.client.get(post.get_absolute_url())
        self.assertNotContains(response, "Teil 3")
        self.assertNotContains(response, 'id="kommentare"')

    # Everywhere else texts show

    def test_lists_and_archives_show_only_the_teaser(self):
        published = localtime(self.post.published_at)
        for url in [
            "/",
            reverse("blog:post_list"),
            self.post.category.get_absolute_url(),
            reverse("blog:post_year_archive", args=[published.year]),
            reverse("blog:post_month_archive", args=[published.year, published.month]),
        ]:
            response = self.client.get(url)
            self.assert_teaser_only(response)
            self.assertContains(response, "Das Rezept")

    def test_feeds_carry_only_the_teaser(self):
        for url in [reverse("blog:feed"), reverse("blog:atom_feed"), "/feed/"]:
            response = self.client.get(url)
            self.assert_teaser_only(response)
            self.assertContains(response, TEASER)

    def test_the_sitemap_lists_the_address_but_no_text(self):
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "/blog/das-rezept/")
        self.assertNotContains(response, SECRET)

    def test_the_search_does_not_find_protected_words(self):
        url = reverse("search")
        hidden = self.client.get(url, {"q": SECRET})
        self.assertContains(hidden, "0 Treffer")
        self.assertNotContains(hidden, 'class="search-hit"')
        found = self.client.get(url, {"q": "öffentlicher"})
        self.assertContains(found, "Das Rezept")
        self.assertContains(found, "Modul 1")

    def test_the_structured_data_carries_only_the_teaser(self):
        html = self.client.get("/blog/das-rezept/").content.decode()
        [ld] = [
            part.split("</script>")[0]
            for part in html.split('<script type="application/ld+json">')[1:]
            if "BlogPosting" in part.split("</script>")[0]
        ]
        assert SECRET not in ld
        assert TEASER in ld

    def test_the_newsletter_carries_only_the_teaser(self):
        [entry] = [p for p in latest_posts(limit=10) if p["title"] == "Das Rezept"]
        assert SECRET not in entry["excerpt"]
        assert TEASER in entry["excerpt"]

    def test_descriptions_for_search_engines_and_social_networks_are_the_teaser(
        self,
    ):
        assert access.public_text(self.post) == TEASER
        self.as_member()  # not even a member's page says more
        html = self.client.get("/blog/das-rezept/").content.decode()
        head = html.split("</head>")[0]
        assert SECRET not in head
        assert f'<meta property="og:description" content="{TEASER}">' in head

    # The page cache

    def test_a_members_visit_never_lands_in_the_cache_for_strangers(self):
        self.as_member()
        self.client.get("/blog/das-rezept/")
        self.client.get("/modul-1/")
        self.client.logout()
        stranger = self.client_class()
        for url in ["/blog/das-rezept/", "/modul-1/"]:
            first = stranger.get(url)
            self.assert_teaser_only(first)
            second = stranger.get(url)
            assert second["X-Page-Cache"] == "hit"
            self.assert_teaser_only(second)

    def test_a_member_is_never_served_the_cached_teaser(self):
        self.client_class().get("/blog/das-rezept/")  # a stranger fills the cache
        self.as_member()
        response = self.client.get("/blog/das-rezept/")
        assert response.get("X-Page-Cache") != "hit"
        self.assertContains(response, SECRET)
        assert "private" in response["Cache-Control"]

    def test_strangers_pages_stay_cookie_free_and_cacheable(self):
        cache.clear()
        response = self.client.get("/blog/das-rezept/")
        assert not response.cookies
        assert response["X-Page-Cache"] == "miss"
        assert "Cookie" not in response.get("Vary", "")


class EditorPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        product = make_product()
        cls.page = make_page(slug="modul-2", body=BODY, members_only=True)
        cls.page.member_products.add(product)

    def test_an_editor_sees_the_page_as_a_member_and_as_a_stranger(self):
        self.client.force_login(make_staff())
        as_member = self.client.get("/modul-2/")
        self.assertContains(as_member, SECRET)
        self.assertContains(as_member, "Als Fremde ansehen")
        as_stranger = self.client.get("/modul-2/?als=fremd")
        self.assertNotContains(as_stranger, SECRET)
        self.assertContains(as_stranger, "Schon gekauft?")
        self.assertContains(as_stranger, "Als Mitglied ansehen")

    def test_strangers_cannot_switch_to_the_members_view(self):
        response = self.client.get("/modul-2/?als=mitglied")
        self.assertNotContains(response, SECRET)

    def test_the_editors_switch_never_reaches_a_strangers_page(self):
        make_post(slug="vorschau", body=BODY, members_only=True)
        self.client.force_login(make_staff())
        self.client.get("/blog/vorschau/?als=fremd")
        stranger = self.client_class().get("/blog/vorschau/")
        self.assertNotContains(stranger, "Als Mitglied ansehen")
        self.assertNotContains(stranger, SECRET)


class ProtectedCommentTests(TestCase):
    def test_a_stranger_cannot_comment_on_a_protected_post(self):
        from blog.models import Comment
        from tests.blog.factories import comment_data
        from tests.newsletter.factories import SAME_ORIGIN

        post = make_post(slug="geschuetzt", body=BODY, members_only=True)
        post.member_products.add(make_product())
        response = self.client.post(
            reverse("blog:comment_create", args=[post.slug]),
            comment_data(post, text="Hallo!"),
            headers=SAME_ORIGIN,
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.assertNotContains(response, SECRET, status_code=403)
        assert not Comment.objects.exists()
