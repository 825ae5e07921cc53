import uuid

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Count, Q, Subquery
from django.db.models.functions import Lower
from markdownx.models import MarkdownxField

from pusteblume_site.addresses import address
from pusteblume_site.markdown import MAX_MARKDOWN_LENGTH
from pusteblume_site.models import RenderedMarkdown, Searchable, SingletonModel
from pusteblume_site.search import SearchableText, plain_text

DEFAULT_CONSENT_TEXT = (
    "Ja, ich möchte den Newsletter mit Tipps zu Selbstmarketing, Schreiben und "
    "Events per E-Mail bekommen. Meine Adresse wird nur dafür verwendet. Ich "
    "kann mich jederzeit mit einem Klick in jeder Ausgabe wieder abmelden."
)


class NewsletterBox(SingletonModel):
    """The texts of the signup box in the sidebar, the footer and its page."""

    headline = models.CharField(
        "Überschrift",
        max_length=120,
        default="Mein Newsletter",
        help_text="Gern als Frage, z. B. „Du willst ausgebucht sein?“",
    )
    text = models.CharField(
        "Text",
        max_length=300,
        default="Neue Beiträge und Tipps direkt in dein Postfach.",
        help_text="Eine Zeile: was bekommt, wer sich anmeldet?",
    )
    reassurance = models.CharField(
        "Beruhigung",
        max_length=200,
        default="Kostenlos und jederzeit mit einem Klick abbestellbar.",
        help_text="Z. B. „Kostenlos, unverbindlich, kein Spam.“",
    )
    button_label = models.CharField(
        "Knopf",
        max_length=60,
        default="Anmelden",
        help_text="In der Ich-Form wirkt er am besten, z. B. „Das will ich haben!“",
    )
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta(SingletonModel.Meta):
        verbose_name = "Newsletter-Box"
        verbose_name_plural = "Newsletter-Box"

    def __str__(self):
        return "Newsletter-Box"

    @classmethod
    def with_consent(cls) -> "NewsletterBox":
        """
        The box with the consent wording shown under its form, in one query:
        `consent_version` and `consent_text` ride along as annotations.
        """
        latest = ConsentText.objects.order_by("-version")
        box = (
            cls.objects.filter(pk=1)
            .annotate(
                consent_version=Subquery(latest.values("version")[:1]),
                consent_text=Subquery(latest.values("text")[:1]),
            )
            .first()
        )
        if box is None or box.consent_version is None:
            # A fresh site: default texts, and the first wording is created.
            box = box or cls(pk=1)
            consent = ConsentText.objects.current()
            box.consent_version, box.consent_text = consent.version, consent.text
        return box


class ConsentTextQuerySet(models.QuerySet):
    def current(self):
        """The newest wording, created from the default on a fresh database."""
        latest = self.order_by("-version").first()
        if latest is None:
            latest, _ = self.get_or_create(
                version=1, defaults={"text": DEFAULT_CONSENT_TEXT}
            )
        return latest


class ConsentText(models.Model):
    """
    One wording of the consent shown beside the signup form.

    Versions are never edited: a new wording is a new row, so the exact text
    each subscriber agreed to stays provable for as long as they are on the
    list.
    """

    version = models.PositiveIntegerField("Version", unique=True, editable=False)
    text = models.TextField(
        "Einwilligungstext",
        help_text="Steht unter dem Anmeldeformular. Eine Änderung wird als neue "
        "Version gespeichert; wer früher zugestimmt hat, behält seine Version.",
    )
    created_at = models.DateTimeField("Gültig ab", auto_now_add=True)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = "Einwilligungstext"
        verbose_name_plural = "Einwilligungstexte"

    def __str__(self):
        return f"Version {self.version}"


