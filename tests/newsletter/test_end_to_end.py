"""
The whole path over a real SMTP server (aiosmtpd, in this process):
signup, confirmation mail, confirmation, sending an issue, unsubscribing.
"""

import re
from http import HTTPStatus
from unittest import mock
from urllib.parse import urlsplit

from django.db.models import Count
from django.test import TestCase, override_settings
from django.urls import reverse

from newsletter import delivery, services
from newsletter.delivery import UNCERTAIN
from newsletter.models import Delivery, Issue, Subscriber

from .factories import (
    IMMEDIATE_TASKS,
    SAME_ORIGIN,
    WorkerKilled,
    killed_after_claims,
    make_issue,
    make_subscriber,
    signup_data,
)
from .smtp import SMTPServerMixin

LINK = re.compile(r"http://testserver(/newsletter/[a-z]+/[^/\s\"<>]+/)")


def path_of(url: str) -> str:
    return urlsplit(url).path


def copies_per_address(smtp) -> dict[str, int]:
    counts: dict[str, int] = {}
    for received in smtp.messages:
        for address in received.rcpt_tos:
            counts[address] = counts.get(address, 0) + 1
    return counts


@IMMEDIATE_TASKS
@override_settings(
    SITE_URL="http://testserver", NEWSLETTER_BATCH_SIZE=3, NEWSLETTER_BATCH_PAUSE=0
)
class SignupToIssueTests(SMTPServerMixin, TestCase):
    def test_signup_confirm_send_and_unsubscribe(self):
        # Sign up through the form.
        response = self.client.post(
            reverse("newsletter:subscribe"), signup_data(), headers=SAME_ORIGIN
        )
        self.assertRedirects(response, reverse("newsletter:subscribe_done"))

        # The confirmation mail arrives, in German, as text and HTML.
        [received] = self.smtp.messages
        assert received.rcpt_tos == ["anna@example.org"]
        assert received.message["Subject"] == (
            "Bitte bestätige deine Anmeldung zum Newsletter"
        )
        assert received.text.startswith("Hallo Anna,")
        link = LINK.search(received.text)[1]
        assert link.startswith("/newsletter/bestaetigen/")
        assert f'href="http://testserver{link}"' in received.html

        # Opening the link confirms nobody; the button does.
        self.assertContains(self.client.get(link), "Anmeldung bestätigen")
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING
        response = self.client.post(link, headers=SAME_ORIGIN)
        self.assertContains(response, "Danke, du bist dabei!")
        anna = Subscriber.objects.get()
        assert anna.status == Subscriber.Status.CONFIRMED

        # An issue goes to every confirmed subscriber exactly once.
        others = [make_subscriber(first_name="") for _ in range(4)]
        pending = make_subscriber(status=Subscriber.Status.PENDING)
        gone = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
        issue = make_issue(subject="Sichtbar im Herbst")
        assert services.send_issue(issue=issue)
        assert not services.send_issue(issue=issue)  # once only

        confirmed = [anna.email, *(s.email for s in others)]
        assert copies_per_address(self.smtp)[anna.email] == 2  # confirmation + issue
        issue_mails = [
            m for m in self.smtp.messages if m.message["Subject"] == issue.subject
        ]
        assert sorted(a for m in issue_mails for a in m.rcpt_tos) == sorted(confirmed)
        assert pending.email not in copies_per_address(self.smtp)
        assert gone.email not in copies_per_address(self.smtp)
        issue.refresh_from_db()
        assert issue.status == Issue.Status.SENT

        # Each copy is personal and carries the RFC 8058 headers.
        [for_anna] = [m for m in issue_mails if m.rcpt_tos == [anna.email]]
        assert for_anna.text.startswith("Hallo Anna,")
        assert "<p>Hallo Anna,</p>" in for_anna.html
        header = for_anna.message["List-Unsubscribe"]
        web, mailto = re.fullmatch(r"<([^>]+)>,\s*<([^>]+)>", header.strip()).groups()
        assert mailto.startswith("mailto:")
        assert for_anna.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert web in for_anna.text and f'href="{web}"' in for_anna.html
        [for_other] = [m for m in issue_mails if m.rcpt_tos == [others[0].email]]
        assert for_other.text.startswith("Hallo,\n")

        # The mail program's one-click POST unsubscribes, without any Origin.
        response = self.client.post(
            path_of(web),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == HTTPStatus.OK
        anna.refresh_from_db()
        assert anna.status == Subscriber.Status.UNSUBSCRIBED

        # And the next issue does not reach her.
        self.smtp.handler.reset()
        services.send_issue(issue=make_issue(subject="Die nächste Ausgabe"))
        assert anna.email not in copies_per_address(self.smtp)
        assert len(self.smtp.messages) == 4


@IMMEDIATE_TASKS
@override_settings(
    SITE_URL="http://testserver",
    NEWSLETTER_BATCH_SIZE=3,
    NEWSLETTER_BATCH_PAUSE=0,
    NEWSLETTER_CLAIM_TIMEOUT=0,
)
class InterruptedSendTests(SMTPServerMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.subscribers = [make_subscriber() for _ in range(10)]
        self.issue = make_issue()

    def assert_everyone_got_exactly_one_copy(self):
        assert copies_per_address(self.smtp) == {s.email: 1 for s in self.subscribers}

    def test_server_refusing_mid_send_then_resumed_loses_and_duplicates_nothing(self):
        self.smtp.handler.accept_only = 4
        services.send_issue(issue=self.issue)
        assert len(self.smtp.messages) == 4
        counts = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")))
        assert counts == {Delivery.Status.SENT: 4, Delivery.Status.PENDING: 6}
        assert Issue.objects.get().status == Issue.Status.SENDING

        self.smtp.handler.accept_only = None
        assert services.resume_sending(issue=self.issue)
        self.assert_everyone_got_exactly_one_copy()
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_worker_killed_between_two_mails_then_resumed(self):
        with killed_after_claims(5):
            services.send_issue(issue=self.issue)
        assert len(self.smtp.messages) == 5
        assert not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()

        services.resume_sending(issue=self.issue)
        self.assert_everyone_got_exactly_one_copy()
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_worker_killed_after_the_server_took_a_mail_never_resends_it(self):
        real_finish = delivery._finish
        finished = 0

        def finish(row, status, error=""):
            nonlocal finished
            finished += 1
            if finished == 3:
                raise WorkerKilled  # after the server took it, before "sent"
            real_finish(row, status, error)

        with mock.patch.object(delivery, "_finish", finish):
            services.send_issue(issue=self.issue)
        assert len(self.smtp.messages) == 3
        [in_doubt] = Delivery.objects.filter(status=Delivery.Status.SENDING)

        services.resume_sending(issue=self.issue)
        self.assert_everyone_got_exactly_one_copy()
        in_doubt.refresh_from_db()
        assert in_doubt.status == Delivery.Status.FAILED
        assert in_doubt.error == UNCERTAIN
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_refused_recipient_fails_alone_and_can_be_retried(self):
        refused = self.subscribers[3].email
        self.smtp.handler.refuse = {refused}
        services.send_issue(issue=self.issue)
        failed = Delivery.objects.get(status=Delivery.Status.FAILED)
        assert failed.subscriber.email == refused
        assert "550" in failed.error
        assert Issue.objects.get().status == Issue.Status.SENT

        self.smtp.handler.refuse = set()
        assert services.retry_failed(issue=self.issue) == 1
        self.assert_everyone_got_exactly_one_copy()
