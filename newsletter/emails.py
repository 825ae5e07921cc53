"""
The mails the newsletter sends, and the signed links inside them.

Everything here builds messages; nothing sends. Sending lives in
services.py (confirmation mails) and delivery.py (issues).
"""

import re
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from blog.models import Post
from pusteblume_site.models import SiteSettings

from .forms import ascii_address
from .models import Issue, Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
LATEST_POSTS = 3
_RELATIVE_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")/(?!/)')
_RELATIVE_MARKDOWN_LINK = re.compile(r"(\]\()/(?!/)")


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def absolutize(html: SafeString) -> SafeString:
    """
    Make the site-relative links and images of rendered HTML absolute.

    A mail has no base address. Only the attribute prefix changes, so
    sanitised HTML stays sanitised.
    """
    base = absolute_url("")
    return mark_safe(_RELATIVE_ATTRIBUTE.sub(lambda m: f"{m[1]}{base}/", html))


def absolutize_markdown(text: str) -> str:
    base = absolute_url("")
    return _RELATIVE_MARKDOWN_LINK.sub(lambda m: f"{m[1]}{base}/", text)


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.key.hex)


def unsubscribe_token(subscriber: Subscriber) -> str:
    # Not time-limited: the link in a mail from years ago must still work.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(subscriber.key.hex)


def confirmation_url(subscriber: Subscriber) -> str:
    token = confirmation_token(subscriber)
    return absolute_url(reverse("newsletter:confirm", kwargs={"token": token}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = unsubscribe_token(subscriber)
    return absolute_url(reverse("newsletter:unsubscribe", kwargs={"token": token}))


def greeting(first_name: str) -> str:
    if first_name:
        return _("Hallo %(name)s,") % {"name": first_name}
    return _("Hallo,")


def from_address() -> str:
    return settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL


def unsubscribe_mailto() -> str:
    address = settings.NEWSLETTER_UNSUBSCRIBE_EMAIL or parseaddr(from_address())[1]
    return f"mailto:{address}?subject={quote('Abmelden')}"


def site_name() -> str:
    return SiteSettings.load().site_name


def build_confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    site = SiteSettings.load()
    context = {
        "greeting": greeting(subscriber.first_name),
        "confirm_url": confirmation_url(subscriber),
        "valid_days": CONFIRM_MAX_AGE.days,
        "site_name": site.site_name,
        "owner_name": site.owner_name,
        "site_url": absolute_url("/"),
    }
    subject = _("Bitte bestätige deine Anmeldung zum Newsletter")
    message = EmailMultiAlternatives(
        subject=subject,
        body=get_template("newsletter/email/confirmation.txt").render(context),
        from_email=from_address(),
        to=[ascii_address(subscriber.email)],
    )
    message.attach_alternative(
        get_template("newsletter/email/confirmation.html").render(
            context | {"subject": subject}
        ),
        "text/html",
    )
    return message


def latest_posts(limit: int = LATEST_POSTS) -> list[dict]:
    """The newest blog posts as plain dicts with absolute links."""
    return [
        {
            "title": post.title,
            "url": absolute_url(post.get_absolute_url()),
            "excerpt": post.summary,
        }
        for post in Post.objects.published()[:limit]
    ]


class IssueMail:
    """
    What is the same in every copy of an issue, prepared once per run.

    Rendering the Markdown and loading the templates once keeps the cost of
    each further recipient to filling in a greeting and two links.
    """

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        self.posts = latest_posts() if issue.include_latest_posts else []
        self.html_template = get_template("newsletter/email/issue.html")
        self.text_template = get_template("newsletter/email/issue.txt")
        self.mailto = unsubscribe_mailto()
        self.shared = {
            "issue": issue,
            "subject": issue.subject,
            "preheader": issue.preheader,
            "body_html": absolutize(issue.rendered_body),
            "body_text": absolutize_markdown(issue.body).strip(),
            "posts": self.posts,
            "site_name": site_name(),
            "site_url": absolute_url("/"),
            "archive_url": (
                absolute_url(issue.get_absolute_url()) if issue.is_public else ""
            ),
        }

    def message_for(
        self, subscriber: Subscriber, *, subject_prefix: str = ""
    ) -> EmailMultiAlternatives:
        link = unsubscribe_url(subscriber)
        context = self.shared | {
            "greeting": greeting(subscriber.first_name),
            "unsubscribe_url": link,
        }
        message = EmailMultiAlternatives(
            subject=f"{subject_prefix}{self.issue.subject}",
            body=self.text_template.render(context),
            from_email=from_address(),
            to=[ascii_address(subscriber.email)],
            headers={
                # RFC 2369 and RFC 8058: mail programs show an "unsubscribe"
                # button and may POST to the link without a browser.
                "List-Unsubscribe": f"<{link}>, <{self.mailto}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(self.html_template.render(context), "text/html")
        return message
