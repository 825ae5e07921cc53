"""
Background jobs, run by the worker (`manage.py db_worker`).

With django-tasks' database backend, enqueue() writes a row in the current
transaction: a job queued together with a status change commits or rolls
back with it, and the worker sees it only after the commit.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .delivery import SendingInterrupted, deliver_issue


@task()
def send_confirmation_task(subscriber_id: int) -> bool:
    from .services import send_confirmation

    return send_confirmation(subscriber_id=subscriber_id)


def _enqueue_later(*, issue_id: int, attempt: int, when: datetime) -> bool:
    if not send_issue_task.get_backend().supports_defer:
        return False
    send_issue_task.using(run_after=when).enqueue(issue_id=issue_id, attempt=attempt)
    return True


@task()
def send_issue_task(issue_id: int, attempt: int = 1) -> dict:
    """
    Send an issue; when the mail server says "later", try again later.

    After NEWSLETTER_AUTO_RESUMES interrupted runs the job fails for good and
    the issue waits, still "sending", for the editor's "Versand fortsetzen".
    """
    try:
        progress = deliver_issue(issue_id=issue_id)
    except SendingInterrupted as exc:
        limit = settings.NEWSLETTER_AUTO_RESUMES
        delay = settings.NEWSLETTER_RESUME_DELAY * attempt
        when = timezone.now() + timedelta(seconds=delay)
        if attempt > limit or not _enqueue_later(
            issue_id=issue_id, attempt=attempt + 1, when=when
        ):
            raise
        return {"interrupted": str(exc), "resumes_at": when.isoformat()}
    if progress.wait_until:
        _enqueue_later(issue_id=issue_id, attempt=attempt, when=progress.wait_until)
    return progress.as_dict()


@task()
def send_scheduled_issue_task(issue_id: int, scheduled_for: str) -> bool:
    """
    Start sending an issue at its planned time, unless the editor moved or
    cleared the time since (then a newer job, or none, takes over).
    """
    from .services import send_scheduled_issue

    return send_scheduled_issue(issue_id=issue_id, scheduled_for=scheduled_for)
