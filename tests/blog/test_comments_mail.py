"""
The mails around comments, over a real SMTP server: the author hears of new
comments (a digest when many come), readers confirm reply notifications
(double opt-in) and stop them with one click.
"""

import re
from datetime import timedelta
from http import HTTPStatus
from urllib.parse import urlsplit

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.comments import services
from blog.models import BlockedTerm, Comment, NotificationAddress
from tests.factories import make_staff
from tests.newsletter.factories import IMMEDIATE_TASKS, SAME_ORIGIN
from tests.newsletter.smtp import SMTPServerMixin

from .factories import comment_data, make_comment, make_post

LINK = re.compile(r"http://testserver(/blog/kommentare/[^\s]+/)")


def path_of(url: str) -> str:
    return urlsplit(url).path


def header(mail, name: str) -> str:
    # A long header is folded onto its next line; the fold is no content.
    return mail.message[name].strip()


def subject(mail) -> str:
    return header(mail, "Subject")


@IMMEDIATE_TASKS
@override_settings(SITE_URL="http://testserver", COMMENTS_MAIL_INTERVAL=15)
class AuthorMailTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = make_staff(email="autorin@example.org", first_name="Lena")
        cls.post = make_post(title="Sichtbar werden", slug="sichtbar-werden")

    def send(self, **overrides):
        return self.client.post(
            reverse("blog:comment_create", args=[self.post.slug]),
            comment_data(self.post, **overrides),
            headers=SAME_ORIGIN,
        )

    def test_a_new_comment_mails_the_author_with_a_link_into_the_admin(self):
        self.send(text="Ein kluger Gedanke.")
        comment = Comment.objects.get()
        [mail] = self.smtp.messages
        assert mail.rcpt_tos == ["autorin@example.org"]
        assert subject(mail) == ("Neuer Kommentar von Anna Becker zu „Sichtbar werden“")
        assert "Anna Becker zu „Sichtbar werden“" in mail.text
        assert "Ein kluger Gedanke." in mail.text
        assert "Wartet auf Freigabe" in mail.text
        assert f"http://testserver/admin/blog/comment/{comment.pk}/change/" in mail.text

    def test_many_comments_at_once_arrive_as_one_digest(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.send(text="Erster.")
            self.send(text="Zweiter.", name="Jonas")
            self.send(text="Dritter.", name="Miriam")
        assert [subject(m) for m in self.smtp.messages] == [
            "Neuer Kommentar von Anna Becker zu „Sichtbar werden“"
        ]
        with time_machine.travel(start + timedelta(minutes=10), tick=False):
            assert services.send_moderation_mail() == 0
        # What the job queued for the end of the interval does:
        with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
            assert services.send_moderation_mail() == 2
            assert services.send_moderation_mail() == 0
        digest = self.smtp.messages[1]
        assert subject(digest) == "2 neue Kommentare"
        assert "Jonas zu „Sichtbar werden“" in digest.text
        assert "Zweiter." in digest.text and "Dritter." in digest.text
        assert "Erster." not in digest.text
        assert len(self.smtp.messages) == 2

    def test_spam_mails_nobody(self):
        BlockedTerm.objects.create(term="casino")
        self.send(text="Bestes Casino")
        self.send(text="Ich bin ein Skript", homepage="https://bot.example")
        assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 2
        assert self.smtp.messages == []

    @override_settings(COMMENTS_NOTIFY_EMAILS=["postfach@example.org"])
    def test_the_setting_names_who_gets_the_mail(self):
        self.send()
        assert [m.rcpt_tos for m in self.smtp.messages] == [["postfach@example.org"]]


@override_settings(COMMENTS_MAIL_INTERVAL=15)
class DigestQueueTests(TestCase):
    """With the database queue, the digest job waits for the interval."""

    def test_the_job_runs_when_the_interval_since_the_last_mail_is_over(self):
        post = make_post()
        last = timezone.now() - timedelta(minutes=5)
        make_comment(post, author_notified_at=last)
        services.queue_moderation_mail()
        job = DBTaskResult.objects.get()
        assert job.task_path.endswith("send_moderation_mail_task")
        assert abs(job.run_after - (last + timedelta(minutes=15))) < timedelta(
            seconds=1
        )

    def test_without_a_recent_mail_the_job_runs_at_once(self):
        services.queue_moderation_mail()
        assert DBTaskResult.objects.get().run_after > timezone.now() + timedelta(
            days=365
        )  # django-tasks' "no date" marker: run as soon as possible


@IMMEDIATE_TASKS
@override_settings(SITE_URL="http://testserver")
class ReplyNotificationTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = make_staff(
            email="autorin@example.org", first_name="Lena", last_name="Sommer"
        )
        cls.post = make_post(title="Sichtbar werden", slug="sichtbar-werden")
        cls.other_post = make_post(title="Ein anderer Beitrag")

    def send(self, post=None, **overrides):
        post = post or self.post
        return self.client.post(
            reverse("blog:comment_create", args=[post.slug]),
            comment_data(post, **overrides),
            headers=SAME_ORIGIN,
        )

    def mails_to(self, address):
        return self.smtp.to(address)

    def confirm_anna(self):
        self.send(notify="1")
        [mail] = self.mails_to("anna@example.org")
        link = path_of(LINK.search(mail.text)[0])
        self.client.post(link, headers=SAME_ORIGIN)
        self.smtp.handler.reset()
        return Comment.objects.get(email="anna@example.org")

    def test_ticking_the_box_sends_a_confirmation_and_the_button_confirms(self):
        self.send(notify="1")
        [mail] = self.mails_to("anna@example.org")
        assert subject(mail) == ("Bitte bestätige: Benachrichtigung über Antworten")
        assert "auf deinen Kommentar zu „Sichtbar werden“ antwortet" in mail.text
        link = path_of(LINK.search(mail.text)[0])
        assert link.startswith("/blog/kommentare/benachrichtigung/bestaetigen/")
        # Opening the link (as a mail scanner does) confirms nothing.
        self.assertContains(self.client.get(link), "Benachrichtigungen bestätigen")
        assert NotificationAddress.objects.get().confirmed_at is None
        response = self.client.post(link, headers=SAME_ORIGIN)
        self.assertContains(response, "Danke, das hat geklappt!")
        assert NotificationAddress.objects.get().confirmed_at is not None
        assert not response.cookies

    def test_without_the_box_no_confirmation_is_sent(self):
        self.send()
        assert self.mails_to("anna@example.org") == []
        assert not NotificationAddress.objects.exists()

    def test_at_most_one_confirmation_mail_a_day(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.send(notify="1", text="Eins.")
            self.send(notify="1", text="Zwei.")
            self.send(self.other_post, notify="1", text="Drei.")
        assert len(self.mails_to("anna@example.org")) == 1
        with time_machine.travel(start + timedelta(hours=25), tick=False):
            self.send(notify="1", text="Vier.")
        assert len(self.mails_to("anna@example.org")) == 2

    def test_the_authors_reply_reaches_a_confirmed_follower(self):
        anna = self.confirm_anna()
        services.approve(comments=[anna])
        reply = services.reply_as_author(
            parent=anna, text="Schön, dass du da bist!", user=self.author
        )
        [mail] = self.mails_to("anna@example.org")
        assert subject(mail) == "Neue Antwort zu „Sichtbar werden“"
        assert "Lena Sommer hat unter „Sichtbar werden“" in mail.text
        assert "Schön, dass du da bist!" in mail.text
        assert (
            f"http://testserver{self.post.get_absolute_url()}#{reply.anchor}"
            in mail.text
        )
        stop_post, stop_all = LINK.findall(mail.text)
        assert stop_post != stop_all
        assert header(mail, "List-Unsubscribe") == f"<http://testserver{stop_post}>"
        assert header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"

    def test_an_unconfirmed_follower_hears_nothing(self):
        self.send(notify="1")
        self.smtp.handler.reset()
        anna = Comment.objects.get()
        services.reply_as_author(parent=anna, text="Danke!", user=self.author)
        assert self.mails_to("anna@example.org") == []

    def test_a_readers_reply_notifies_only_once_it_is_approved_and_only_once(self):
        anna = self.confirm_anna()
        services.approve(comments=[anna])
        self.send(parent=str(anna.pk), name="Jonas", email="jonas@example.org")
        jonas = Comment.objects.get(name="Jonas")
        assert self.mails_to("anna@example.org") == []
        services.approve(comments=[jonas])
        assert len(self.mails_to("anna@example.org")) == 1
        services.mark_spam(comments=[jonas])
        services.approve(comments=[Comment.objects.get(pk=jonas.pk)])
        assert len(self.mails_to("anna@example.org")) == 1

    def test_nobody_is_told_of_their_own_reply(self):
        anna = self.confirm_anna()
        services.approve(comments=[anna])
        self.send(parent=str(anna.pk), text="Nachtrag von mir.")
        services.approve(comments=Comment.objects.filter(text="Nachtrag von mir."))
        assert self.mails_to("anna@example.org") == []

    def test_the_stop_link_ends_notifications_for_that_post(self):
        anna = self.confirm_anna()
        self.send(self.other_post, notify="1", text="Auch hier.")
        services.approve(comments=Comment.objects.all())
        services.reply_as_author(parent=anna, text="Antwort eins", user=self.author)
        stop_post, _ = LINK.findall(self.mails_to("anna@example.org")[0].text)
        self.assertContains(
            self.client.get(stop_post), "Für diesen Beitrag abbestellen"
        )
        response = self.client.post(stop_post)
        self.assertContains(
            response, "Zu „Sichtbar werden“ bekommst du keine Benachrichtigungen mehr."
        )
        services.reply_as_author(parent=anna, text="Antwort zwei", user=self.author)
        other = Comment.objects.get(text="Auch hier.")
        services.reply_as_author(parent=other, text="Antwort drei", user=self.author)
        texts = [m.text for m in self.mails_to("anna@example.org")]
        assert len(texts) == 2
        assert "Antwort drei" in texts[1]

    def test_the_stop_all_link_forgets_the_address(self):
        anna = self.confirm_anna()
        services.approve(comments=[anna])
        services.reply_as_author(parent=anna, text="Antwort", user=self.author)
        _, stop_all = LINK.findall(self.mails_to("anna@example.org")[0].text)
        self.assertContains(self.client.get(stop_all), "Für alle Beiträge abbestellen")
        # A mail program's one-click POST comes without Origin.
        response = self.client.post(stop_all)
        self.assertContains(response, "Du bekommst keine Benachrichtigungen")
        assert not NotificationAddress.objects.exists()

    def test_a_confirmation_link_older_than_a_week_has_expired(self):
        old_post = make_post(published_at=timezone.now() - timedelta(days=30))
        with time_machine.travel(timezone.now() - timedelta(days=8)):
            self.send(old_post, notify="1")
        link = path_of(LINK.search(self.mails_to("anna@example.org")[0].text)[0])
        response = self.client.post(link, headers=SAME_ORIGIN)
        self.assertContains(
            response, "Dieser Link ist abgelaufen", status_code=HTTPStatus.GONE
        )
        assert NotificationAddress.objects.get().confirmed_at is None

    def test_a_broken_link_says_so(self):
        for path in (
            reverse("blog:comment_notifications_stop", args=["kaputt"]),
            reverse("blog:comment_notifications_confirm", args=["kaputt"]),
        ):
            with self.subTest(path):
                self.assertContains(
                    self.client.get(path),
                    "Dieser Link funktioniert nicht",
                    status_code=HTTPStatus.NOT_FOUND,
                )
