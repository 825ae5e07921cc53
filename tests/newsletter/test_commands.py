from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from newsletter import demo
from newsletter.models import Issue, Subscriber

from .factories import IMMEDIATE_TASKS, make_issue, make_subscriber


@IMMEDIATE_TASKS
@override_settings(NEWSLETTER_BATCH_PAUSE=0)
class ResumeNewsletterSendsCommandTests(TestCase):
    def test_requeues_only_issues_still_sending(self):
        make_subscriber()
        stuck = make_issue()
        make_issue()  # a draft stays a draft
        Issue.objects.filter(pk=stuck.pk).update(status=Issue.Status.SENDING)
        out = StringIO()
        call_command("resume_newsletter_sends", verbosity=2, stdout=out)
        assert f"Wieder eingereiht: {stuck}" in out.getvalue()
        assert "1 unterbrochene Ausgabe(n) wieder eingereiht." in out.getvalue()
        assert len(mail.outbox) == 1
        assert set(Issue.objects.values_list("status", flat=True)) == {
            Issue.Status.SENT,
            Issue.Status.DRAFT,
        }


class PruneUnconfirmedSubscribersCommandTests(TestCase):
    def setUp(self):
        make_subscriber(
            status=Subscriber.Status.PENDING,
            subscribed_at=timezone.now() - timedelta(days=45),
        )
        make_subscriber(status=Subscriber.Status.PENDING)

    def test_dry_run_only_counts(self):
        out = StringIO()
        call_command("prune_unconfirmed_subscribers", "--dry-run", stdout=out)
        assert "Würde 1 unbestätigte Anmeldung(en) löschen." in out.getvalue()
        assert Subscriber.objects.count() == 2

    def test_deletes_old_unconfirmed_signups(self):
        out = StringIO()
        call_command("prune_unconfirmed_subscribers", "--days", "30", stdout=out)
        assert "1 unbestätigte Anmeldung(en) gelöscht." in out.getvalue()
        assert Subscriber.objects.count() == 1


class DemoTests(TestCase):
    def test_seed_is_idempotent_and_fills_the_archive(self):
        out = StringIO()
        demo.seed(stdout=out)
        demo.seed(stdout=out)
        assert Subscriber.objects.count() == 4
        assert Issue.objects.archived().count() == 1
        assert "4 Demo-Abonnent*innen" in out.getvalue()
        assert "0 Demo-Abonnent*innen und 0 Ausgabe" in out.getvalue()
        assert all(s.email.endswith("@example.org") for s in Subscriber.objects.all())
        response = self.client.get(Issue.objects.get().get_absolute_url())
        self.assertContains(response, "Ausgebucht ohne Akquise")
