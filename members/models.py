import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from pusteblume_site.slugs import GERMAN_TRANSLITERATION

DOWNLOAD_EXTENSIONS = ["pdf", "epub", "mp3", "m4a", "mp4", "webm", "zip"]


class PrivateStorage(FileSystemStorage):
    """
    Downloads in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, and without a base
    URL: no address serves them but the entitlement-checking view.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def active_q(prefix: str = "") -> Q:
    """
    The one definition of an entitlement in force: not revoked, begun, and
    not past its end (an empty end is for ever).
    """
    now = timezone.now()
    return Q(
        Q(**{f"{prefix}revoked_at__isnull": True}),
        Q(**{f"{prefix}since__lte": now}),
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": now}),
    )


class ProductQuerySet(models.QuerySet):
    def with_active_members(self):
        return self.annotate(
            active_members=Count(
                "entitlements",
                filter=active_q("entitlements__")
                & Q(entitlements__member__isnull=False),
                distinct=True,
            )
        )

    def sold_as(self, digistore_id: str) -> "Product | None":
        """The product Digistore24 sells under this id, if any."""
        for product in self.exclude(digistore_ids=""):
            if digistore_id in product.digistore_id_list:
                return product
        return None


class Product(models.Model):
    """
    A digital product (course, workbook, recordings) that opens texts and
    downloads to its buyers. Posts and pages name the products that open
    them; downloads too.
    """

    name = models.CharField("Name", max_length=120)
    slug = models.SlugField("Kurzname", max_length=80, unique=True)
    description = models.TextField(
        "Beschreibung",
        blank=True,
        help_text="Ein, zwei Sätze: was das Produkt ist. Erscheint im Kasten unter "
        "geschützten Texten, den Fremde sehen.",
    )
    sales_url = models.CharField(
        "Verkaufsseite",
        max_length=300,
        blank=True,
        help_text="Adresse der Seite, auf der man das Produkt kaufen kann, z. B. "
        "„/schreibwerkstatt/“ oder der Link zu Digistore24.",
    )
    digistore_ids = models.CharField(
        "Digistore24-Produkt-IDs",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*\d+(\s*,\s*\d+)*\s*$",
                "Bitte nur Zahlen, durch Kommas getrennt, z. B. „12345, 67890“.",
            )
        ],
        help_text="Unter diesen IDs verkauft Digistore24 das Produkt; jede Zahlung "
        "für eine davon schaltet es frei.",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "Produkt"
        verbose_name_plural = "Produkte"

    def __str__(self):
        return self.name

    @property
    def digistore_id_list(self) -> list[str]:
        return re.findall(r"\d+", self.digistore_ids)


class Download(models.Model):
    title = models.CharField("Titel", max_length=200)
    description = models.CharField("Kurzbeschreibung", max_length=300, blank=True)
    file = models.FileField(
        "Datei",
        storage=private_storage,
        upload_to="downloads/%Y/%m/",
        max_length=300,
        validators=[FileExtensionValidator(DOWNLOAD_EXTENSIONS)],
        help_text="PDF, E-Book, Audio, Video oder ZIP. Die Datei liegt außerhalb "
        "der öffentlichen Uploads: nur angemeldete Mitglieder mit dem Produkt "
        "laden sie herunter.",
    )
    original_name = models.CharField(
        "Dateiname beim Herunterladen", max_length=200, blank=True
    )
    products = models.ManyToManyField(
        Product,
        verbose_name="Produkte",
        related_name="downloads",
        help_text="Wer eines dieser Produkte hat, darf die Datei laden.",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "Download"
        verbose_name_plural = "Downloads"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.original_name and self.file:
            self.original_name = Path(self.file.name).name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "members:download", kwargs={"pk": self.pk, "name": self.download_name}
        )

    @property
    def download_name(self) -> str:
        """The original file name, safe for a header and an address."""
        name = Path(self.original_name or self.file.name).name
        name = unicodedata.normalize("NFC", name).translate(GERMAN_TRANSLITERATION)
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return get_valid_filename(name) if name.strip(" .") else f"download-{self.pk}"


class Member(models.Model):
    """
    A buyer: a user account without a password, signed in by mail links.
    Deleting the account keeps the entitlements, without a person, as
    bookkeeping.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Konto",
        on_delete=models.CASCADE,
        related_name="member",
    )
    name = models.CharField("Name", max_length=150, blank=True)
    created_at = models.DateTimeField("Mitglied seit", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Mitglied"
        verbose_name_plural = "Mitglieder"

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    @property
    def email(self) -> str:
        return self.user.email

    def active_entitlements(self):
        return self.entitlements.filter(active_q()).select_related("product")


class EntitlementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active_q())


