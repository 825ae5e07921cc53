import smtplib
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from newsletter import services
from newsletter.delivery import UNCERTAIN, deliver_issue
from newsletter.emails import IssueMail
from newsletter.models import Delivery, Issue, Subscriber

from .factories import (
    IMMEDIATE_TASKS,
    killed_after_claims,
    make_issue,
    make_subscriber,
)

FAST = override_settings(
    NEWSLETTER_BATCH_SIZE=2, NEWSLETTER_BATCH_PAUSE=0, SITE_URL="https://example.de"
)


def sending(issue: Issue) -> Issue:
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    issue.refresh_from_db()
    return issue


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@FAST
class DeliverIssueTests(TestCase):
    def setUp(self):
        self.confirmed = [make_subscriber() for _ in range(5)]
        self.pending = make_subscriber(status=Subscriber.Status.PENDING)
        self.gone = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
        self.issue = sending(make_issue())

    def test_every_confirmed_subscriber_gets_one_copy(self):
        progress = deliver_issue(issue_id=self.issue.pk)
        assert progress.sent == 5 and progress.finished
        assert recipients() == sorted(s.email for s in self.confirmed)
        self.issue.refresh_from_db()
        assert self.issue.status == Issue.Status.SENT
        assert self.issue.sent_at is not None
        assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5

    def test_running_again_sends_nothing_more(self):
        deliver_issue(issue_id=self.issue.pk)
        Issue.objects.filter(pk=self.issue.pk).update(status=Issue.Status.SENDING)
        progress = deliver_issue(issue_id=self.issue.pk)
        assert progress.sent == 0
        assert len(mail.outbox) == 5

    def test_draft_is_not_sent(self):
        draft = make_issue()
        assert deliver_issue(issue_id=draft.pk).sent == 0
        assert mail.outbox == []

    def test_recipients_are_fixed_when_sending_starts(self):
        with killed_after_claims(1):
            deliver_issue(issue_id=self.issue.pk)
        latecomer = make_subscriber()
        deliver_issue(issue_id=self.issue.pk)
        assert latecomer.email not in recipients()
        assert len(mail.outbox) == 5

    def test_someone_who_unsubscribes_mid_send_is_skipped(self):
        with killed_after_claims(1):
            deliver_issue(issue_id=self.issue.pk)
        leaving = self.confirmed[-1]
        Subscriber.objects.filter(pk=leaving.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED
        )
        deliver_issue(issue_id=self.issue.pk)
        assert leaving.email not in recipients()
        assert (
            Delivery.objects.get(subscriber=leaving).status == Delivery.Status.SKIPPED
        )

    def test_refused_recipient_is_recorded_and_the_rest_go_out(self):
        refused = self.confirmed[2]
        original = mail.get_connection

        def refusing_connection(*args, **kwargs):
            connection = original(*args, **kwargs)
            send = connection.send_messages

            def send_messages(messages):
                if refused.email in messages[0].to:
                    raise smtplib.SMTPRecipientsRefused({refused.email: (550, b"No")})
                return send(messages)

            connection.send_messages = send_messages
            return connection

        with mock.patch("newsletter.delivery.get_connection", refusing_connection):
            deliver_issue(issue_id=self.issue.pk)
        failed = Delivery.objects.get(status=Delivery.Status.FAILED)
        assert failed.subscriber == refused
        assert "SMTPRecipientsRefused" in failed.error
        assert len(mail.outbox) == 4
        self.issue.refresh_from_db()
        assert self.issue.status == Issue.Status.SENT

    def test_retrying_failures_sends_only_those(self):
        deliver_issue(issue_id=self.issue.pk)
        first_sent_at = Issue.objects.get().sent_at
        Delivery.objects.filter(subscriber=self.confirmed[0]).update(
            status=Delivery.Status.FAILED, error="x"
        )
        mail.outbox = []
        with IMMEDIATE_TASKS:
            assert services.retry_failed(issue=self.issue) == 1
        assert recipients() == [self.confirmed[0].email]
        issue = Issue.objects.get()
        assert issue.status == Issue.Status.SENT
        assert issue.sent_at == first_sent_at

    def test_abandoned_claim_is_marked_uncertain_not_resent(self):
        with killed_after_claims(1):
            deliver_issue(issue_id=self.issue.pk)
        # A row claimed by a worker that died before recording the result:
        Delivery.objects.filter(status=Delivery.Status.PENDING).filter(
            pk=Delivery.objects.filter(status=Delivery.Status.PENDING).first().pk
        ).update(
            status=Delivery.Status.SENDING,
            claimed_at=timezone.now() - timedelta(hours=1),
        )
        deliver_issue(issue_id=self.issue.pk)
        uncertain = Delivery.objects.get(status=Delivery.Status.FAILED)
        assert uncertain.error == UNCERTAIN
        assert len(mail.outbox) == 4
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_fresh_claim_of_another_worker_keeps_the_issue_open(self):
        Delivery.objects.bulk_create(
            [Delivery(issue=self.issue, subscriber=s) for s in self.confirmed]
        )
        Delivery.objects.filter(subscriber=self.confirmed[0]).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now()
        )
        progress = deliver_issue(issue_id=self.issue.pk)
        assert progress.sent == 4
        assert not progress.finished
        assert progress.wait_until > timezone.now()
        assert Issue.objects.get().status == Issue.Status.SENDING

    def test_pauses_between_full_batches(self):
        with (
            self.settings(NEWSLETTER_BATCH_PAUSE=0.25),
            mock.patch("newsletter.delivery.time.sleep") as sleep,
        ):
            deliver_issue(issue_id=self.issue.pk)
        assert [call.args for call in sleep.call_args_list] == [(0.25,), (0.25,)]


@FAST
class IssueMailTests(TestCase):
    def test_greeting_is_personal_where_a_name_is_known(self):
        issue = make_issue()
        with_name = IssueMail(issue).message_for(make_subscriber(first_name="Anna"))
        without = IssueMail(issue).message_for(make_subscriber(first_name=""))
        assert with_name.body.startswith("Hallo Anna,")
        assert without.body.startswith("Hallo,")
        assert "<p>Hallo Anna,</p>" in with_name.alternatives[0].content

    def test_links_are_absolute_and_unsubscribe_headers_present(self):
        message = IssueMail(make_issue()).message_for(make_subscriber())
        html = message.alternatives[0].content
        assert 'href="https://example.de/blog/"' in html
        assert "(https://example.de/blog/)" in message.body
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<https://example.de/newsletter/abmelden/")
        assert "<mailto:" in header
        assert message.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )

    def test_name_with_markup_characters_is_escaped_in_html(self):
        subscriber = make_subscriber(first_name="Anna & Ben")
        message = IssueMail(make_issue()).message_for(subscriber)
        assert "Hallo Anna &amp; Ben," in message.alternatives[0].content
        assert message.body.startswith("Hallo Anna & Ben,")

    def test_latest_posts_block_lists_published_posts(self):
        posts = [{"title": "Neu im Blog", "url": "https://example.de/blog/neu/"}]
        issue = make_issue(include_latest_posts=True)
        with mock.patch("newsletter.emails.latest_posts", return_value=posts):
            message = IssueMail(issue).message_for(make_subscriber())
        assert "https://example.de/blog/neu/" in message.body
        assert 'href="https://example.de/blog/neu/"' in message.alternatives[0].content

    def test_latest_posts_block_is_left_out_without_a_blog(self):
        issue = make_issue(include_latest_posts=True)
        with mock.patch.dict("sys.modules", {"blog.models": None}):
            message = IssueMail(issue).message_for(make_subscriber())
        assert "Neu im Blog" not in message.body
