"""The editor moderates comments in the admin and answers as the author."""

import io
from datetime import timedelta
from http import HTTPStatus

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from blog.models import BlockedTerm, Comment, NotificationAddress
from newsletter.models import Subscriber
from newsletter.services import is_suppressed
from tests.factories import make_staff
from tests.newsletter.factories import IMMEDIATE_TASKS, make_subscriber

from .factories import make_comment, make_post

CHANGELIST = reverse("admin:blog_comment_changelist")


def run_action(client, name, comments):
    return client.post(
        CHANGELIST,
        {"action": name, ACTION_CHECKBOX_NAME: [c.pk for c in comments]},
        follow=True,
    )


@IMMEDIATE_TASKS
class CommentAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff(first_name="Lena", last_name="Sommer")
        cls.post = make_post(title="Sichtbar werden", slug="sichtbar-werden")
        cls.other = make_post(title="Ein anderer Beitrag")
        now = timezone.now()
        cls.approved = make_comment(
            cls.post, text="Schon freigegeben.", created_at=now - timedelta(hours=1)
        )
        cls.pending_old = make_comment(
            cls.post,
            name="Miriam",
            email="miriam@example.org",
            text="Wartet seit gestern.",
            status=Comment.Status.PENDING,
            created_at=now - timedelta(days=1),
        )
        cls.pending_new = make_comment(
            cls.other,
            text="Wartet seit eben.",
            status=Comment.Status.PENDING,
            created_at=now - timedelta(minutes=1),
        )
        cls.spam = make_comment(
            cls.post, text="Kauf Pillen.", status=Comment.Status.SPAM
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_queue_lists_pending_comments_first(self):
        response = self.client.get(CHANGELIST)
        shown = list(response.context["cl"].result_list)
        assert shown[:2] == [self.pending_new, self.pending_old]
        assert set(shown[2:]) == {self.approved, self.spam}

    def test_search_finds_name_address_and_text(self):
        for term in ("Miriam", "miriam@example.org", "seit gestern"):
            with self.subTest(term):
                response = self.client.get(CHANGELIST, {"q": term})
                assert list(response.context["cl"].result_list) == [self.pending_old]

    def test_filters_by_post_and_status(self):
        response = self.client.get(
            CHANGELIST, {"post__id__exact": self.other.pk, "status__exact": "pending"}
        )
        assert list(response.context["cl"].result_list) == [self.pending_new]

    def test_bulk_approve_shows_the_comments_at_once(self):
        self.client.logout()
        self.client.get(self.post.get_absolute_url())  # now cached
        self.client.force_login(self.editor)
        response = run_action(self.client, "approve", [self.pending_old, self.spam])
        self.assertContains(response, "2 Kommentare freigegeben.")
        self.client.logout()
        page = self.client.get(self.post.get_absolute_url())
        self.assertContains(page, "Wartet seit gestern.")
        self.assertContains(page, "Kauf Pillen.")

    def test_bulk_spam_hides_and_keeps_the_comments(self):
        response = run_action(self.client, "mark_spam", [self.approved])
        self.assertContains(response, "1 Kommentar in den Spam-Ordner verschoben.")
        comment = Comment.objects.get(pk=self.approved.pk)
        assert comment.status == Comment.Status.SPAM and comment.spam_at
        self.client.logout()
        self.assertNotContains(
            self.client.get(self.post.get_absolute_url()), "Schon freigegeben."
        )

    def test_bulk_delete_removes_the_comments(self):
        response = self.client.post(
            CHANGELIST,
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [self.spam.pk, self.pending_new.pk],
                "post": "yes",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        assert not Comment.objects.filter(
            pk__in=[self.spam.pk, self.pending_new.pk]
        ).exists()

    def test_the_editor_can_correct_a_comments_text(self):
        url = reverse("admin:blog_comment_change", args=[self.approved.pk])
        self.assertContains(self.client.get(url), "Als Autorin antworten")
        response = self.client.post(
            url,
            {
                "name": self.approved.name,
                "email": self.approved.email,
                "website": "",
                "text": "Berichtigt.",
                "status": "approved",
                "reply": "",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        self.client.logout()
        self.assertContains(
            self.client.get(self.post.get_absolute_url()), "Berichtigt."
        )

    def test_a_reply_from_the_admin_is_online_at_once_and_threaded(self):
        url = reverse("admin:blog_comment_change", args=[self.pending_old.pk])
        response = self.client.post(
            url,
            {
                "name": "Miriam",
                "email": "miriam@example.org",
                "website": "",
                "text": "Wartet seit gestern.",
                "status": "pending",
                "reply": "Danke, Miriam, gute Frage!",
            },
            follow=True,
        )
        self.assertContains(response, "Deine Antwort ist online.")
        reply = Comment.objects.get(text="Danke, Miriam, gute Frage!")
        assert reply.parent == self.pending_old
        assert reply.is_author and reply.status == Comment.Status.APPROVED
        assert reply.name == "Lena Sommer"
        # Answering approved the comment too.
        assert Comment.objects.get(pk=self.pending_old.pk).status == "approved"
        self.client.logout()
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        assert html.index("Wartet seit gestern.") < html.index("comment-list--replies")
        assert html.index("comment-list--replies") < html.index("Danke, Miriam")

    def test_approving_on_the_change_form_shows_the_comment(self):
        url = reverse("admin:blog_comment_change", args=[self.pending_old.pk])
        self.client.post(
            url,
            {
                "name": "Miriam",
                "email": "miriam@example.org",
                "website": "",
                "text": "Wartet seit gestern.",
                "status": "approved",
                "reply": "",
            },
        )
        comment = Comment.objects.get(pk=self.pending_old.pk)
        assert comment.status == Comment.Status.APPROVED and comment.approved_at

    def test_comments_cannot_be_added_by_hand(self):
        response = self.client.get(reverse("admin:blog_comment_add"))
        assert response.status_code == HTTPStatus.FORBIDDEN

    def test_the_admin_index_counts_the_waiting_comments(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "2 Kommentare warten auf deine Freigabe.")
        self.assertContains(response, f"{CHANGELIST}?status__exact=pending")
        Comment.objects.filter(status=Comment.Status.PENDING).update(
            status=Comment.Status.APPROVED
        )
        self.assertNotContains(self.client.get(reverse("admin:index")), "warten auf")

    def test_blocked_terms_and_addresses_have_pages(self):
        BlockedTerm.objects.create(term="casino")
        for name in ("blockedterm", "notificationaddress"):
            with self.subTest(name):
                response = self.client.get(reverse(f"admin:blog_{name}_changelist"))
                assert response.status_code == HTTPStatus.OK
        self.assertContains(
            self.client.get(reverse("admin:blog_blockedterm_changelist")), "casino"
        )


class PruneSpamTests(TestCase):
    def test_spam_older_than_the_set_days_is_deleted(self):
        post = make_post()
        old = make_comment(
            post, status="spam", spam_at=timezone.now() - timedelta(days=31)
        )
        young = make_comment(
            post, status="spam", spam_at=timezone.now() - timedelta(days=29)
        )
        kept = make_comment(post, created_at=timezone.now() - timedelta(days=400))
        long_ago = timezone.now() - timedelta(days=31)
        NotificationAddress.objects.create(email="nie@example.org", created_at=long_ago)
        confirmed = NotificationAddress.objects.create(
            email="ja@example.org", created_at=long_ago, confirmed_at=long_ago
        )
        out = io.StringIO()
        call_command("prune_spam_comments", "--dry-run", stdout=out)
        assert (
            "Würde 1 Spam-Kommentar(e) und 1 unbestätigte "
            "Benachrichtigungsadresse(n) löschen."
        ) in out.getvalue()
        assert Comment.objects.filter(pk=old.pk).exists()
        out = io.StringIO()
        call_command("prune_spam_comments", stdout=out)
        assert "1 Spam-Kommentar(e) und 1 unbestätigte" in out.getvalue()
        assert set(Comment.objects.all()) == {young, kept}
        assert list(NotificationAddress.objects.all()) == [confirmed]


class PersonalDataTests(TestCase):
    """The newsletter's GDPR tool finds and erases commenters too."""

    url = reverse("admin:newsletter_personal_data")

    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(title="Sichtbar werden")
        cls.anna = make_comment(
            cls.post, name="Anna", email="Anna@Example.org", text="Annas Gedanke."
        )
        cls.answer = make_comment(cls.post, parent=cls.anna, text="Antwort an Anna.")
        cls.other = make_comment(cls.post, name="Jonas", text="Jonas bleibt.")
        address = NotificationAddress.objects.create(email="anna@example.org")
        address.subscriptions.create(post=cls.post)
        make_subscriber(email="anna@example.org")

    def setUp(self):
        self.client.force_login(make_staff())

    def test_the_search_lists_the_subscription_comments_and_notifications(self):
        response = self.client.get(self.url, {"email": "ANNA@example.org"})
        self.assertContains(response, "Abonnent*in (Bestätigt)")
        self.assertContains(response, "zu „Sichtbar werden“ (Freigegeben) als „Anna“")
        self.assertContains(
            response,
            "Benachrichtigung über Antworten (unbestätigt) zu: „Sichtbar werden“",
        )

    def test_nothing_found_says_so(self):
        self.assertContains(
            self.client.get(self.url, {"email": "niemand@example.org"}),
            "Zu niemand@example.org ist nichts gespeichert.",
        )

    def test_delete_erases_everything_including_the_comments(self):
        response = self.client.post(
            self.url, {"email": "anna@example.org", "erase": "delete"}, follow=True
        )
        self.assertContains(response, "Alle Daten zu anna@example.org sind gelöscht.")
        assert list(Comment.objects.all()) == [self.other]
        assert not NotificationAddress.objects.exists()
        assert not Subscriber.objects.exists()
        assert is_suppressed(email="anna@example.org")

    def test_anonymise_keeps_only_the_text(self):
        self.client.get(self.post.get_absolute_url())
        self.client.post(self.url, {"email": "anna@example.org", "erase": "anonymise"})
        kept = Comment.objects.get(pk=self.anna.pk)
        assert (kept.name, kept.email, kept.website) == ("Anonym", "", "")
        assert kept.text == "Annas Gedanke."
        assert not NotificationAddress.objects.exists()
        assert not Subscriber.objects.exists()
        self.client.logout()
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        assert "Annas Gedanke." in html and "Antwort an Anna." in html
        assert ">Anna<" not in html
