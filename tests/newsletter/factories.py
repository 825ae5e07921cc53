"""Test data for the newsletter, plain helpers with keyword overrides."""

import time
from contextlib import contextmanager, suppress
from itertools import count
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from newsletter import delivery, emails
from newsletter.models import ConsentText, Issue, Subscriber
from newsletter.services import publish_consent_text

_numbers = count(1)

IMMEDIATE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)
SAME_ORIGIN = {"Origin": "http://testserver"}


def make_consent(text: str = "Ja, ich will den Newsletter.") -> ConsentText:
    return publish_consent_text(text=text)


def make_subscriber(**overrides) -> Subscriber:
    number = next(_numbers)
    now = timezone.now()
    status = overrides.get("status", Subscriber.Status.CONFIRMED)
    fields = {
        "email": f"leserin{number}@example.org",
        "first_name": f"Leserin{number}",
        "status": status,
        "consent_text": ConsentText.objects.current(),
        "source": "/blog/",
        "subscribed_at": now,
        "confirmed_at": now if status != Subscriber.Status.PENDING else None,
        "unsubscribed_at": now if status == Subscriber.Status.UNSUBSCRIBED else None,
    } | overrides
    return Subscriber.objects.create(**fields)


def make_issue(**overrides) -> Issue:
    number = next(_numbers)
    fields = {
        "subject": f"Ausgabe {number}: Sichtbar werden",
        "slug": f"ausgabe-{number}",
        "preheader": "Drei Ideen für diese Woche.",
        "body": "Heute geht es um **Sichtbarkeit**.\n\n[Zum Blog](/blog/)",
        "include_latest_posts": False,
    } | overrides
    return Issue.objects.create(**fields)


def signup_data(**overrides) -> dict:
    return {
        "email": "anna@example.org",
        "first_name": "Anna",
        "website": "",
        "consent": str(ConsentText.objects.current().version),
        "source": "/blog/ein-beitrag/",
    } | overrides


class WorkerKilled(BaseException):
    """Stands in for a worker process killed in the middle of a run."""


@contextmanager
def killed_after_claims(claims: int):
    """Let `claims` deliveries be claimed normally, then kill the "worker"."""
    real_claim = delivery._claim
    made = 0

    def claim(row):
        nonlocal made
        if made >= claims:
            raise WorkerKilled
        made += 1
        return real_claim(row)

    with mock.patch.object(delivery, "_claim", claim), suppress(WorkerKilled):
        yield


def old_token(subscriber: Subscriber, *, days: int) -> str:
    """A confirmation token as if it had been mailed `days` ago."""
    with mock.patch(
        "django.core.signing.time.time", return_value=time.time() - days * 86400
    ):
        return emails.confirmation_token(subscriber)
