import re
from datetime import datetime, timedelta
from http import HTTPStatus
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blog.models import Post, PostViewCount
from tests.factories import make_staff

from .factories import make_category, make_gallery_image, make_post, with_cover

BERLIN = ZoneInfo("Europe/Berlin")
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


class PostListViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.posts = [
            make_post(
                title=f"Live {n}", published_at=timezone.now() - timedelta(days=n)
            )
            for n in range(1, 13)
        ]
        make_post(title="Ein Entwurf", status=Post.Status.DRAFT)
        make_post(
            title="Ein geplanter", published_at=timezone.now() + timedelta(days=1)
        )

    def test_lists_ten_live_posts_newest_first(self):
        response = self.client.get(reverse("blog:post_list"))
        assert list(response.context["posts"]) == self.posts[:10]
        self.assertContains(response, "Weiterlesen", count=10)
        self.assertTemplateUsed(response, "blog/post_list.html")

    def test_second_page_has_the_rest(self):
        response = self.client.get(reverse("blog:post_list"), {"page": 2})
        assert list(response.context["posts"]) == self.posts[10:]

    def test_drafts_and_scheduled_posts_are_not_listed(self):
        response = self.client.get(reverse("blog:post_list"), {"page": 2})
        self.assertNotContains(response, "Ein Entwurf")
        self.assertNotContains(response, "Ein geplanter")

    def test_bad_pages_are_404(self):
        for page in ["abc", "-1", "0", "3", "999999999999", "1e9", "%00", "1.5"]:
            with self.subTest(page=page):
                response = self.client.get(reverse("blog:post_list"), {"page": page})
                assert response.status_code == HTTPStatus.NOT_FOUND

    def test_empty_page_parameter_is_the_first_page(self):
        response = self.client.get(reverse("blog:post_list"), {"page": ""})
        assert response.status_code == HTTPStatus.OK

    def test_card_shows_date_category_reading_time_and_summary(self):
        response = self.client.get(reverse("blog:post_list"))
        post = self.posts[0]
        date = timezone.localtime(post.published_at)
        self.assertContains(response, f"{date.day}. ")
        self.assertContains(response, post.category.name)
        self.assertContains(response, "1 Min. Lesezeit")
        self.assertContains(response, post.summary)

    def test_sets_no_cookie(self):
        response = self.client.get(reverse("blog:post_list"))
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")

    def test_sidebar_lists_categories_with_live_counts(self):
        category = make_category(name="Strategie")
        make_post(category=category)
        make_post(category=category)
        make_post(category=category, status=Post.Status.DRAFT)
        make_post(category=category, published_at=timezone.now() + timedelta(hours=1))
        response = self.client.get(reverse("blog:post_list"))
        html = response.content.decode()
        assert re.search(r">Strategie</a>\s*<span[^>]*>\(2\)</span>", html)

    def test_sidebar_has_no_empty_categories(self):
        make_category(name="Leer")
        self.assertNotContains(self.client.get(reverse("blog:post_list")), "Leer")


class CategoryAndTagViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(
            name="Schreiben", slug="schreiben", description="Alles übers Schreiben."
        )
        cls.post = make_post(category=cls.category, tags=["Übung"], title="Im Thema")
        make_post(title="Anderswo", tags=["Anderes"])
        make_post(category=cls.category, status=Post.Status.DRAFT, title="Entwurf X")

    def test_category_page_lists_its_live_posts_and_describes_itself(self):
        response = self.client.get(reverse("blog:category_detail", args=["schreiben"]))
        assert list(response.context["posts"]) == [self.post]
        self.assertContains(
            response, '<h1 class="archive-header__title">Schreiben</h1>'
        )
        self.assertContains(response, "Alles übers Schreiben.")
        self.assertNotContains(response, "Entwurf X")

    def test_tag_page_lists_its_live_posts_and_names_the_tag(self):
        response = self.client.get(reverse("blog:tag_detail", args=["uebung"]))
        assert list(response.context["posts"]) == [self.post]
        self.assertContains(response, "Beiträge mit dem Schlagwort „Übung“")

    def test_unknown_category_and_tag_are_404(self):
        for url in ["/blog/kategorie/gibt-es-nicht/", "/blog/tag/gibt-es-nicht/"]:
            with self.subTest(url=url):
                assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_old_category_slug_redirects_permanently(self):
        self.category.slug = "texte"
        self.category.save()
        response = self.client.get("/blog/kategorie/schreiben/")
        self.assertRedirects(
            response,
            "/blog/kategorie/texte/",
            status_code=HTTPStatus.MOVED_PERMANENTLY,
        )

    def test_old_tag_slug_redirects_permanently(self):
        tag = self.post.tags.get()
        tag.slug = "uebungen"
        tag.save()
        response = self.client.get("/blog/tag/uebung/")
        self.assertRedirects(
            response, "/blog/tag/uebungen/", status_code=HTTPStatus.MOVED_PERMANENTLY
        )

    def test_bad_page_on_a_category_is_404(self):
        url = reverse("blog:category_detail", args=["schreiben"])
        assert self.client.get(url, {"page": "x"}).status_code == HTTPStatus.NOT_FOUND


class DateArchiveViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Late on 31 March in Berlin, already April in UTC? No: 22:30 UTC.
        cls.march = make_post(
            title="Ende März",
            published_at=datetime(2024, 3, 31, 23, 30, tzinfo=BERLIN),
        )
        cls.april = make_post(
            title="Anfang April",
            published_at=datetime(2024, 4, 1, 0, 30, tzinfo=BERLIN),
        )
        make_post(
            title="Entwurf im März",
            published_at=datetime(2024, 3, 10, tzinfo=BERLIN),
            status=Post.Status.DRAFT,
        )

    def test_year_archive_lists_the_years_posts(self):
        response = self.client.get("/blog/2024/")
        assert list(response.context["posts"]) == [self.april, self.march]
        self.assertContains(response, "Beiträge aus 2024")

    def test_month_archive_uses_local_time_and_german_month_names(self):
        response = self.client.get("/blog/2024/03/")
        assert list(response.context["posts"]) == [self.march]
        self.assertContains(response, "Beiträge aus März 2024")
        self.assertNotContains(response, "Entwurf im März")

    def test_empty_or_impossible_archives_are_404(self):
        for url in ["/blog/2023/", "/blog/2024/05/", "/blog/2024/13/", "/blog/0000/"]:
            with self.subTest(url=url):
                assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_month_with_only_a_scheduled_post_is_404(self):
        next_year = timezone.localdate().year + 1
        make_post(published_at=datetime(next_year, 1, 5, tzinfo=BERLIN))
        response = self.client.get(f"/blog/{next_year}/01/")
        assert response.status_code == HTTPStatus.NOT_FOUND


class PostDetailViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(name="Strategie")
        cls.older = make_post(
            title="Älterer", slug="", published_at=timezone.now() - timedelta(days=3)
        )
        cls.post = make_post(
            title="Grüße an Straße",
            slug="",
            category=cls.category,
            tags=["Planung", "Übung"],
            published_at=timezone.now() - timedelta(days=2),
            body="Einleitung.\n\n[galerie]\n\nSchluss.",
        )
        cls.newer = make_post(
            title="Neuerer", slug="", published_at=timezone.now() - timedelta(days=1)
        )
        cls.draft = make_post(title="Geheimer Entwurf", status=Post.Status.DRAFT)
        cls.scheduled = make_post(
            title="Geplant", published_at=timezone.now() + timedelta(days=2)
        )

    def test_live_post_shows_title_meta_tags_and_neighbours(self):
        response = self.client.get("/blog/gruesse-an-strasse/")
        self.assertContains(response, "Grüße an Straße</h1>")
        self.assertContains(response, "Strategie")
        self.assertContains(response, 'href="/blog/tag/uebung/"')
        self.assertContains(response, "1 Min. Lesezeit")
        self.assertContains(response, 'href="/blog/aelterer/" rel="prev"')
        self.assertContains(response, 'href="/blog/neuerer/" rel="next"')
        self.assertNotContains(response, "Geheimer Entwurf")
        self.assertNotContains(response, 'content="noindex"')
        self.assertTemplateUsed(response, "blog/post_detail.html")

    def test_newest_and_oldest_posts_have_one_neighbour(self):
        self.assertNotContains(self.client.get("/blog/neuerer/"), 'rel="next"')
        self.assertNotContains(self.client.get("/blog/aelterer/"), 'rel="prev"')

    def test_draft_and_scheduled_posts_are_404_for_readers(self):
        for post in [self.draft, self.scheduled]:
            with self.subTest(post=post.title):
                response = self.client.get(post.get_absolute_url())
                assert response.status_code == HTTPStatus.NOT_FOUND

    def test_staff_preview_drafts_marked_noindex_and_uncached(self):
        self.client.force_login(make_staff())
        for post in [self.draft, self.scheduled]:
            with self.subTest(post=post.title):
                response = self.client.get(post.get_absolute_url())
                self.assertContains(response, "<strong>Entwurf</strong>")
                self.assertContains(response, '<meta name="robots" content="noindex">')
                cache_control = response["Cache-Control"]
                assert "private" in cache_control
                assert "no-store" in cache_control
                self.assertNotContains(response, "post__beacon")

    def test_scheduled_preview_says_when_it_appears(self):
        self.client.force_login(make_staff())
        response = self.client.get(self.scheduled.get_absolute_url())
        self.assertContains(response, "geplant für den")

    def test_non_staff_users_get_404_for_drafts(self):
        self.client.force_login(make_staff(is_staff=False, is_superuser=False))
        response = self.client.get(self.draft.get_absolute_url())
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_scheduled_post_appears_once_its_time_has_come(self):
        url = self.scheduled.get_absolute_url()
        assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND
        later = self.scheduled.published_at + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert self.client.get(url).status_code == HTTPStatus.OK
            listed = self.client.get(reverse("blog:post_list")).context["posts"]
            assert listed[0] == self.scheduled
            self.assertContains(self.client.get(reverse("blog:feed")), "Geplant")

    def test_changed_slug_redirects_permanently(self):
        self.post.slug = "neuer-kurzname"
        self.post.save()
        response = self.client.get("/blog/gruesse-an-strasse/")
        self.assertRedirects(
            response,
            "/blog/neuer-kurzname/",
            status_code=HTTPStatus.MOVED_PERMANENTLY,
        )

    def test_old_slug_of_an_unpublished_post_is_404(self):
        self.post.slug = "neuer-kurzname"
        self.post.status = Post.Status.DRAFT
        self.post.save()
        response = self.client.get("/blog/gruesse-an-strasse/")
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_deleted_post_is_410_gone_with_a_german_page(self):
        url = self.newer.get_absolute_url()
        self.newer.delete()
        response = self.client.get(url)
        self.assertContains(
            response, "Diesen Beitrag gibt es nicht mehr", status_code=HTTPStatus.GONE
        )
        self.assertContains(response, "noindex", status_code=HTTPStatus.GONE)

    def test_unknown_and_hostile_slugs_are_404(self):
        for url in [
            "/blog/gibt-es-nicht/",
            "/blog/" + "a" * 3000 + "/",
            "/blog/%C3%BCber-uns/",
            "/blog/<script>/",
        ]:
            with self.subTest(url=url[:40]):
                assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_a_nul_in_the_slug_is_not_found_before_any_lookup(self):
        # pusteblume_site.safety answers it before any view runs.
        response = self.client.get("/blog/%00/")
        self.assertContains(response, "Seite nicht gefunden", status_code=404)

    def test_gallery_is_placed_at_the_marker_with_captions(self):
        make_gallery_image(self.post, caption="Erstes Bild", credit="Foto: A / © B")
        make_gallery_image(self.post, caption="Zweites Bild")
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        gallery = html.index('<figure class="gallery">')
        assert (
            html.index("<p>Einleitung.</p>") < gallery < html.index("<p>Schluss.</p>")
        )
        assert html.count('<figure class="gallery__item">') == 2
        assert "Erstes Bild" in html and "Foto: A / © B" in html
        assert "[galerie]" not in html

    def test_gallery_without_marker_follows_the_body(self):
        post = make_post(body="Nur Text.")
        make_gallery_image(post)
        html = self.client.get(post.get_absolute_url()).content.decode()
        assert html.index("<p>Nur Text.</p>") < html.index('<figure class="gallery">')

    def test_cover_is_not_lazy_gallery_images_are_and_all_have_sizes(self):
        with_cover(self.post)
        make_gallery_image(self.post)
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        images = re.findall(r"<img [^>]*>", html)
        cover = next(img for img in images if "cover-" in img)
        gallery = next(img for img in images if "galerie-" in img)
        assert 'loading="lazy"' not in cover
        assert 'loading="lazy"' in gallery
        for img in images:
            assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
        self.assertContains(
            self.client.get(self.post.get_absolute_url()), 'alt="Ein Titelbild"'
        )

    def test_first_card_image_is_eager_the_others_lazy(self):
        for post in (self.older, self.post, self.newer):
            with_cover(post)
        html = self.client.get(reverse("blog:post_list")).content.decode()
        images = [img for img in re.findall(r"<img [^>]*>", html) if "cover-" in img]
        assert len(images) == 3
        assert 'loading="lazy"' not in images[0]
        assert all('loading="lazy"' in img for img in images[1:])

    def test_table_of_contents_for_four_h2(self):
        body = "\n\n".join(f"## Abschnitt {n}\n\nText." for n in range(4))
        post = make_post(body=body)
        response = self.client.get(post.get_absolute_url())
        self.assertContains(response, '<a href="#abschnitt-3">Abschnitt 3</a>')
        short = make_post(body="## Nur einer\n\nText.")
        self.assertNotContains(self.client.get(short.get_absolute_url()), "toc__list")

    def test_related_posts_are_live_and_share_something(self):
        shared = make_post(tags=["Planung"], title="Verwandt")
        make_post(
            tags=["Planung"], status=Post.Status.DRAFT, title="Verwandter Entwurf"
        )
        response = self.client.get(self.post.get_absolute_url())
        related = list(response.context["related_posts"])
        assert shared in related
        assert all(post.is_live for post in related)
        self.assertNotContains(response, "Verwandter Entwurf")

    def test_author_box_shows_name_and_bio(self):
        from blog.models import AuthorProfile

        author = make_staff(first_name="Lena", last_name="Sommer")
        AuthorProfile.objects.create(user=author, bio="Schreibt gern.")
        post = make_post(author=author)
        response = self.client.get(post.get_absolute_url())
        self.assertContains(response, "Über Lena Sommer")
        self.assertContains(response, "Schreibt gern.")

    def test_revised_date_shows_only_when_meaningfully_later(self):
        post = make_post(published_at=timezone.now() - timedelta(days=10))
        self.assertNotContains(self.client.get(post.get_absolute_url()), "aktualisiert")
        post.body = "Überarbeitet."
        post.save()
        self.assertContains(self.client.get(post.get_absolute_url()), "aktualisiert am")

    def test_post_ends_with_an_invitation_to_comment(self):
        response = self.client.get(self.post.get_absolute_url())
        self.assertContains(response, "Was meinst du dazu?")
        self.assertContains(
            response, reverse("blog:comment_create", args=[self.post.slug])
        )

    def test_reader_page_sets_no_cookie_and_does_not_vary_on_cookie(self):
        response = self.client.get(self.post.get_absolute_url())
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")

    def test_embeds_load_nothing_from_the_provider(self):
        post = make_post(
            body="Schau mal:\n\nhttps://www.youtube.com/watch?v=abcdefghijk\n\n"
            "https://vimeo.com/76979871\n\nhttps://www.instagram.com/p/abc123/"
        )
        html = self.client.get(post.get_absolute_url()).content.decode()
        assert "<iframe" not in html
        sources = re.findall(r'\s(?:src|srcset|href)="([^"]*)"', html)
        loaded = [
            s
            for s in re.findall(r'\s(?:src|srcset)="([^"]*)"', html)
            if "youtube" in s or "vimeo" in s or "instagram" in s
        ]
        assert loaded == []
        assert any("youtube.com/watch" in s for s in sources)  # the plain link
        assert html.count('class="embed') >= 3


