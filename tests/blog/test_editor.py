"""The writing screen on posts: revisions, autosave, conflicts, preview."""

from datetime import timedelta
from http import HTTPStatus

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from blog.admin import publication_line
from blog.models import Post
from pusteblume_site import revisions
from pusteblume_site.editor import images_without_alt
from pusteblume_site.markdown import MAX_MARKDOWN_LENGTH
from pusteblume_site.models import Revision
from tests.factories import make_staff

from .factories import make_category, make_post


def change_url(post) -> str:
    return reverse("admin:blog_post_change", args=[post.pk])


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff(first_name="Lena", last_name="Sommer")
        cls.category = make_category(name="Schreiben")

    def setUp(self):
        self.client.force_login(self.user)
        self.post = make_post(
            title="Der erste Satz",
            body="Alter Text.",
            category=self.category,
            status=Post.Status.DRAFT,
        )

    def form_data(self, post, **overrides) -> dict:
        when = timezone.localtime(post.published_at)
        return {
            "title": post.title,
            "slug": post.slug,
            "category": self.category.pk,
            "tags": "",
            "excerpt": post.excerpt,
            "body": post.body,
            "status": post.status,
            "published_at_0": when.strftime("%d.%m.%Y"),
            "published_at_1": when.strftime("%H:%M:%S"),
            "author": "",
            "comments_enabled": "on",
            "meta_description": "",
            "cover_alt": "",
            "cover_caption": "",
            "cover_credit": "",
            "opened_version": post.updated_at.isoformat(),
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
        } | overrides


class RevisionTests(EditorTestCase):
    def test_saving_keeps_the_previous_and_the_new_text(self):
        response = self.client.post(
            change_url(self.post), self.form_data(self.post, body="Neuer Text.")
        )
        assert response.status_code == HTTPStatus.FOUND
        kept = [r.fields["body"] for r in revisions.revisions_of(self.post)]
        assert kept == ["Neuer Text.", "Alter Text."]
        assert revisions.revisions_of(self.post).first().author == self.user

    def test_saving_without_changes_keeps_no_second_copy(self):
        revisions.record(obj=self.post, user=self.user)
        revisions.record(obj=self.post, user=self.user)
        assert revisions.revisions_of(self.post).count() == 1

    def test_revision_list_shows_times_and_authors(self):
        revisions.record(obj=self.post, user=self.user)
        url = reverse("admin:blog_post_revisions", args=[self.post.pk])
        response = self.client.get(url)
        self.assertContains(response, "Lena Sommer")
        self.assertContains(response, "(aktuell)")

    def test_compare_shows_both_sides_escaped(self):
        old = revisions.record(obj=self.post, user=self.user)
        self.post.body = "Neu mit <script>alert(1)</script>"
        self.post.save()
        revisions.record(obj=self.post, user=self.user)
        url = reverse("admin:blog_post_revision_compare", args=[self.post.pk, old.pk])
        response = self.client.get(url)
        self.assertContains(response, "Alter Text.")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")

    def test_restore_brings_the_old_text_back_and_keeps_the_newer_one(self):
        old = revisions.record(obj=self.post, user=self.user)
        self.post.body = "Verworfene Fassung."
        self.post.save()
        revisions.record(obj=self.post, user=self.user)
        url = reverse("admin:blog_post_revision_compare", args=[self.post.pk, old.pk])
        response = self.client.post(url)
        self.assertRedirects(response, change_url(self.post))
        self.post.refresh_from_db()
        assert self.post.body == "Alter Text."
        bodies = [r.fields["body"] for r in revisions.revisions_of(self.post)]
        assert "Verworfene Fassung." in bodies

    def test_a_revision_of_another_post_is_404(self):
        other = make_post(category=self.category)
        revision = revisions.record(obj=other, user=self.user)
        url = reverse(
            "admin:blog_post_revision_compare", args=[self.post.pk, revision.pk]
        )
        assert self.client.get(url).status_code == HTTPStatus.NOT_FOUND


