"""
Everything comments do that has a side effect: posting, moderating,
replying as the author, reply notifications and erasure.

Views, admin actions, tasks and commands call these functions; the models
stay about data. Every function takes keyword-only arguments.
"""

import enum
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pusteblume_site.tokens import TokenState, read_timed_token

from ..models import Comment, NotificationAddress, NotificationSubscription, Post
from . import emails, spam
from .tasks import (
    send_moderation_mail_task,
    send_notification_confirmation_task,
    send_reply_notifications_task,
)

CONFIRMATION_INTERVAL = timedelta(days=1)


class Outcome(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    RATE_LIMITED = "rate_limited"


# Posting


def fingerprint(*, post: Post, parent: Comment | None, email: str, text: str) -> str:
    """The same comment sent twice has the same keyed hash."""
    raw = f"{post.pk}:{parent.pk if parent else 0}:{email.lower()}:{text}"
    return salted_hmac("blog.comment.fingerprint", raw).hexdigest()


def is_known_commenter(email: str) -> bool:
    return Comment.objects.approved().by_email(email).exists()


def submit(
    *,
    post: Post,
    name: str,
    email: str,
    website: str,
    text: str,
    parent: Comment | None,
    notify: bool,
    ip: str | None,
    is_bot: bool = False,
) -> Outcome:
    """
    Store a reader's comment and tell whoever needs to know.

    Spam (a filled honeypot, a blocked term) is stored out of sight and
    answered like any other comment, so a script cannot tell; it mails
    nobody. A second identical submission finds the first and does nothing
    more. The IP address only feeds the rate limit and is never stored.
    """
    if not spam.ip_allowed(ip):
        return Outcome.RATE_LIMITED
    now = timezone.now()
    if is_bot or spam.has_blocked_term(name, email, website, text):
        status = Comment.Status.SPAM
    elif settings.COMMENTS_AUTO_APPROVE_KNOWN and is_known_commenter(email):
        status = Comment.Status.APPROVED
    else:
        status = Comment.Status.PENDING
    digest = fingerprint(post=post, parent=parent, email=email, text=text)
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                post=post,
                parent=parent,
                name=name,
                email=email,
                website=website,
                text=text,
                status=status,
                approved_at=now if status == Comment.Status.APPROVED else None,
                spam_at=now if status == Comment.Status.SPAM else None,
                fingerprint=digest,
            )
    except IntegrityError:
        comment = Comment.objects.filter(fingerprint=digest).first()
        if comment is None:
            raise
        return _outcome(comment)
    if comment.status != Comment.Status.SPAM:
        if notify:
            request_notifications(email=email, post=post)
        queue_moderation_mail()
        if comment.status == Comment.Status.APPROVED:
            _queue_reply_notifications(comment)
    return _outcome(comment)


def _outcome(comment: Comment) -> Outcome:
    if comment.status == Comment.Status.APPROVED:
        return Outcome.APPROVED
    return Outcome.PENDING


# Moderation


def approve(*, comments: Iterable[Comment]) -> int:
    """
    Approve comments; each save renews the cached pages (see the model's
    changes_reader_pages), and a reply tells those who follow its thread.
    """
    count = 0
    for comment in comments:
        if comment.status == Comment.Status.APPROVED:
            continue
        comment.status = Comment.Status.APPROVED
        comment.approved_at = timezone.now()
        comment.spam_at = None
        comment.save(update_fields=["status", "approved_at", "spam_at"])
        _queue_reply_notifications(comment)
        count += 1
    return count


def mark_spam(*, comments: Iterable[Comment]) -> int:
    count = 0
    for comment in comments:
        if comment.status == Comment.Status.SPAM:
            continue
        comment.status = Comment.Status.SPAM
        comment.spam_at = timezone.now()
        comment.save(update_fields=["status", "spam_at"])
        count += 1
    return count


def reply_as_author(*, parent: Comment, text: str, user) -> Comment:
    """
    The author's answer from the admin: approved at once, under the
    comment's thread. Answering a comment that still waits approves it too.
    """
    thread = parent.parent if parent.parent_id else parent
    now = timezone.now()
    with transaction.atomic():
        approve(comments=[thread] if thread == parent else [thread, parent])
        reply = Comment.objects.create(
            post=parent.post,
            parent=thread,
            name=user.get_full_name() or user.get_username(),
            email=user.email,
            text=text.strip(),
            status=Comment.Status.APPROVED,
            approved_at=now,
            is_author=True,
            user=user,
            author_notified_at=now,
        )
        _queue_reply_notifications(reply)
    return reply