class PopularPostsTests(TestCase):
    def test_most_read_posts_first_and_drafts_never(self):
        today = timezone.localdate()
        quiet, busy = make_post(title="Ruhig"), make_post(title="Viel gelesen")
        draft = make_post(title="Entwurf mit Lesern", status=Post.Status.DRAFT)
        for post, count in [(quiet, 3), (busy, 30), (draft, 99)]:
            PostViewCount.objects.create(post=post, day=today, count=count)
        response = self.client.get(reverse("blog:post_list"))
        html = response.content.decode()
        section = html[html.index("Beliebte Beiträge") :]
        assert section.index("Viel gelesen") < section.index("Ruhig")
        assert "Entwurf mit Lesern" not in section

    def test_pinned_posts_come_first(self):
        today = timezone.localdate()
        busy = make_post(title="Viel gelesen")
        PostViewCount.objects.create(post=busy, day=today, count=30)
        make_post(title="Angeheftet", pinned=True)
        html = self.client.get(reverse("blog:post_list")).content.decode()
        section = html[html.index("Beliebte Beiträge") :]
        assert section.index("Angeheftet") < section.index("Viel gelesen")

    def test_an_unpublished_post_leaves_the_cached_ranking_at_once(self):
        today = timezone.localdate()
        post = make_post(title="Gleich weg")
        PostViewCount.objects.create(post=post, day=today, count=30)
        self.assertContains(self.client.get(reverse("blog:post_list")), "Gleich weg")
        post.status = Post.Status.DRAFT
        post.save()
        self.assertNotContains(self.client.get(reverse("blog:post_list")), "Gleich weg")


class PostViewBeaconTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post()
        cls.url = reverse("blog:post_view", args=[cls.post.pk])

    def views(self):
        return sum(PostViewCount.objects.values_list("count", flat=True))

    def test_post_page_carries_the_beacon(self):
        response = self.client.get(self.post.get_absolute_url())
        self.assertContains(response, f'src="{self.url}"')

    def test_a_browser_is_counted_and_gets_an_uncached_gif(self):
        response = self.client.get(self.url, headers={"user-agent": BROWSER})
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "image/gif"
        assert Image.open(BytesIO(response.content)).size == (1, 1)
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies
        assert self.views() == 1

    def test_bots_prefetches_and_missing_user_agents_are_not_counted(self):
        for headers in [
            {"user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
            {"user-agent": "facebookexternalhit/1.1"},
            {"user-agent": "curl/8.5.0"},
            {"user-agent": "Mozilla/5.0 HeadlessChrome/126.0"},
            {},
            {"user-agent": BROWSER, "sec-purpose": "prefetch"},
        ]:
            with self.subTest(headers=headers):
                self.client.get(self.url, headers=headers)
        assert self.views() == 0

    def test_staff_are_not_counted(self):
        self.client.force_login(make_staff())
        self.client.get(self.url, headers={"user-agent": BROWSER})
        assert self.views() == 0

    def test_unknown_and_huge_ids_do_no_harm(self):
        for pk in [self.post.pk + 1000, 10**30]:
            with self.subTest(pk=pk):
                response = self.client.get(
                    f"/blog/gelesen/{pk}/", headers={"user-agent": BROWSER}
                )
                assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
        assert self.views() == 0

    def test_only_get_is_allowed(self):
        response = self.client.post(self.url)
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


class VisibilityTests(TestCase):
    """
    A draft and a post scheduled a second from now appear nowhere readers
    look; a post published exactly now and one from the past do.
    """

    def test_every_reader_path(self):
        now = timezone.now()
        category = make_category(name="Thema", slug="thema")
        with mock.patch("django.utils.timezone.now", return_value=now):
            posts = {
                "Vergangen": now - timedelta(seconds=1),
                "Genau jetzt": now,
                "Zukunft": now + timedelta(seconds=1),
                "Entwurf": now - timedelta(days=1),
            }
            for title, published_at in posts.items():
                post = make_post(
                    title=title,
                    slug="",
                    category=category,
                    tags=["Gemeinsam"],
                    published_at=published_at,
                    status=Post.Status.DRAFT
                    if title == "Entwurf"
                    else Post.Status.PUBLISHED,
                )
                PostViewCount.objects.create(post=post, day=now.date(), count=9)
            local = timezone.localtime(now)
            pages = [
                reverse("blog:post_list"),
                reverse("blog:category_detail", args=["thema"]),
                reverse("blog:tag_detail", args=["gemeinsam"]),
                reverse("blog:post_year_archive", args=[local.year]),
                reverse("blog:post_month_archive", args=[local.year, local.month]),
                reverse("blog:post_detail", args=["vergangen"]),
                reverse("blog:feed"),
                reverse("blog:atom_feed"),
            ]
            for url in pages:
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertContains(response, "Genau jetzt")
                    self.assertNotContains(response, "Zukunft")
                    self.assertNotContains(response, "Entwurf")
            html = self.client.get(reverse("blog:post_list")).content.decode()
            assert re.search(r">Thema</a>\s*<span[^>]*>\(2\)</span>", html)
            from blog.sitemaps import PostSitemap

            titles = {post.slug for post in PostSitemap().items()}
            assert titles == {"vergangen", "genau-jetzt"}


class PostExtrasCacheTests(TestCase):
    def test_neighbours_and_related_posts_follow_new_content_at_once(self):
        category = make_category()
        make_post(slug="erster", category=category)
        self.assertNotContains(self.client.get("/blog/erster/"), 'rel="next"')
        make_post(slug="zweiter", category=category, published_at=timezone.now())
        response = self.client.get("/blog/erster/")
        self.assertContains(response, 'href="/blog/zweiter/" rel="next"')
        assert [p.slug for p in response.context["related_posts"]] == ["zweiter"]

    def test_staff_preview_never_uses_or_fills_the_cache(self):
        make_post(slug="live")
        draft = make_post(slug="entwurf", status=Post.Status.DRAFT)
        self.client.force_login(make_staff())
        self.assertContains(self.client.get(draft.get_absolute_url()), "Entwurf")
        self.client.logout()
        response = self.client.get(draft.get_absolute_url())
        assert response.status_code == HTTPStatus.NOT_FOUND
