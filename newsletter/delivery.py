"""
Sending one issue to the list: resumable, batched, never twice.

What "exactly once" can honestly promise: every confirmed subscriber has
one Delivery row per issue (a unique constraint), and a row is claimed by a
conditional UPDATE (pending -> sending) right before its SMTP transaction
and marked sent right after the server accepted the mail. So a crash, a
restart or a second worker never sends a row twice, and a resumed run picks
up exactly the rows still pending. The one case nobody can decide is a row
whose SMTP transaction was cut off (the process died, the connection
dropped) after the message went out but before the server's "250 OK" was
recorded: the mail may or may not have arrived. Such rows are marked failed
as "ungewiss" and are only sent again when the editor retries them. That is
at-most-once for those few rows, exactly-once for all the others.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from .emails import IssueMail
from .models import Delivery, Issue, Subscriber

logger = logging.getLogger(__name__)

UNCERTAIN = (
    "Ungewiss: Der Versand wurde mitten in der Übertragung unterbrochen. Die Mail "
    "ist vielleicht angekommen. Erneut senden nur, wenn eine doppelte Mail "
    "nicht stört."
)
# Transient SMTP trouble in a row before the run stops and waits.
MAX_TRANSIENT_ERRORS = 3
# Refused recipients in a row before the run assumes a broken relay.
MAX_PERMANENT_ERRORS = 20


class SendingInterrupted(Exception):
    """The mail server is not taking mail now; pending rows stay pending."""


@dataclass
class Progress:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    finished: bool = False
    wait_until: object = None  # a datetime when claims of a dead run block

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "skipped": self.skipped,
            "finished": self.finished,
        }


def freeze_recipients(issue: Issue) -> int:
    """
    Create one pending row per confirmed subscriber, once per issue.

    The list is fixed when sending starts; someone who confirms later gets
    the next issue, even when failures of this one are retried days later.
    """
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.recipients_frozen_at:
            return 0
        ids = (
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rows = [Delivery(issue=issue, subscriber_id=pk) for pk in ids.iterator()]
        # ignore_conflicts: a row made by an earlier, crashed attempt stays.
        Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        Issue.objects.filter(pk=issue.pk).update(recipients_frozen_at=timezone.now())
    return len(rows)


def fail_abandoned_claims(issue: Issue) -> int:
    """Mark rows claimed by a run that died as failed and uncertain."""
    timeout = timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
    return Delivery.objects.filter(
        issue=issue,
        status=Delivery.Status.SENDING,
        claimed_at__lte=timezone.now() - timeout,
    ).update(status=Delivery.Status.FAILED, error=UNCERTAIN)


def _claim(delivery: Delivery) -> bool:
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _finish(delivery: Delivery, status: str, error: str = "") -> None:
    fields = {"status": status, "error": error[:2000]}
    if status == Delivery.Status.SENT:
        fields["sent_at"] = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        **fields
    )


def _release(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, claimed_at=None
    )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class _Batch:
    """One SMTP connection's worth of deliveries."""

    def __init__(self, mail: IssueMail, progress: Progress) -> None:
        self.mail = mail
        self.progress = progress
        self.transient_errors = 0
        self.permanent_errors = 0
        self.connection = get_connection(
            fail_silently=False, timeout=settings.EMAIL_TIMEOUT or 60
        )

    def reconnect(self) -> None:
        self.connection.close()
        self.connection.open()

    def run(self, deliveries: list[Delivery]) -> None:
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError) as exc:
            raise SendingInterrupted(_describe(exc)) from exc
        try:
            for delivery in deliveries:
                self.deliver(delivery)
        finally:
            try:
                self.connection.close()
            except (smtplib.SMTPException, OSError):
                # Every delivery's outcome is recorded; a failing QUIT
                # changes none of them.
                logger.warning("Closing the SMTP connection failed", exc_info=True)

    def deliver(self, delivery: Delivery) -> None:
        if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
            self.progress.skipped += Delivery.objects.filter(
                pk=delivery.pk, status=Delivery.Status.PENDING
            ).update(status=Delivery.Status.SKIPPED, error="Nicht mehr angemeldet")
            return
        if not _claim(delivery):
            return  # another worker has it
        try:
            message = self.mail.message_for(delivery.subscriber)
            message.connection = self.connection
            self.connection.send_messages([message])
        except (ValueError, smtplib.SMTPRecipientsRefused) as exc:
            self.permanent_failure(delivery, exc)
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500 or isinstance(
                exc, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError
            ):
                # "Try again later", or our own account is the problem: the
                # message was not taken, so the row can safely wait.
                _release(delivery)
                self.transient_failure(exc)
            else:
                self.permanent_failure(delivery, exc)
        except (smtplib.SMTPException, OSError) as exc:
            # Cut off mid-transaction: nobody knows whether it arrived.
            _finish(delivery, Delivery.Status.FAILED, f"{UNCERTAIN} ({_describe(exc)})")
            self.progress.failed += 1
            self.transient_failure(exc)
        else:
            _finish(delivery, Delivery.Status.SENT)
            self.progress.sent += 1
            self.transient_errors = self.permanent_errors = 0

    def permanent_failure(self, delivery: Delivery, exc: BaseException) -> None:
        _finish(delivery, Delivery.Status.FAILED, _describe(exc))
        self.progress.failed += 1
        self.permanent_errors += 1
        if self.permanent_errors >= MAX_PERMANENT_ERRORS:
            raise SendingInterrupted(
                f"{MAX_PERMANENT_ERRORS} Empfänger nacheinander abgelehnt; zuletzt "
                f"{_describe(exc)}"
            )

    def transient_failure(self, exc: BaseException) -> None:
        self.transient_errors += 1
        if self.transient_errors >= MAX_TRANSIENT_ERRORS:
            raise SendingInterrupted(_describe(exc)) from exc
        try:
            self.reconnect()
        except (smtplib.SMTPException, OSError) as reconnect_exc:
            raise SendingInterrupted(_describe(reconnect_exc)) from reconnect_exc