class Entitlement(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Von Hand"
        CSV = "csv", "CSV-Import"
        DIGISTORE24 = "digistore24", "Digistore24"

    member = models.ForeignKey(
        Member,
        verbose_name="Mitglied",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entitlements",
    )
    product = models.ForeignKey(
        Product,
        verbose_name="Produkt",
        on_delete=models.PROTECT,
        related_name="entitlements",
    )
    since = models.DateTimeField("Seit", default=timezone.now)
    until = models.DateTimeField(
        "Bis", null=True, blank=True, help_text="Leer: für immer."
    )
    revoked_at = models.DateTimeField("Entzogen am", null=True, blank=True)
    source = models.CharField("Quelle", max_length=20, choices=Source)
    order_id = models.CharField("Digistore24-Bestellung", max_length=60, blank=True)
    paid_until = models.DateTimeField(
        "Bezahlt bis",
        null=True,
        blank=True,
        help_text="Bei Abos: bis wann die letzte Zahlung reicht.",
    )

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        ordering = ["-since"]
        verbose_name = "Zugang"
        verbose_name_plural = "Zugänge"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "product"],
                condition=Q(member__isnull=False),
                name="members_one_entitlement_per_product",
            )
        ]

    def __str__(self):
        return f"{self.product} für {self.member or 'gelöschtes Konto'}"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and self.since <= now
            and (self.until is None or self.until > now)
        )


class EntitlementChange(models.Model):
    """Every grant, end and revocation of an entitlement, with its reason."""

    class Action(models.TextChoices):
        GRANT = "grant", "Gewährt"
        RESTORE = "restore", "Wieder gewährt"
        END = "end", "Endet"
        REVOKE = "revoke", "Entzogen"

    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    action = models.CharField("Änderung", max_length=10, choices=Action)
    reason = models.CharField("Grund", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "Änderung"
        verbose_name_plural = "Verlauf"

    def __str__(self):
        return f"{self.get_action_display()}: {self.reason}"


class IpnCall(models.Model):
    """
    One notification from Digistore24, as the editor's log. Of the buyer it
    keeps only the address and the name.
    """

    class Outcome(models.TextChoices):
        GRANTED = "granted", "Zugang gewährt"
        RESTORED = "restored", "Zugang wieder gewährt"
        REVOKED = "revoked", "Zugang entzogen"
        ENDED = "ended", "Zugang endet"
        DUPLICATE = "duplicate", "Schon verarbeitet"
        UNKNOWN_PRODUCT = "unknown_product", "Unbekanntes Produkt"
        IGNORED = "ignored", "Nichts zu tun"
        FORGED = "forged", "Signatur falsch – abgewiesen"

    received_at = models.DateTimeField("Eingegangen", default=timezone.now)
    event = models.CharField("Ereignis", max_length=40, blank=True)
    transaction_id = models.CharField("Transaktion", max_length=60, blank=True)
    order_id = models.CharField("Bestellung", max_length=60, blank=True)
    product_id = models.CharField("Digistore24-Produkt", max_length=40, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    name = models.CharField("Name", max_length=150, blank=True)
    outcome = models.CharField("Ergebnis", max_length=20, choices=Outcome)
    note = models.CharField("Hinweis", max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "Digistore24-Benachrichtigung"
        verbose_name_plural = "Digistore24-Protokoll"
        indexes = [models.Index(fields=["transaction_id", "event"])]

    def __str__(self):
        return f"{self.event} {self.transaction_id}"
