"""
Readers' comments under posts, and what keeps them tidy: blocked terms and
the consent to reply notifications.

Nothing here identifies a commenter's device: no IP address, no user agent.
A comment keeps what the reader typed in, when, and its moderation state.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from ..comments.text import render_comment
from .posts import Post

MAX_NAME_LENGTH = 100
MAX_EMAIL_LENGTH = 254
MAX_WEBSITE_LENGTH = 200
MAX_TEXT_LENGTH = 5000


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self):
        """
        What readers see: approved comments whose thread is approved too.
        A reply under a comment that is pending, spam or gone never shows,
        and never counts.
        """
        return self.approved().filter(
            Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED)
        )

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email: str):
        # Lower() on both sides, as in the unique constraints: SQLite's
        # lower() and Python's str.lower() disagree beyond ASCII.
        return self.alias(email_lower=Lower("email")).filter(
            email_lower=Lower(Value(email.strip()))
        )


class Comment(models.Model):
    """
    A reader's comment on a post, or a reply to one (threads are one level
    deep: a reply to a reply answers the same top-level comment).

    New comments wait for approval; spam is kept out of sight until
    `manage.py prune_spam_comments` deletes it. `fingerprint` makes a second
    identical submission (a double click, a reload) find the first instead
    of adding a copy.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Wartet auf Freigabe"
        APPROVED = "approved", "Freigegeben"
        SPAM = "spam", "Spam"

    post = models.ForeignKey(
        Post, verbose_name="Beitrag", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="Antwort auf",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="Wird der Kommentar gelöscht, gehen die Antworten darauf mit.",
    )
    name = models.CharField("Name", max_length=MAX_NAME_LENGTH)
    email = models.EmailField(
        "E-Mail-Adresse",
        max_length=MAX_EMAIL_LENGTH,
        blank=True,
        help_text="Wird nie angezeigt. Leer bei anonymisierten Kommentaren.",
    )
    website = models.URLField("Website", max_length=MAX_WEBSITE_LENGTH, blank=True)
    text = models.TextField("Text", max_length=MAX_TEXT_LENGTH)
    status = models.CharField(
        "Status", max_length=10, choices=Status, default=Status.PENDING
    )
    is_author = models.BooleanField(
        "Antwort der Autorin",
        default=False,
        help_text="Steht mit dem Hinweis „Autorin“ unter dem Beitrag.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Geschrieben von (Konto)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("Geschrieben am", default=timezone.now)
    approved_at = models.DateTimeField("Freigegeben am", null=True, blank=True)
    spam_at = models.DateTimeField("Als Spam markiert am", null=True, blank=True)
    # NULL, not "", for anonymised comments: unique, yet many may have none.
    fingerprint = models.CharField(  # noqa: DJ001
        max_length=64, null=True, editable=False
    )
    author_notified_at = models.DateTimeField(
        "Autorin benachrichtigt am", null=True, blank=True, editable=False
    )
    subscribers_notified_at = models.DateTimeField(
        "Antwort-Benachrichtigungen verschickt am",
        null=True,
        blank=True,
        editable=False,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "Kommentar"
        verbose_name_plural = "Kommentare"
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"], name="blog_comment_fingerprint_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["post", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"{self.name} zu „{self.post}“"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._shown_when_loaded = self.status == self.Status.APPROVED

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._shown_when_loaded = instance.__dict__.get("status") == (
            cls.Status.APPROVED
        )
        return instance

    @property
    def text_html(self):
        return render_comment(self.text)

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    @property
    def changes_reader_pages(self) -> bool:
        """
        Whether saving or deleting this comment changes a reader's page:
        only when it is, or was, approved. A new pending comment or spam
        leaves every cached page as it is (see pusteblume_site.page_cache).
        """
        return self.status == self.Status.APPROVED or getattr(
            self, "_shown_when_loaded", False
        )

    @property
    def thread_id(self) -> int:
        return self.parent_id or self.pk

    def admin_url(self) -> str:
        return reverse("admin:blog_comment_change", args=[self.pk])


class BlockedTerm(models.Model):
    """A word or domain that marks a comment as spam wherever it appears."""

    term = models.CharField(
        "Begriff oder Domain",
        max_length=100,
        help_text="Groß- und Kleinschreibung egal; gefunden wird er in Name, "
        "E-Mail-Adresse, Website und Text, auch als Teil eines Worts "
        "(„casino“ trifft „Onlinecasino“). Domains einfach so eintragen: "
        "„billig-pillen.example“.",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "Gesperrter Begriff"
        verbose_name_plural = "Gesperrte Begriffe (Kommentare)"
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="blog_blockedterm_term_ci_unique",
                violation_error_message="Diesen Begriff gibt es schon.",
            )
        ]

    def __str__(self):
        return self.term


class NotificationAddress(models.Model):
    """
    An address that asked to hear about replies, with its double opt-in.

    Mails go only to a confirmed address. One row per address, whatever
    the number of posts it follows (see NotificationSubscription).
    """

    email = models.EmailField("E-Mail-Adresse", max_length=MAX_EMAIL_LENGTH)
    key = models.UUIDField(
        "Schlüssel für Links", default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField("Angelegt", default=timezone.now)
    confirmation_sent_at = models.DateTimeField(
        "Bestätigungsmail verschickt am", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("Bestätigt am", null=True, blank=True)

    class Meta:
        verbose_name = "Adresse für Antwort-Benachrichtigungen"
        verbose_name_plural = "Adressen für Antwort-Benachrichtigungen"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="blog_notificationaddress_email_ci_unique"
            )
        ]

    def __str__(self):
        return self.email


class NotificationSubscription(models.Model):
    """A confirmed (or pending) address follows the replies on one post."""

    address = models.ForeignKey(
        NotificationAddress,
        verbose_name="Adresse",
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    post = models.ForeignKey(
        Post,
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="notification_subscriptions",
    )
    created_at = models.DateTimeField("Angelegt", default=timezone.now)

    class Meta:
        verbose_name = "Benachrichtigung zu einem Beitrag"
        verbose_name_plural = "Benachrichtigungen zu Beiträgen"
        constraints = [
            models.UniqueConstraint(
                fields=["address", "post"], name="blog_subscription_unique"
            )
        ]

    def __str__(self):
        return f"{self.address} → {self.post}"
