from datetime import timedelta
from http import HTTPStatus

from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blog.models import Category, GalleryImage, OldSlug, Post, Tag
from tests.factories import make_staff

from .factories import gps_exif, jpeg_upload, make_category, make_post

ADD_URL = reverse("admin:blog_post_add")
CHANGELIST_URL = reverse("admin:blog_post_changelist")


class PostAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff(first_name="Lena", last_name="Sommer")
        cls.category = make_category(name="Strategie")
        cls.post = make_post(
            title="Grüße aus der Werkstatt", slug="", category=cls.category
        )
        cls.draft = make_post(title="Noch ein Entwurf", status=Post.Status.DRAFT)

    def setUp(self):
        self.client.force_login(self.user)

    def form_data(self, **overrides) -> dict:
        now = timezone.localtime()
        return {
            "title": "Grüße an Straße",
            "slug": "",
            "category": self.category.pk,
            "tags": "Übung, blog",
            "excerpt": "",
            "body": "## Hallo\n\nEin Text.",
            "status": Post.Status.PUBLISHED,
            "published_at_0": now.strftime("%d.%m.%Y"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "author": "",
            "meta_description": "",
            "cover_alt": "",
            "cover_caption": "",
            "cover_credit": "",
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
        } | overrides

    def test_changelist_search_and_filters_work(self):
        assert self.client.get(CHANGELIST_URL).status_code == HTTPStatus.OK
        response = self.client.get(CHANGELIST_URL, {"q": "Werkstatt"})
        self.assertContains(response, "Grüße aus der Werkstatt")
        self.assertNotContains(response, "Noch ein Entwurf")
        response = self.client.get(CHANGELIST_URL, {"status__exact": "draft"})
        self.assertContains(response, "Noch ein Entwurf")
        response = self.client.get(CHANGELIST_URL, {"category__id__exact": "0"})
        assert response.status_code == HTTPStatus.OK

    def test_changelist_shows_whether_a_post_is_online(self):
        make_post(title="Bald", published_at=timezone.now() + timedelta(days=1))
        response = self.client.get(CHANGELIST_URL)
        for label in ["Online", "Entwurf", "Geplant"]:
            self.assertContains(response, label)

    def test_add_page_has_the_editor_and_the_author_preselected(self):
        response = self.client.get(ADD_URL)
        self.assertContains(response, "markdownx")
        self.assertContains(response, "js/blog-admin-slug.js")
        assert response.context["adminform"].form.initial["author"] == self.user.pk

    def test_change_page_links_to_the_post_on_the_site(self):
        url = reverse("admin:blog_post_change", args=[self.post.pk])
        self.assertContains(self.client.get(url), "Auf der Website anzeigen")

    def test_adding_with_an_empty_slug_transliterates_the_title(self):
        response = self.client.post(ADD_URL, self.form_data())
        assert response.status_code == HTTPStatus.FOUND, response.context[
            "adminform"
        ].form.errors
        post = Post.objects.get(title="Grüße an Straße")
        assert post.slug == "gruesse-an-strasse"
        assert post.author == self.user
        assert sorted(post.tags.slugs()) == ["blog", "uebung"]

    def test_changing_the_slug_keeps_the_old_address(self):
        url = reverse("admin:blog_post_change", args=[self.post.pk])
        data = self.form_data(title=self.post.title, slug="werkstatt-gruesse")
        response = self.client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND
        assert OldSlug.objects.get().slug == "gruesse-aus-der-werkstatt"

    def test_publish_and_unpublish_actions_report_what_they_did(self):
        scheduled = make_post(
            status=Post.Status.DRAFT,
            published_at=timezone.now() + timedelta(days=3),
        )
        response = self.client.post(
            CHANGELIST_URL,
            {
                "action": "publish",
                "_selected_action": [self.draft.pk, scheduled.pk, self.post.pk],
            },
            follow=True,
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages == [
            "2 Beiträge veröffentlicht. 1 davon erscheint erst zu seinem "
            "Veröffentlichungsdatum."
        ]
        assert Post.objects.filter(status=Post.Status.DRAFT).count() == 0
        response = self.client.post(
            CHANGELIST_URL,
            {"action": "unpublish", "_selected_action": [self.post.pk]},
            follow=True,
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages == ["1 Beitrag ist jetzt ein Entwurf."]
        self.post.refresh_from_db()
        assert self.post.status == Post.Status.DRAFT

    def test_cover_upload_is_re_encoded_without_exif(self):
        data = self.form_data(
            cover=jpeg_upload("urlaub.jpg", size=(800, 600), exif=gps_exif()),
            cover_alt="Ein Strand",
        )
        response = self.client.post(ADD_URL, data)
        assert response.status_code == HTTPStatus.FOUND
        post = Post.objects.get(title="Grüße an Straße")
        assert "urlaub" not in post.cover.name
        with default_storage.open(post.cover.name) as file, Image.open(file) as image:
            assert not image.getexif()
            assert "exif" not in image.info
        renditions = post.cover_renditions["renditions"]
        assert {r["format"] for r in renditions} == {"webp", "jpeg"}
        for rendition in renditions:
            assert default_storage.exists(rendition["name"])
            with default_storage.open(rendition["name"]) as file:
                assert not Image.open(file).getexif()

    def test_disguised_and_broken_files_are_refused_with_a_clear_message(self):
        cases = [
            (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
            (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
            (b"<html><body>Hallo</body></html>", "HTML"),
            (jpeg_upload(size=(200, 200)).read()[:300], "beschädigt"),
        ]
        for content, message in cases:
            with self.subTest(message=message):
                upload = SimpleUploadedFile(
                    "foto.jpg", content, content_type="image/jpeg"
                )
                data = self.form_data(cover=upload, cover_alt="Bild")
                response = self.client.post(ADD_URL, data)
                assert response.status_code == HTTPStatus.OK
                self.assertContains(response, message)
                assert not Post.objects.filter(title="Grüße an Straße").exists()

    def test_a_cover_needs_alt_text(self):
        response = self.client.post(ADD_URL, self.form_data(cover=jpeg_upload()))
        self.assertContains(response, "Bitte beschreibe das Titelbild")
        assert not Post.objects.filter(title="Grüße an Straße").exists()

    def test_gallery_images_are_added_in_the_inline(self):
        data = self.form_data(
            **{
                "gallery_images-TOTAL_FORMS": "1",
                "gallery_images-0-image": jpeg_upload("bild.png", exif=gps_exif()),
                "gallery_images-0-alt": "Flipchart",
                "gallery_images-0-caption": "Gruppenarbeit",
                "gallery_images-0-credit": "Foto: Lena Sommer",
                "gallery_images-0-order": "1",
            }
        )
        response = self.client.post(ADD_URL, data)
        assert response.status_code == HTTPStatus.FOUND
        image = GalleryImage.objects.get()
        assert image.renditions["renditions"]
        with default_storage.open(image.image.name) as file:
            assert not Image.open(file).getexif()


class OtherAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff()
        make_post(tags=["Übung"], category=make_category(name="Events"))

    def setUp(self):
        self.client.force_login(self.user)

    def test_category_pages(self):
        url = reverse("admin:blog_category_changelist")
        self.assertContains(self.client.get(url, {"q": "Even"}), "Events")
        assert self.client.get(reverse("admin:blog_category_add")).status_code == 200

    def test_category_autocomplete_for_posts(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": "Eve",
                "app_label": "blog",
                "model_name": "post",
                "field_name": "category",
            },
        )
        self.assertContains(response, "Events")

    def test_adding_a_category_without_slug_transliterates_its_name(self):
        response = self.client.post(
            reverse("admin:blog_category_add"),
            {"name": "Öffentlichkeit", "slug": "", "description": "", "order": "0"},
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Category.objects.get(name="Öffentlichkeit").slug == "oeffentlichkeit"

    def test_tag_pages(self):
        url = reverse("admin:blog_tag_changelist")
        self.assertContains(self.client.get(url, {"q": "Üb"}), "Übung")
        tag = Tag.objects.get()
        change = reverse("admin:blog_tag_change", args=[tag.pk])
        assert self.client.get(change).status_code == HTTPStatus.OK

    def test_old_addresses_are_listed(self):
        url = reverse("admin:blog_oldslug_changelist")
        assert self.client.get(url).status_code == HTTPStatus.OK

    def test_user_page_has_the_author_profile(self):
        url = reverse("admin:auth_user_change", args=[self.user.pk])
        self.assertContains(self.client.get(url), "Kurzbiografie")

    def test_only_the_blogs_own_tags_are_in_the_admin(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, reverse("admin:blog_tag_changelist"))
        self.assertNotContains(response, "/admin/taggit/")