class ThinningTests(EditorTestCase):
    def keep(self, *, days_ago: float) -> Revision:
        return Revision.objects.create(
            content_type=revisions.ContentType.objects.get_for_model(Post),
            object_id=self.post.pk,
            kind=Revision.Kind.SAVE,
            fields={"title": "t", "excerpt": "", "body": str(days_ago)},
            created_at=timezone.now() - timedelta(days=days_ago),
        )

    def test_keeps_the_last_week_and_one_a_day_before(self):
        recent = [self.keep(days_ago=d) for d in (0.1, 0.2, 3, 6)]
        older_same_day = [self.keep(days_ago=20), self.keep(days_ago=20.01)]
        revisions.thin(obj=self.post)
        kept = set(revisions.revisions_of(self.post).values_list("pk", flat=True))
        assert {r.pk for r in recent} <= kept
        assert older_same_day[0].pk in kept
        assert older_same_day[1].pk not in kept

    def test_keeps_at_most_fifty(self):
        for hour in range(60):
            self.keep(days_ago=hour / 24)
        revisions.thin(obj=self.post)
        assert revisions.revisions_of(self.post).count() == revisions.MAX_REVISIONS


class AutosaveTests(EditorTestCase):
    def autosave(self, **data):
        url = reverse("admin:blog_post_editor_autosave")
        return self.client.post(url, {"object_id": self.post.pk, **data})

    def test_autosave_never_touches_the_live_post(self):
        response = self.autosave(title="Der erste Satz", body="Halber Satz, und")
        assert response.status_code == HTTPStatus.OK
        self.post.refresh_from_db()
        assert self.post.body == "Alter Text."
        autosaves = Revision.objects.filter(kind=Revision.Kind.AUTOSAVE)
        assert autosaves.get().fields["body"] == "Halber Satz, und"

    def test_reopening_offers_to_restore_and_restoring_fills_the_form(self):
        self.autosave(title="Der erste Satz", body="Halber Satz, und")
        response = self.client.get(change_url(self.post))
        self.assertContains(response, "Ungespeicherte Änderungen wiederherstellen")
        response = self.client.get(change_url(self.post), {"autosave": "1"})
        self.assertContains(response, "Halber Satz, und")
        self.post.refresh_from_db()
        assert self.post.body == "Alter Text."

    def test_saving_drops_the_autosave(self):
        self.autosave(body="Halber Satz, und")
        self.client.post(change_url(self.post), self.form_data(self.post))
        assert not Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).exists()
        response = self.client.get(change_url(self.post))
        self.assertNotContains(response, "Ungespeicherte Änderungen")

    def test_autosave_of_an_unknown_id_is_a_clear_error(self):
        response = self.autosave(object_id="abc", body="x")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["error"] == "Unbekannter Text."

    def test_anonymous_visitors_cannot_autosave(self):
        self.client.logout()
        response = self.autosave(body="x")
        assert response.status_code == HTTPStatus.FOUND
        assert not Revision.objects.exists()


class ConflictTests(EditorTestCase):
    def test_saving_over_a_newer_save_warns_and_keeps_the_other_text(self):
        data = self.form_data(self.post, body="Meine Fassung.")
        Post.objects.filter(pk=self.post.pk).update(
            body="Ihre Fassung.", updated_at=timezone.now() + timedelta(seconds=5)
        )
        response = self.client.post(change_url(self.post), data)
        assert response.status_code == HTTPStatus.OK
        self.assertContains(response, "nachdem du ihn geöffnet hast")
        self.assertContains(response, "Meine Fassung.")
        self.post.refresh_from_db()
        assert self.post.body == "Ihre Fassung."
        # The form now carries the newer version: saving again overwrites.
        form = response.context["adminform"].form
        again = data | {"opened_version": form.data["opened_version"]}
        response = self.client.post(change_url(self.post), again)
        assert response.status_code == HTTPStatus.FOUND
        self.post.refresh_from_db()
        assert self.post.body == "Meine Fassung."