class Subscriber(models.Model):
    """
    A person on the mailing list, with the proof of their consent.

    Nothing here identifies the device they signed up from: no IP address,
    no user agent. The consent proof is the double opt-in itself: when the
    form was sent, from which page, with which consent text, and when the
    link in the confirmation mail was used.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Unbestätigt"
        CONFIRMED = "confirmed", "Bestätigt"
        UNSUBSCRIBED = "unsubscribed", "Abgemeldet"

    email = models.EmailField(
        "E-Mail-Adresse",
        max_length=254,
        help_text="Gespeichert wie eingegeben, die Domain klein geschrieben.",
    )
    first_name = models.CharField("Vorname", max_length=100, blank=True)
    status = models.CharField(
        "Status", max_length=20, choices=Status, default=Status.PENDING
    )
    key = models.UUIDField(
        "Schlüssel für Links",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Steckt signiert in den Bestätigungs- und Abmeldelinks.",
    )
    consent_text = models.ForeignKey(
        ConsentText,
        verbose_name="Einwilligungstext",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscribers",
    )
    consent_note = models.CharField(
        "Herkunft der Einwilligung",
        max_length=300,
        blank=True,
        help_text="Bei importierten Adressen: woher die Einwilligung stammt.",
    )
    source = models.CharField(
        "Formular auf Seite",
        max_length=200,
        blank=True,
        help_text="Die Seite, auf der das Anmeldeformular ausgefüllt wurde.",
    )
    subscribed_at = models.DateTimeField("Angemeldet am")
    confirmation_sent_at = models.DateTimeField(
        "Bestätigungsmail verschickt am", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("Bestätigt am", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("Abgemeldet am", null=True, blank=True)

    class Meta:
        ordering = ["-subscribed_at"]
        verbose_name = "Abonnent*in"
        verbose_name_plural = "Abonnent*innen"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message="Diese Adresse steht schon in der Liste.",
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email


class Suppression(models.Model):
    """
    A keyed hash of an address whose data was erased.

    It keeps an erased person from being put back on the list by a CSV
    import. Signing up again through the double opt-in is still possible and
    lifts the entry.
    """

    email_hash = models.CharField("Prüfsumme", max_length=64, unique=True)
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        verbose_name = "Sperreintrag"
        verbose_name_plural = "Sperrliste"

    def __str__(self):
        return self.email_hash[:12]


class IssueQuerySet(models.QuerySet):
    def archived(self):
        """Sent issues marked public; a retry of failures keeps them listed."""
        return self.filter(sent_at__isnull=False, is_public=True)

    def with_progress(self):
        return self.annotate(
            sent_count=Count(
                "deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)
            ),
            failed_count=Count(
                "deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)
            ),
            left_count=Count(
                "deliveries",
                filter=Q(
                    deliveries__status__in=[
                        Delivery.Status.PENDING,
                        Delivery.Status.SENDING,
                    ]
                ),
            ),
        )


class Issue(Searchable, RenderedMarkdown, models.Model):
    """One newsletter mailing, written in Markdown and sent once."""

    revision_fields = ["subject", "preheader", "body"]

    class Status(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        SENDING = "sending", "Wird versendet"
        SENT = "sent", "Versendet"

    subject = models.CharField("Betreff", max_length=150)
    slug = models.SlugField(
        "Kurzname im Archiv",
        max_length=160,
        unique=True,
        help_text="Adresse im Web-Archiv: /newsletter/archiv/<kurzname>/",
    )
    preheader = models.CharField(
        "Vorschauzeile",
        max_length=150,
        blank=True,
        help_text="Erscheint in vielen Postfächern grau neben dem Betreff.",
    )
    body = MarkdownxField(
        "Inhalt",
        max_length=MAX_MARKDOWN_LENGTH,
        help_text="In Markdown, wie Blogbeiträge. Die Anrede kommt von selbst.",
    )
    include_latest_posts = models.BooleanField(
        "Neueste Blogbeiträge anhängen",
        default=True,
        help_text="Hängt die drei neuesten Beiträge mit Link an die Mail an.",
    )
    is_public = models.BooleanField(
        "Im Web-Archiv zeigen",
        default=True,
        help_text="Nach dem Versand unter /newsletter/archiv/ lesbar.",
    )
    status = models.CharField(
        "Status", max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    scheduled_for = models.DateTimeField(
        "Versand geplant für",
        null=True,
        blank=True,
        help_text="Leer lassen, um selbst zu senden. Mit Datum und Uhrzeit geht die "
        "Ausgabe dann von selbst an alle bestätigten Abonnent*innen (der Worker muss "
        "laufen). Leeren bricht die Planung ab.",
    )
    recipients_frozen_at = models.DateTimeField(
        "Empfängerliste festgelegt am", null=True, blank=True, editable=False
    )
    sending_started_at = models.DateTimeField(
        "Versand begonnen", null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(
        "Versendet am", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    objects = IssueQuerySet.as_manager()

    searchable_fields = ("subject", "preheader", "body")

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "sent_at"
        indexes = [
            GinIndex(fields=["search_vector"], name="newsletter_issue_search_idx")
        ]
        verbose_name = "Newsletter-Ausgabe"
        verbose_name_plural = "Newsletter-Ausgaben"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return address("newsletter:issue_detail", self.slug)

    def searchable_text(self) -> SearchableText:
        return SearchableText(
            title=self.subject, excerpt=self.preheader, body=plain_text(self.body_html)
        )


class Delivery(models.Model):
    """
    One issue for one subscriber: the row that makes sending resumable.

    A row moves pending -> sending -> sent (or failed) and is claimed with a
    conditional UPDATE right before its SMTP transaction, so no two workers
    and no resumed run can send it twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Wartet"
        SENDING = "sending", "In Zustellung"
        SENT = "sent", "Verschickt"
        FAILED = "failed", "Fehlgeschlagen"
        SKIPPED = "skipped", "Übersprungen"

    issue = models.ForeignKey(
        Issue,
        verbose_name="Ausgabe",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name="Abonnent*in",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        "Status", max_length=20, choices=Status, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("Versuche", default=0)
    error = models.TextField("Fehler", blank=True)
    claimed_at = models.DateTimeField("In Zustellung seit", null=True, blank=True)
    sent_at = models.DateTimeField("Verschickt am", null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "Zustellung"
        verbose_name_plural = "Zustellungen"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"],
                name="newsletter_delivery_once_per_issue",
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"