def prune_spam(*, older_than: timedelta | None = None, dry_run: bool = False) -> int:
    """Delete spam kept longer than COMMENTS_SPAM_DAYS (or `older_than`)."""
    if older_than is None:
        older_than = timedelta(days=settings.COMMENTS_SPAM_DAYS)
    stale = Comment.objects.filter(
        status=Comment.Status.SPAM, spam_at__lt=timezone.now() - older_than
    )
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count


def prune_unconfirmed_addresses(
    *, older_than: timedelta | None = None, dry_run: bool = False
) -> int:
    """
    Forget addresses that asked for reply notifications but never clicked
    the link (it expired after a week), after COMMENTS_SPAM_DAYS.
    """
    if older_than is None:
        older_than = timedelta(days=settings.COMMENTS_SPAM_DAYS)
    stale = NotificationAddress.objects.filter(
        confirmed_at__isnull=True, created_at__lt=timezone.now() - older_than
    )
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count


# The author's mail


def moderators() -> list[str]:
    """COMMENTS_NOTIFY_EMAILS, or every active account that may moderate."""
    if settings.COMMENTS_NOTIFY_EMAILS:
        return list(settings.COMMENTS_NOTIFY_EMAILS)
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return sorted(
        {
            user.email
            for user in users.exclude(email="")
            if user.has_perm("blog.change_comment")
        }
    )


def _waiting_for_mail():
    return Comment.objects.filter(
        author_notified_at__isnull=True, is_author=False
    ).exclude(status=Comment.Status.SPAM)


def next_mail_at() -> datetime | None:
    """When the author may get the next mail, or None for "now"."""
    interval = timedelta(minutes=settings.COMMENTS_MAIL_INTERVAL)
    last = Comment.objects.aggregate(last=Max("author_notified_at"))["last"]
    if last is None or last + interval <= timezone.now():
        return None
    return last + interval


def queue_moderation_mail() -> None:
    """
    Ask the worker to mail the author: now, or when the interval since the
    last mail is over (the digest). Jobs that find nothing left to send do
    nothing, so queueing one per comment is safe.
    """
    due = next_mail_at()
    if due is not None and send_moderation_mail_task.get_backend().supports_defer:
        send_moderation_mail_task.using(run_after=due).enqueue()
    else:
        send_moderation_mail_task.enqueue()


def send_moderation_mail() -> int:
    """
    Mail the author every comment she has not heard of, in one mail, unless
    the last one left less than COMMENTS_MAIL_INTERVAL minutes ago (then a
    later job sends the digest). Returns the number of comments mailed.
    """
    if next_mail_at() is not None:
        return 0
    recipients = moderators()
    if not recipients:
        return 0
    now = timezone.now()
    # A conditional UPDATE claims the comments, so two jobs at the same
    # moment never mail the same comment twice.
    if not _waiting_for_mail().update(author_notified_at=now):
        return 0
    comments = list(
        Comment.objects.filter(author_notified_at=now)
        .select_related("post")
        .order_by("created_at", "pk")
    )
    try:
        emails.moderation_message(comments, recipients).send()
    except Exception:
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
            author_notified_at=None
        )
        raise
    return len(comments)


# Reply notifications


def find_address(*, email: str) -> NotificationAddress | None:
    return (
        NotificationAddress.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
        .first()
    )


def _claim_confirmation_mail(address: NotificationAddress) -> bool:
    """At most one confirmation mail per address a day, even under a race."""
    now = timezone.now()
    return bool(
        NotificationAddress.objects.filter(pk=address.pk, confirmed_at__isnull=True)
        .filter(
            Q(confirmation_sent_at__isnull=True)
            | Q(confirmation_sent_at__lte=now - CONFIRMATION_INTERVAL)
        )
        .update(confirmation_sent_at=now)
    )


def request_notifications(*, email: str, post: Post) -> NotificationAddress:
    """
    Follow the replies on a post. A new address gets a confirmation mail
    first (double opt-in) and hears nothing before it clicks.
    """
    address = find_address(email=email)
    if address is None:
        try:
            with transaction.atomic():
                address = NotificationAddress.objects.create(email=email)
        except IntegrityError:
            address = find_address(email=email)
            if address is None:
                raise
    NotificationSubscription.objects.get_or_create(address=address, post=post)
    if address.confirmed_at is None and _claim_confirmation_mail(address):
        send_notification_confirmation_task.enqueue(
            address_id=address.pk, post_id=post.pk
        )
    return address


def send_notification_confirmation(*, address_id: int, post_id: int) -> bool:
    address = NotificationAddress.objects.filter(
        pk=address_id, confirmed_at__isnull=True
    ).first()
    post = Post.objects.filter(pk=post_id).first()
    if address is None or post is None:
        return False
    try:
        emails.confirmation_message(address, post).send()
    except Exception:
        # Give the slot back so the reader can ask again straight away.
        NotificationAddress.objects.filter(pk=address.pk).update(
            confirmation_sent_at=None
        )
        raise
    return True


