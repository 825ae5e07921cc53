"""
The mails about comments and the signed links inside them. Everything here
builds messages; services.py sends them.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pusteblume_site.models import SiteSettings

from ..models import Comment, NotificationAddress, Post

CONFIRM_SALT = "blog.comment-notifications.confirm"
STOP_SALT = "blog.comment-notifications.stop"
CONFIRM_MAX_AGE = timedelta(days=7)
ALL_POSTS = "alle"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirmation_token(address: NotificationAddress) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(address.key.hex)


def stop_token(address: NotificationAddress, post: Post | None) -> str:
    # Not time-limited: a notification from years ago must still stop them.
    scope = str(post.pk) if post is not None else ALL_POSTS
    return signing.Signer(salt=STOP_SALT).sign(f"{address.key.hex}:{scope}")


def stop_url(address: NotificationAddress, post: Post | None) -> str:
    token = stop_token(address, post)
    return absolute_url(reverse("blog:comment_notifications_stop", args=[token]))


def _site() -> dict:
    site = SiteSettings.load()
    return {
        "site_name": site.site_name,
        "owner_name": site.owner_name,
        "site_url": absolute_url("/"),
    }


def moderation_message(comments: list[Comment], to: list[str]) -> EmailMessage:
    """One mail to the author about one new comment or a digest of several."""
    if len(comments) == 1:
        comment = comments[0]
        subject = _("Neuer Kommentar von %(name)s zu „%(post)s“") % {
            "name": comment.name,
            "post": comment.post.title,
        }
    else:
        subject = ngettext(
            "%(count)d neuer Kommentar",
            "%(count)d neue Kommentare",
            len(comments),
        ) % {"count": len(comments)}
    context = _site() | {
        "comments": [
            {
                "comment": comment,
                "admin_url": absolute_url(comment.admin_url()),
                "post_url": absolute_url(comment.post.get_absolute_url()),
            }
            for comment in comments
        ],
        "queue_url": absolute_url(reverse("admin:blog_comment_changelist"))
        + "?status__exact=pending",
        "interval": settings.COMMENTS_MAIL_INTERVAL,
    }
    return EmailMessage(
        subject=subject,
        body=render_to_string("blog/email/comment_moderation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )


def confirmation_message(address: NotificationAddress, post: Post) -> EmailMessage:
    token = confirmation_token(address)
    context = _site() | {
        "post": post,
        "post_url": absolute_url(post.get_absolute_url()),
        "confirm_url": absolute_url(
            reverse("blog:comment_notifications_confirm", args=[token])
        ),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    return EmailMessage(
        subject=_("Bitte bestätige: Benachrichtigung über Antworten"),
        body=render_to_string("blog/email/notification_confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address.email],
    )


def reply_message(address: NotificationAddress, reply: Comment) -> EmailMessage:
    stop_post = stop_url(address, reply.post)
    context = _site() | {
        "reply": reply,
        "post": reply.post,
        "reply_url": absolute_url(reply.get_absolute_url()),
        "stop_post_url": stop_post,
        "stop_all_url": stop_url(address, None),
    }
    return EmailMessage(
        subject=_("Neue Antwort zu „%(post)s“") % {"post": reply.post.title},
        body=render_to_string("blog/email/reply_notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address.email],
        headers={
            # RFC 8058: mail programs offer a button that POSTs to the link.
            "List-Unsubscribe": f"<{stop_post}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
