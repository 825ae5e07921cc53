"""The admin's start page ("Übersicht") and sending a post as a newsletter."""

from datetime import timedelta
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, Post, PostViewCount
from newsletter.models import Issue, Subscriber
from tests.factories import make_staff
from tests.newsletter.factories import make_subscriber

from .factories import make_comment, make_post

INDEX_URL = reverse("admin:index")


class OverviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff()
        cls.live = make_post(title="Lampenfieber? Gut so!")
        cls.draft = make_post(title="Halbfertige Gedanken", status=Post.Status.DRAFT)
        cls.scheduled = make_post(
            title="Kommt bald", published_at=timezone.now() + timedelta(days=3)
        )
        cls.comment = make_comment(
            cls.live, name="Leonie", status=Comment.Status.PENDING, approved_at=None
        )
        PostViewCount.objects.create(post=cls.live, day=timezone.localdate(), count=42)
        make_subscriber()
        make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)

    def setUp(self):
        self.client.force_login(self.user)

    def test_start_page_shows_the_editors_week(self):
        response = self.client.get(INDEX_URL)
        for text in [
            "Übersicht",
            "Neuer Beitrag",
            "Neue Seite",
            "Newsletter schreiben",
            "Halbfertige Gedanken",
            "Kommt bald",
            "Leonie",
            "42 Aufrufe",
        ]:
            self.assertContains(response, text)

    def test_newsletter_figures(self):
        response = self.client.get(INDEX_URL)
        self.assertContains(response, "<dt>Bestätigt</dt><dd>1</dd>", html=False)
        self.assertContains(
            response, "<dt>Abgemeldet diesen Monat</dt><dd>1</dd>", html=False
        )

    def test_approve_button_approves_and_returns_to_the_start_page(self):
        url = reverse("admin:blog_comment_approve", args=[self.comment.pk])
        response = self.client.post(url)
        self.assertRedirects(response, INDEX_URL)
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.APPROVED

    def test_approve_by_get_changes_nothing(self):
        url = reverse("admin:blog_comment_approve", args=[self.comment.pk])
        self.client.get(url)
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.PENDING

    def test_task_results_are_hidden_from_editors_who_are_not_superusers(self):
        editor = get_user_model().objects.create_user(
            username="helferin", password="ein-sicheres-testpasswort", is_staff=True
        )
        self.client.force_login(editor)
        response = self.client.get(INDEX_URL)
        assert response.status_code == HTTPStatus.OK
        self.assertNotContains(response, "Hintergrundaufgaben")
        self.client.force_login(self.user)
        self.assertContains(self.client.get(INDEX_URL), "Hintergrundaufgaben")


class SendAsNewsletterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff()
        cls.post = make_post(title="Fünf Fragen", excerpt="Bevor du schreibst.")

    def setUp(self):
        self.client.force_login(self.user)

    def test_live_post_form_offers_it(self):
        url = reverse("admin:blog_post_change", args=[self.post.pk])
        self.assertContains(self.client.get(url), "Als Newsletter senden")

    def test_creates_a_prefilled_draft_issue_with_a_link_back(self):
        url = reverse("admin:newsletter_issue_from_post", args=[self.post.pk])
        response = self.client.post(url)
        issue = Issue.objects.get()
        self.assertRedirects(
            response, reverse("admin:newsletter_issue_change", args=[issue.pk])
        )
        assert issue.subject == "Fünf Fragen"
        assert issue.preheader == "Bevor du schreibst."
        assert self.post.get_absolute_url() in issue.body
        assert issue.status == Issue.Status.DRAFT

    def test_a_draft_post_cannot_be_sent(self):
        draft = make_post(status=Post.Status.DRAFT)
        url = reverse("admin:newsletter_issue_from_post", args=[draft.pk])
        assert self.client.post(url).status_code == HTTPStatus.NOT_FOUND
        assert not Issue.objects.exists()