def deliver_issue(*, issue_id: int) -> Progress:
    """
    Send every pending delivery of a sending issue, batch by batch.

    Safe to run again at any time and in several workers at once. Raises
    SendingInterrupted when the mail server refuses to take mail for now;
    the rows not sent stay pending for the next run.
    """
    progress = Progress()
    issue = Issue.objects.get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        progress.finished = True
        return progress
    freeze_recipients(issue)
    fail_abandoned_claims(issue)
    mail = IssueMail(issue)
    batch_size = max(1, settings.NEWSLETTER_BATCH_SIZE)
    pause = settings.NEWSLETTER_BATCH_PAUSE
    pending = issue.deliveries.filter(status=Delivery.Status.PENDING)
    while True:
        batch = list(pending.select_related("subscriber").order_by("pk")[:batch_size])
        if not batch:
            break
        _Batch(mail, progress).run(batch)
        logger.info(
            "Issue %s: %s sent, %s failed so far",
            issue.pk,
            progress.sent,
            progress.failed,
        )
        if len(batch) == batch_size and pause:
            time.sleep(pause)
    return _close(issue, progress)


def _close(issue: Issue, progress: Progress) -> Progress:
    oldest = issue.deliveries.filter(status=Delivery.Status.SENDING).aggregate(
        oldest=Min("claimed_at")
    )["oldest"]
    if oldest is not None:
        # Rows still claimed by a run that may be alive; look again once
        # their claims would count as abandoned.
        timeout = timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
        progress.wait_until = oldest + timeout + timedelta(seconds=1)
        return progress
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status == Issue.Status.SENDING:
            locked.status = Issue.Status.SENT
            # A retry of failures keeps the date of the first send.
            locked.sent_at = locked.sent_at or timezone.now()
            # save(), not update(): the page cache listens for saved issues,
            # and the archive shows this one from now on.
            locked.save(update_fields=["status", "sent_at"])
    progress.finished = True
    return progress
