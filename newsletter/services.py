"""
Everything the newsletter does that has a side effect.

Views, admin actions, tasks and commands call these functions; models stay
about data. Every function takes keyword-only arguments.
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pusteblume_site import page_cache
from pusteblume_site.tokens import TokenState, read_timed_token

from . import emails
from .models import ConsentText, Delivery, Issue, Subscriber, Suppression
from .tasks import send_confirmation_task, send_issue_task, send_scheduled_issue_task

CONFIRMATION_INTERVAL = timedelta(hours=1)
CONSENT_CACHE_KEY = "newsletter:consent:current"


class SignupResult(enum.Enum):
    ACCEPTED = "accepted"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class TokenCheck:
    state: TokenState
    subscriber: Subscriber | None = None


# Consent texts


def current_consent() -> ConsentText:
    """The wording shown under every form, cached: the box is on every page."""
    consent = cache.get(CONSENT_CACHE_KEY)
    if consent is None:
        consent = ConsentText.objects.current()
        cache.set(CONSENT_CACHE_KEY, consent, timeout=60 * 60)
    return consent


def publish_consent_text(*, text: str) -> ConsentText:
    """
    Store a new wording as the next version; older versions stay as they
    are. Every cached page shows the new one at once. (Consent texts are not
    content models: the first wording, created while a page renders on an
    empty table, must not renew the cache under that page.)
    """
    with transaction.atomic():
        latest = ConsentText.objects.select_for_update().order_by("-version").first()
        consent = ConsentText.objects.create(
            version=(latest.version + 1) if latest else 1, text=text.strip()
        )
        page_cache.content_changed()
    cache.delete(CONSENT_CACHE_KEY)
    return consent


# Signing up


def find_subscriber(*, email: str) -> Subscriber | None:
    # The same Lower() on both sides as the unique constraint uses, so the
    # lookup and the constraint agree on every database.
    return (
        Subscriber.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
        .first()
    )


def _ip_allowed(ip: str | None) -> bool:
    """
    Count signups per client in a one-hour window.

    The cache key holds a keyed hash of the address, never the address.
    """
    if not ip:
        return True
    limit = settings.NEWSLETTER_SIGNUPS_PER_IP
    key = "newsletter:signups:" + salted_hmac("newsletter.ip", ip).hexdigest()
    cache.add(key, 0, timeout=int(CONFIRMATION_INTERVAL.total_seconds()))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=int(CONFIRMATION_INTERVAL.total_seconds()))
        count = 1
    return count <= limit


def _claim_confirmation_mail(subscriber: Subscriber) -> bool:
    """
    Reserve the right to send a confirmation mail now.

    A conditional UPDATE, so of two requests at the same moment exactly one
    wins, and an address gets at most one mail per hour however often
    someone enters it.
    """
    now = timezone.now()
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING)
        .filter(
            Q(confirmation_sent_at__isnull=True)
            | Q(confirmation_sent_at__lte=now - CONFIRMATION_INTERVAL)
        )
        .update(confirmation_sent_at=now)
    )


def subscribe(
    *,
    email: str,
    first_name: str,
    consent: ConsentText,
    source: str,
    ip: str | None,
) -> SignupResult:
    """
    Put a normalised address on the list as pending and mail the link.

    The answer is the same for a new, a pending and a confirmed address, so
    the form cannot be used to find out who subscribes. A confirmed
    subscriber is left untouched (nobody can change their name through the
    public form); a pending or unsubscribed one gets the new details and, at
    most once an hour, a new confirmation mail. Two identical submissions at
    the same moment make one row: the loser of the race hits the unique
    constraint inside a savepoint and uses the winner's row.
    """
    if not _ip_allowed(ip):
        return SignupResult.RATE_LIMITED
    now = timezone.now()
    subscriber = find_subscriber(email=email)
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=email,
                    first_name=first_name,
                    consent_text=consent,
                    source=source,
                    subscribed_at=now,
                )
        except IntegrityError:
            subscriber = find_subscriber(email=email)
            if subscriber is None:
                raise
    elif subscriber.status != Subscriber.Status.CONFIRMED:
        Subscriber.objects.filter(pk=subscriber.pk).exclude(
            status=Subscriber.Status.CONFIRMED
        ).update(
            status=Subscriber.Status.PENDING,
            first_name=first_name,
            consent_text=consent,
            consent_note="",
            source=source,
            subscribed_at=now,
        )
    if _claim_confirmation_mail(subscriber):
        send_confirmation_task.enqueue(subscriber_id=subscriber.pk)
    return SignupResult.ACCEPTED


def resend_confirmation(*, subscriber: Subscriber) -> bool:
    """Mail a fresh link to a pending subscriber, at most once an hour."""
    if not _claim_confirmation_mail(subscriber):
        return False
    send_confirmation_task.enqueue(subscriber_id=subscriber.pk)
    return True


def send_confirmation(*, subscriber_id: int) -> bool:
    """Send the double opt-in mail (run by the task queue)."""
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return False
    try:
        emails.build_confirmation_message(subscriber).send()
    except Exception:
        # Give the slot back so the visitor can ask again straight away.
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None)
        raise
    return True


# Links from mails


def _subscriber_for_key(key: str) -> Subscriber | None:
    try:
        return Subscriber.objects.filter(key=uuid.UUID(hex=key)).first()
    except ValueError:
        return None


def check_confirmation_token(*, token: str) -> TokenCheck:
    state, key = read_timed_token(
        token, salt=emails.CONFIRM_SALT, max_age=emails.CONFIRM_MAX_AGE
    )
    if state is TokenState.INVALID:
        return TokenCheck(state)
    subscriber = _subscriber_for_key(key)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return TokenCheck(TokenState.INVALID)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        # An old link of someone already on the list: nothing to renew.
        state = TokenState.VALID
    return TokenCheck(state, subscriber)


def confirm(*, token: str) -> TokenCheck:
    """Confirm a pending subscriber; confirming twice changes nothing."""
    check = check_confirmation_token(token=token)
    if check.state is not TokenState.VALID:
        return check
    subscriber = check.subscriber
    updated = Subscriber.objects.filter(
        pk=subscriber.pk, status=Subscriber.Status.PENDING
    ).update(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    if updated:
        # Opting in again lifts an earlier erasure's import block.
        Suppression.objects.filter(
            email_hash__in=_email_hashes(subscriber.email)
        ).delete()
    subscriber.refresh_from_db()
    return TokenCheck(TokenState.VALID, subscriber)


def subscriber_for_unsubscribe(*, token: str) -> Subscriber | None:
    try:
        key = signing.Signer(salt=emails.UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return _subscriber_for_key(key)


def unsubscribe(*, token: str) -> Subscriber | None:
    """Take a subscriber off the list at once; their open deliveries are skipped."""
    subscriber = subscriber_for_unsubscribe(token=token)
    if subscriber is None:
        return None
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    Delivery.objects.filter(
        subscriber=subscriber, status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.SKIPPED, error="Abgemeldet")
    subscriber.refresh_from_db()
    return subscriber


# Erasure and proof


def _email_hashes(email: str) -> list[str]:
    # One hash per secret key still accepted, so rotating SECRET_KEY (with
    # the old one in SECRET_KEY_FALLBACKS) keeps the list working.
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [
        salted_hmac("newsletter.suppression", email.lower(), secret=secret).hexdigest()
        for secret in secrets
    ]


def is_suppressed(*, email: str) -> bool:
    return Suppression.objects.filter(email_hash__in=_email_hashes(email)).exists()


def erase(*, subscriber: Subscriber, suppress: bool = True) -> None:
    """
    Delete everything stored about a person (GDPR Art. 17).

    The subscriber row and all their delivery rows go. With suppress=True
    only a keyed hash of the address is kept, which cannot be turned back
    into the address; it stops a later CSV import from putting the person
    back on the list against their will (documenting an objection is a
    legitimate reason to keep that much, Art. 17(3)). Signing up again
    through the double opt-in still works and removes the hash.
    """
    with transaction.atomic():
        if suppress:
            Suppression.objects.get_or_create(
                email_hash=_email_hashes(subscriber.email)[0]
            )
        subscriber.delete()


def proof_of_consent(*, subscriber: Subscriber) -> dict:
    """Everything that shows this person asked for the newsletter."""

    def when(value):
        return value.isoformat() if value else None

    consent = subscriber.consent_text
    if consent is None:
        method = "Import aus einem anderen Newsletter-Programm (siehe Herkunft)"
    else:
        method = (
            "Double-Opt-in: Anmeldeformular, danach Klick auf den persönlichen "
            "Bestätigungslink in einer E-Mail an diese Adresse"
        )
    return {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "status": subscriber.get_status_display(),
        "method": method,
        "signed_up_at": when(subscriber.subscribed_at),
        "confirmation_mail_sent_at": when(subscriber.confirmation_sent_at),
        "confirmed_at": when(subscriber.confirmed_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "form_page": emails.absolute_url(subscriber.source)
        if subscriber.source
        else None,
        "consent_text": {
            "version": consent.version,
            "valid_from": when(consent.created_at),
            "text": consent.text,
            "shown_with": "Link „Datenschutzhinweise“ direkt nach dem Text",
        }
        if consent
        else None,
        "consent_note": subscriber.consent_note,
        "ip_address": "nicht gespeichert",
        "exported_at": timezone.now().isoformat(),
    }


def prune_unconfirmed(*, older_than: timedelta, dry_run: bool = False) -> int:
    """Delete signups never confirmed: their links expired long ago."""
    stale = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        confirmed_at__isnull=True,
        subscribed_at__lt=timezone.now() - older_than,
    )
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count


# Sending issues


def send_issue(*, issue: Issue) -> bool:
    """
    Start sending an issue to every confirmed subscriber, once.

    Only a draft can be sent; the status change and the queued job commit
    together, so a second click or a second editor finds the issue already
    sending. Returns False when the issue was not a draft.
    """
    with transaction.atomic():
        started = Issue.objects.filter(pk=issue.pk, status=Issue.Status.DRAFT).update(
            status=Issue.Status.SENDING, sending_started_at=timezone.now()
        )
        if started:
            send_issue_task.enqueue(issue_id=issue.pk)
    issue.refresh_from_db()
    return bool(started)


def schedule_issue(*, issue: Issue) -> bool:
    """
    Queue the send of a draft for its `scheduled_for` time. Returns False
    when there is nothing to plan (no time, or not a draft).
    """
    if issue.status != Issue.Status.DRAFT or issue.scheduled_for is None:
        return False
    task = send_scheduled_issue_task
    if task.get_backend().supports_defer:
        task = task.using(run_after=issue.scheduled_for)
    task.enqueue(issue_id=issue.pk, scheduled_for=issue.scheduled_for.isoformat())
    return True


def send_scheduled_issue(*, issue_id: int, scheduled_for: str) -> bool:
    """The worker's side of schedule_issue(): send if the plan still holds."""
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None or issue.scheduled_for is None:
        return False
    if issue.scheduled_for.isoformat() != scheduled_for:
        return False
    if issue.scheduled_for > timezone.now():
        # A backend without deferred jobs ran it early; ask again later.
        return False
    return send_issue(issue=issue)


