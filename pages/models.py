from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString
from markdownx.models import MarkdownxField

from blog.models import SlugHistoryMixin
from pusteblume_site import access
from pusteblume_site.addresses import address
from pusteblume_site.markdown import MAX_MARKDOWN_LENGTH, link_site_pages
from pusteblume_site.models import RenderedMarkdown, Searchable
from pusteblume_site.page_cache import PAGE_TIMEOUT, content_value
from pusteblume_site.search import SearchableText, plain_text


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_menu(self):
        return self.published().filter(show_in_menu=True)

    def with_role(self, role: str):
        return self.published().filter(role=role)


class Page(SlugHistoryMixin, Searchable, RenderedMarkdown, models.Model):
    """
    A static page such as "Beratung" or "Impressum".

    A page may have a role, by which the site finds it whatever its title or
    slug: the home page at "/", the lead of the blog at "/blog/", the about,
    Impressum and privacy pages that the footer and the forms link to.
    """

    # Kept on every save and autosave (pusteblume_site.revisions).
    revision_fields = ["title", "body"]

    class Role(models.TextChoices):
        HOME = "home", "Startseite"
        BLOG = "blog", "Kopf der Blog-Übersicht"
        ABOUT = "about", "Über mich"
        IMPRESSUM = "impressum", "Impressum"
        PRIVACY = "datenschutz", "Datenschutzhinweise"

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(
        "Kurzname in der Adresse",
        max_length=100,
        unique=True,
        help_text="Erscheint in der Adresse, z. B. „beratung“ für /beratung/.",
    )
    role = models.CharField(
        "Aufgabe",
        max_length=20,
        choices=Role,
        blank=True,
        help_text="Woran die Website diese Seite erkennt, auch wenn du Titel oder "
        "Kurznamen änderst: Die Startseite steht unter /, der Kopf der "
        "Blog-Übersicht unter /blog/; Fußzeile und Formulare verlinken Impressum "
        "und Datenschutzhinweise. Jede Aufgabe hat höchstens eine Seite.",
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
        max_length=MAX_MARKDOWN_LENGTH,
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
    # Members' area: the flag and the products that open the page.
    members_only = models.BooleanField(
        "Für Mitglieder",
        default=False,
        help_text="Wer keines der Produkte unten hat, sieht nur den Titel, den Text "
        "über einer Zeile nur mit [mehr] und einen Kasten mit dem Produkt.",
    )
    member_products = models.ManyToManyField(
        "members.Product",
        verbose_name="Produkte, die sie öffnen",
        blank=True,
        related_name="pages",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    objects = PageQuerySet.as_manager()

    searchable_fields = ("title", "meta_description", "body", "members_only")

    class Meta:
        ordering = ["menu_position", "title"]
        verbose_name = "Seite"
        verbose_name_plural = "Seiten"
        indexes = [
            models.Index(fields=["show_in_menu", "menu_position"]),
            GinIndex(fields=["search_vector"], name="pages_page_search_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role=""),
                name="pages_page_one_per_role",
                violation_error_message="Diese Aufgabe hat schon eine andere Seite. "
                "Nimm sie dort zuerst heraus.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.remember_old_slug()

    def get_absolute_url(self):
        if self.role == self.Role.HOME:
            return address("pages:home")
        if self.role == self.Role.BLOG:
            return address("blog:post_list")
        return address("pages:page_detail", self.slug)

    def searchable_text(self) -> SearchableText:
        return SearchableText(
            title=self.title,
            excerpt=self.meta_description,
            body=plain_text(
                access.teaser_html(self.body_html)
                if access.is_protected(self)
                else access.full_html(self.body_html)
            ),
        )

    @property
    def label(self):
        return self.menu_label or self.title

    @property
    def rendered_body(self) -> SafeString:
        return access.full_html(super().rendered_body)

    @property
    def teaser_html(self) -> SafeString:
        """What readers without access see of a protected page."""
        self.ensure_rendered()
        return link_site_pages(access.teaser_html(self.body_html))


def site_pages() -> list[Page]:
    """
    The published pages the site shows on every page: those in the menu and
    those with a role. One query per content version.
    """
    return content_value(
        "pages:site-pages",
        lambda: list(
            Page.objects.published()
            .filter(Q(show_in_menu=True) | ~Q(role=""))
            .only(
                *("title", "slug", "role", "menu_label", "tagline"),
                *("show_in_menu", "parent_id", "menu_position"),
            )
            .order_by("menu_position", "title")
        ),
        PAGE_TIMEOUT,
    )


def role_links() -> dict[str, str]:
    """The address of each published page with a role, by role."""
    return {page.role: page.get_absolute_url() for page in site_pages() if page.role}
