from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from markdownx.models import MarkdownxField

from pusteblume_site.markdown import rendered_html

HOME_SLUG = "startseite"
BLOG_SLUG = "blog"


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_menu(self):
        return self.published().filter(show_in_menu=True)


class Page(models.Model):
    """
    A static page such as "Beratung" or "Impressum".

    Two slugs are special: the page "startseite" is the home page at "/", and
    the page "blog" holds the title and lead of the blog at "/blog/".
    """

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(
        "Kurzname in der Adresse",
        max_length=100,
        unique=True,
        help_text="Erscheint in der Adresse, z. B. „beratung“ für /beratung/. "
        "„startseite“ ist die Startseite, „blog“ der Kopf der Blog-Übersicht.",
    )
    menu_label = models.CharField(
        "Name im Menü",
        max_length=60,
        blank=True,
        help_text="Leer lassen, um den Titel zu verwenden.",
    )
    tagline = models.CharField(
        "Unterzeile im Menü",
        max_length=80,
        blank=True,
        help_text="Kurze Zeile unter dem Menüpunkt, z. B. „Content und Cases“.",
    )
    show_in_menu = models.BooleanField("Im Hauptmenü zeigen", default=False)
    menu_position = models.PositiveSmallIntegerField(
        "Position im Menü",
        default=0,
        help_text="Kleinere Zahlen stehen weiter vorn.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="Übergeordnete Seite",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="Nur eine Ebene: die Seite erscheint im Menü unter dieser Seite.",
    )
    body = MarkdownxField(
        "Inhalt",
        blank=True,
        help_text="In Markdown. Die Vorschau zeigt genau, was Leserinnen sehen.",
    )
    meta_description = models.CharField(
        "Beschreibung für Suchmaschinen",
        max_length=160,
        blank=True,
        help_text="Ein bis zwei Sätze, höchstens 160 Zeichen.",
    )
    is_published = models.BooleanField(
        "Veröffentlicht",
        default=True,
        help_text="Nicht veröffentlichte Seiten sieht nur, wer angemeldet ist.",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_position", "title"]
        verbose_name = "Seite"
        verbose_name_plural = "Seiten"
        indexes = [models.Index(fields=["show_in_menu", "menu_position"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == HOME_SLUG:
            return reverse("pages:home")
        if self.slug == BLOG_SLUG:
            return reverse("blog:post_list")
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    @property
    def label(self):
        return self.menu_label or self.title

    @property
    def has_embeds(self) -> bool:
        """Whether the body holds a click-to-load embed (which needs a script)."""
        return "data-embed-src" in self.body_html

    @cached_property
    def body_html(self) -> SafeString:
        # Sanitised by render_markdown: the one place page HTML is marked safe.
        return mark_safe(rendered_html(self, self.body))


class SiteSettings(models.Model):
    """The one row of site-wide texts and links the editor changes herself."""

    site_name = models.CharField("Name der Website", max_length=100)
    owner_name = models.CharField(
        "Name der Inhaberin",
        max_length=100,
        help_text="Erscheint im Copyright und als Autorin.",
    )
    tagline = models.CharField("Versprechen der Website", max_length=120, blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    pinterest_url = models.URLField("Pinterest", blank=True)
    footer_text = models.CharField(
        "Text in der Fußzeile",
        max_length=300,
        blank=True,
        help_text="Ein Satz über dich, unten auf jeder Seite.",
    )
    newsletter_headline = models.CharField(
        "Newsletter-Box: Überschrift", max_length=120
    )
    newsletter_text = models.CharField("Newsletter-Box: Text", max_length=300)
    newsletter_reassurance = models.CharField(
        "Newsletter-Box: Beruhigung",
        max_length=200,
        help_text="Z. B. „Kostenlos, unverbindlich, kein Spam.“",
    )
    newsletter_button_label = models.CharField("Newsletter-Box: Knopf", max_length=60)
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta:
        verbose_name = "Website-Einstellungen"
        verbose_name_plural = "Website-Einstellungen"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="single_site_settings"
            )
        ]

    def __str__(self):
        return "Website-Einstellungen"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The settings row, created with sensible texts on first use."""
        settings, _ = cls.objects.get_or_create(pk=1, defaults=DEFAULT_SITE_SETTINGS)
        return settings


DEFAULT_SITE_SETTINGS = {
    "site_name": "Pusteblume",
    "owner_name": "Lena Sommer",
    "tagline": "Ausgebucht ohne Akquise",
    "footer_text": "Beratung, Bücher und Bühne für Menschen, die sichtbar werden "
    "wollen.",
    "newsletter_headline": "Du willst ausgebucht sein, ohne Klinken zu putzen?",
    "newsletter_text": "Hol dir meine besten Selbstmarketing-Tipps direkt in dein "
    "Postfach.",
    "newsletter_reassurance": "Kostenlos, unverbindlich und garantiert ohne Spam.",
    "newsletter_button_label": "Das will ich haben!",
}