def _address_for_key(key: str) -> NotificationAddress | None:
    try:
        return NotificationAddress.objects.filter(key=uuid.UUID(hex=key)).first()
    except ValueError:
        return None


def check_confirmation(*, token: str) -> tuple[TokenState, NotificationAddress | None]:
    state, key = read_timed_token(
        token, salt=emails.CONFIRM_SALT, max_age=emails.CONFIRM_MAX_AGE
    )
    if state is TokenState.INVALID:
        return state, None
    address = _address_for_key(key)
    if address is None:
        return TokenState.INVALID, None
    if address.confirmed_at is not None:
        state = TokenState.VALID
    return state, address


def confirm_notifications(
    *, token: str
) -> tuple[TokenState, NotificationAddress | None]:
    """Confirm an address; confirming twice changes nothing."""
    state, address = check_confirmation(token=token)
    if state is TokenState.VALID:
        NotificationAddress.objects.filter(
            pk=address.pk, confirmed_at__isnull=True
        ).update(confirmed_at=timezone.now())
        address.refresh_from_db()
    return state, address


def check_stop(*, token: str) -> tuple[NotificationAddress | None, Post | None]:
    """The address and post (None: all posts) a stop link is for."""
    try:
        key, scope = signing.Signer(salt=emails.STOP_SALT).unsign(token).split(":")
    except (signing.BadSignature, ValueError):
        return None, None
    address = _address_for_key(key)
    if address is None or scope == emails.ALL_POSTS:
        return address, None
    post = Post.objects.filter(pk=int(scope)).first() if scope.isdigit() else None
    return (address, post) if post is not None else (None, None)


def stop_notifications(*, address: NotificationAddress, post: Post | None) -> None:
    """Stop one post's notifications, or (post=None) forget the address."""
    if post is None:
        address.delete()
    else:
        address.subscriptions.filter(post=post).delete()


def _queue_reply_notifications(comment: Comment) -> None:
    if comment.parent_id:
        send_reply_notifications_task.enqueue(comment_id=comment.pk)


def send_reply_notifications(*, comment_id: int) -> int:
    """
    Tell everyone in a reply's thread who follows the post (and confirmed)
    that it appeared, once per reply, however often it is approved.
    """
    reply = (
        Comment.objects.visible()
        .filter(pk=comment_id, parent__isnull=False)
        .select_related("post")
        .first()
    )
    if reply is None:
        return 0
    if not Comment.objects.filter(
        pk=reply.pk, subscribers_notified_at__isnull=True
    ).update(subscribers_notified_at=timezone.now()):
        return 0
    in_thread = {
        email.lower()
        for email in Comment.objects.visible()
        .filter(Q(pk=reply.parent_id) | Q(parent_id=reply.parent_id))
        .exclude(email="")
        .values_list("email", flat=True)
    }
    in_thread.discard(reply.email.lower())
    addresses = [
        address
        for address in NotificationAddress.objects.filter(
            confirmed_at__isnull=False, subscriptions__post=reply.post
        )
        if address.email.lower() in in_thread
    ]
    for address in addresses:
        emails.reply_message(address, reply).send()
    return len(addresses)


# Erasure


def personal_data(*, email: str) -> list[str]:
    """What comments store about an address, as lines for the editor."""
    lines = [
        f"Kommentar vom {timezone.localtime(c.created_at):%d.%m.%Y} zu „{c.post}“ "
        f"({c.get_status_display()}) als „{c.name}“"
        for c in Comment.objects.by_email(email).select_related("post")
    ]
    address = find_address(email=email)
    if address is not None:
        posts = ", ".join(
            f"„{s.post}“" for s in address.subscriptions.select_related("post")
        )
        state = "bestätigt" if address.confirmed_at else "unbestätigt"
        lines.append(
            f"Benachrichtigung über Antworten ({state}) zu: {posts or 'keinem Beitrag'}"
        )
    return lines


def erase(*, email: str, anonymise: bool) -> int:
    """
    Erase what comments store about an address (GDPR Art. 17): the consent
    to notifications always; the comments themselves, or with
    anonymise=True only the name, address and website, so the text stays
    under "Anonym". Returns the number of comments touched.
    """
    with transaction.atomic():
        address = find_address(email=email)
        if address is not None:
            address.delete()
        comments = Comment.objects.by_email(email)
        if not anonymise:
            count = comments.count()
            # Replies to these comments go with them (as in the admin).
            comments.delete()
            return count
        touched = list(comments)
        for comment in touched:
            comment.name = "Anonym"
            comment.email = ""
            comment.website = ""
            comment.fingerprint = None
            comment.user = None
            comment.save()
    return len(touched)
