"""
The real queue: jobs written by django-tasks' database backend and run by
`manage.py db_worker`, as in production.
"""

import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from newsletter import services
from newsletter.delivery import deliver_issue, freeze_recipients
from newsletter.models import ConsentText, Delivery, Issue, Subscriber

from .factories import IMMEDIATE_TASKS, make_issue, make_subscriber

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    NEWSLETTER_BATCH_SIZE=2,
    NEWSLETTER_BATCH_PAUSE=0,
)


# Saving content also queues the pages' rendering (pusteblume_site.tasks).
SEND_TASK = "newsletter.tasks.send_issue_task"


def run_worker() -> str:
    out = StringIO()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out
    )
    return out.getvalue()


@DATABASE_TASKS
class DatabaseQueueTests(TransactionTestCase):
    def test_send_is_queued_in_the_request_and_done_by_the_worker(self):
        subscribers = [make_subscriber() for _ in range(5)]
        issue = make_issue()
        assert services.send_issue(issue=issue)
        assert mail.outbox == []  # nothing sent in the request
        assert DBTaskResult.objects.get(task_path=SEND_TASK).status == "READY"

        run_worker()
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            s.email for s in subscribers
        )
        assert Issue.objects.get().status == Issue.Status.SENT
        assert DBTaskResult.objects.get(task_path=SEND_TASK).status == "SUCCESSFUL"

    def test_resume_command_requeues_an_issue_whose_worker_died(self):
        make_subscriber()
        issue = make_issue()
        services.send_issue(issue=issue)
        # The worker died mid-job: its row stays RUNNING for ever.
        DBTaskResult.objects.filter(task_path=SEND_TASK).update(status="RUNNING")
        out = StringIO()
        call_command("resume_newsletter_sends", stdout=out)
        assert "1 unterbrochene Ausgabe(n) wieder eingereiht." in out.getvalue()
        run_worker()
        assert len(mail.outbox) == 1
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_confirmation_mail_is_sent_by_the_worker(self):
        services.subscribe(
            email="anna@example.org",
            first_name="",
            consent=ConsentText.objects.current(),
            source="/",
            ip=None,
        )
        assert mail.outbox == []
        run_worker()
        assert mail.outbox[0].to == ["anna@example.org"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite serialises all writers, so there is no race "
    "to test, and its in-memory test database is not shared between threads.",
)
@IMMEDIATE_TASKS
class ConcurrentSignupTests(TransactionTestCase):
    def race(self, count: int, target) -> list[BaseException]:
        barrier = threading.Barrier(count)
        errors = []

        def run():
            try:
                barrier.wait()
                target()
            except BaseException as exc:  # noqa: BLE001 - collected for the assert
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    def test_identical_signups_at_the_same_moment_make_one_row_and_one_mail(self):
        consent = ConsentText.objects.current()

        def signup():
            services.subscribe(
                email="Anna@Example.org",
                first_name="Anna",
                consent=consent,
                source="/",
                ip=None,
            )

        for _ in range(5):
            Subscriber.objects.all().delete()
            mail.outbox = []
            assert self.race(8, signup) == []
            assert Subscriber.objects.count() == 1
            assert len(mail.outbox) == 1

    def test_two_workers_on_one_issue_send_each_copy_once(self):
        subscribers = [make_subscriber() for _ in range(40)]
        issue = make_issue()
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
        freeze_recipients(issue)
        with override_settings(NEWSLETTER_BATCH_SIZE=5, NEWSLETTER_BATCH_PAUSE=0):
            assert self.race(3, lambda: deliver_issue(issue_id=issue.pk)) == []
        sent_to = sorted(m.to[0] for m in mail.outbox)
        assert sent_to == sorted(s.email for s in subscribers)
        assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40