class AltTextWarningTests(EditorTestCase):
    def test_images_without_alt_are_found(self):
        text = "![](/a.jpg)\n\n![Ein Hund](/b.jpg)\n\n<img src='/c.png'>"
        assert images_without_alt(text) == ["/a.jpg", "/c.png"]

    def test_saving_warns_but_saves(self):
        body = "Text.\n\n![](/media/uploads/x.jpg)"
        response = self.client.post(
            change_url(self.post), self.form_data(self.post, body=body)
        )
        assert response.status_code == HTTPStatus.FOUND
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("ohne Alternativtext" in t and "x.jpg" in t for t in texts)
        self.post.refresh_from_db()
        assert self.post.body == body


class PreviewTests(EditorTestCase):
    def test_preview_is_a_whole_page_in_the_site_stylesheet(self):
        url = reverse("admin:blog_post_editor_preview")
        response = self.client.post(
            url, {"object_id": self.post.pk, "title": "T", "body": "## Zwischentitel"}
        )
        self.assertContains(response, "css/site.css")
        self.assertContains(response, 'class="prose post__body"')
        self.assertContains(response, "Zwischentitel</h2>")

    def test_preview_sanitises_like_the_site(self):
        url = reverse("admin:blog_post_editor_preview")
        response = self.client.post(url, {"body": "<script>alert(1)</script>Hallo"})
        self.assertNotContains(response, "<script>alert")

    def test_preview_answers_only_post(self):
        url = reverse("admin:blog_post_editor_preview")
        assert self.client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


class PublicationLineTests(TestCase):
    def test_scheduled_post_says_weekday_day_and_time(self):
        now = timezone.localtime()
        when = (now + timedelta(days=2)).replace(hour=9, minute=0)
        line = publication_line(status="published", published_at=when)
        assert line.startswith("Erscheint am ")
        assert line.endswith("um 9:00 Uhr.")
        weekdays = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
        weekdays += ["Samstag", "Sonntag"]
        assert weekdays[when.weekday()] in line

    def test_draft_says_it_waits(self):
        line = publication_line(status="draft", published_at=timezone.now())
        assert line.startswith("Entwurf")

    def test_live_post_says_since_when(self):
        line = publication_line(
            status="published", published_at=timezone.now() - timedelta(days=1)
        )
        assert line.startswith("Online seit ")


class RevisionWithoutAuthorTests(EditorTestCase):
    def test_list_names_an_unknown_author(self):
        revisions.record(obj=self.post, user=None)
        url = reverse("admin:blog_post_revisions", args=[self.post.pk])
        self.assertContains(self.client.get(url), "unbekannt")


class ImageLibraryTests(EditorTestCase):
    def test_earlier_uploads_are_offered_again(self):
        from io import BytesIO

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        buffer = BytesIO()
        Image.new("RGB", (640, 400), "#8f2d56").save(buffer, "PNG")
        upload = SimpleUploadedFile("b.png", buffer.getvalue(), "image/png")
        response = self.client.post(reverse("markdownx_upload"), {"image": upload})
        code = response.json()["image_code"]
        response = self.client.get(reverse("editor_library"))
        images = response.json()["images"]
        assert any(image["url"] in code for image in images)

    def test_the_library_is_for_staff_only(self):
        self.client.logout()
        response = self.client.get(reverse("editor_library"))
        assert response.status_code == HTTPStatus.FOUND


class OversizedTextTests(EditorTestCase):
    def test_autosave_refuses_a_text_beyond_the_limit_in_german(self):
        url = reverse("admin:blog_post_editor_autosave")
        body = "x" * (MAX_MARKDOWN_LENGTH + 1)
        response = self.client.post(url, {"object_id": self.post.pk, "body": body})
        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        assert "länger als 200.000 Zeichen" in response.json()["error"]
        assert not Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).exists()

    def test_preview_says_why_it_shows_nothing(self):
        url = reverse("admin:blog_post_editor_preview")
        body = "x" * (MAX_MARKDOWN_LENGTH + 1)
        response = self.client.post(url, {"body": body})
        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        self.assertContains(
            response,
            "länger als 200.000 Zeichen",
            status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        )
