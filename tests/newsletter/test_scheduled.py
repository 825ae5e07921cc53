"""A newsletter issue planned for a time is sent then by the worker."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import services
from newsletter.models import Issue
from tests.factories import make_staff

from .factories import make_issue, make_subscriber


class ScheduledIssueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_staff()
        make_subscriber()

    def test_planning_in_the_admin_queues_a_job_for_that_time(self):
        issue = make_issue()
        self.client.force_login(self.user)
        when = timezone.localtime() + timedelta(days=1)
        data = {
            "subject": issue.subject,
            "slug": issue.slug,
            "preheader": issue.preheader,
            "body": issue.body,
            "is_public": "on",
            "scheduled_for_0": when.strftime("%d.%m.%Y"),
            "scheduled_for_1": when.strftime("%H:%M:00"),
            "opened_version": issue.updated_at.isoformat(),
        }
        url = reverse("admin:newsletter_issue_change", args=[issue.pk])
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "an alle bestätigten")
        job = DBTaskResult.objects.get(task_path__endswith="send_scheduled_issue_task")
        assert job.run_after is not None
        assert job.run_after > timezone.now()

    def test_worker_sends_when_the_time_has_come(self):
        issue = make_issue(scheduled_for=timezone.now() - timedelta(minutes=1))
        assert services.send_scheduled_issue(
            issue_id=issue.pk, scheduled_for=issue.scheduled_for.isoformat()
        )
        issue.refresh_from_db()
        assert issue.status == Issue.Status.SENDING

    def test_a_moved_time_leaves_the_old_job_without_effect(self):
        issue = make_issue(scheduled_for=timezone.now() - timedelta(minutes=1))
        old = (issue.scheduled_for - timedelta(hours=1)).isoformat()
        assert not services.send_scheduled_issue(issue_id=issue.pk, scheduled_for=old)
        issue.refresh_from_db()
        assert issue.status == Issue.Status.DRAFT

    def test_a_cleared_time_cancels(self):
        issue = make_issue(scheduled_for=None)
        when = timezone.now().isoformat()
        assert not services.send_scheduled_issue(issue_id=issue.pk, scheduled_for=when)

    def test_an_early_run_does_not_send(self):
        issue = make_issue(scheduled_for=timezone.now() + timedelta(hours=1))
        assert not services.send_scheduled_issue(
            issue_id=issue.pk, scheduled_for=issue.scheduled_for.isoformat()
        )