def resume_sending(*, issue: Issue) -> bool:
    """Queue the send job again for an issue whose job died."""
    if issue.status != Issue.Status.SENDING:
        return False
    send_issue_task.enqueue(issue_id=issue.pk)
    return True


def retry_failed(*, issue: Issue) -> int:
    """
    Put failed deliveries back in the queue and resume sending.

    A failure marked "ungewiss" may have reached the reader; retrying it is
    the editor's decision, and the only way anyone can get a second copy.
    """
    with transaction.atomic():
        count = issue.deliveries.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, error="", claimed_at=None
        )
        if count:
            Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
            send_issue_task.enqueue(issue_id=issue.pk)
    issue.refresh_from_db()
    return count


def send_test(*, issue: Issue, email: str, first_name: str = "") -> None:
    """
    Send one copy to the editor, marked [Test], without touching the list.

    The copy is addressed to an unsaved subscriber, so its unsubscribe link
    shows the "link does not work" page instead of taking anyone off.
    """
    reader = Subscriber(email=email, first_name=first_name)
    emails.IssueMail(issue).message_for(reader, subject_prefix="[Test] ").send()


def issue_from_post(*, post) -> Issue:
    """
    A draft issue announcing a published post: subject, preheader and body
    prefilled from it, with a link back to the post. The editor edits it and
    sends it herself.
    """
    from pusteblume_site.slugs import unique_slug

    url = f"{settings.SITE_URL}{post.get_absolute_url()}"
    teaser = post.summary or post.excerpt
    issue = Issue(
        subject=post.title[:150],
        preheader=teaser[:150],
        body=f"{teaser}\n\n[Weiterlesen: {post.title}]({url})\n",
        include_latest_posts=False,
    )
    issue.slug = unique_slug(issue, post.title, fallback="ausgabe")
    issue.save()
    return issue
