"""
The site-wide settings row, the kept states of editors' texts (Revision),
and three building blocks for the apps' models: a table with exactly one
row, a Markdown body kept rendered, and a row the site search finds.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString

from . import search
from .markdown import RENDERER_VERSION, link_site_pages, markdown_to_html


class SingletonModel(models.Model):
    """
    A table with exactly one row (pk 1). Until the editor first saves it,
    load() answers with the defaults without writing: a write while a
    reader's page renders would renew the whole page cache.
    """

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="%(app_label)s_%(class)s_single_row"
            )
        ]

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class SiteSettings(SingletonModel):
    """
    The one row of site-wide texts and links the editor changes herself.

    A new site starts with neutral texts; the demo persona comes only from
    `manage.py seed_demo`.
    """

    site_name = models.CharField(
        "Name der Website", max_length=100, default="Meine Website"
    )
    owner_name = models.CharField(
        "Name der Inhaberin",
        max_length=100,
        blank=True,
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
    updated_at = models.DateTimeField("Zuletzt geändert", auto_now=True)

    class Meta(SingletonModel.Meta):
        verbose_name = "Website-Einstellungen"
        verbose_name_plural = "Website-Einstellungen"

    def __str__(self):
        return "Website-Einstellungen"

    @property
    def copyright_holder(self) -> str:
        return self.owner_name or self.site_name


class RenderedMarkdown(models.Model):
    """
    A Markdown body kept rendered in the row, for every model that has one.

    The HTML is rendered on save and stored with the renderer version; a row
    stored by an older renderer is rendered again the first time it is shown
    (or by `manage.py rerender`). Links to pages with a role, such as the
    privacy page in an embed's notice, are filled in when the HTML is shown,
    so renaming such a page never leaves stale links in stored HTML.
    """

    markdown_field = "body"

    body_html = models.TextField(editable=False, default="")
    renderer_version = models.CharField(editable=False, max_length=40, default="")

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None or self.markdown_field in update_fields:
            self.render()
            if update_fields is not None:
                update_fields = {*update_fields, *self.rendered_fields()}
        super().save(*args, update_fields=update_fields, **kwargs)

    def render(self) -> None:
        """Render the Markdown body into the stored fields."""
        self.body_html = markdown_to_html(getattr(self, self.markdown_field))
        self.renderer_version = RENDERER_VERSION

    def rendered_fields(self) -> list[str]:
        """The stored fields render() sets; subclasses that add some extend it."""
        return ["body_html", "renderer_version"]

    @property
    def is_stale(self) -> bool:
        return self.renderer_version != RENDERER_VERSION

    def ensure_rendered(self) -> None:
        """Render a row stored by an older renderer again, once."""
        if not self.is_stale:
            return
        self.render()
        fields = self.rendered_fields()
        type(self)._default_manager.filter(pk=self.pk).update(
            **{field: getattr(self, field) for field in fields}
        )

    def rerender(self) -> None:
        """Render the body again and store it, whatever version it has."""
        self.renderer_version = ""
        self.ensure_rendered()

    @property
    def has_embeds(self) -> bool:
        """Whether the body holds a click-to-load embed (which needs a script)."""
        return "data-embed-src" in self.body_html

    @property
    def rendered_body(self) -> SafeString:
        """The body as HTML to show: sanitised, with the site's links filled in."""
        self.ensure_rendered()
        return link_site_pages(self.body_html)


class Searchable(models.Model):
    """
    A row the site search finds (see search.py). The model says in
    searchable_text() what of it is findable; the search columns follow on
    every save that may change it (`searchable_fields`) and on a re-render.
    """

    searchable_fields: tuple[str, ...] = ("title", "body")
    # Only the search reads these (the whole text, folded, and its vector):
    # reader pages leave them in the database.
    search_columns = ("search_text", "search_vector")

    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=update_fields, **kwargs)
        if update_fields is None or set(update_fields) & set(self.searchable_fields):
            self.update_search_index()

    def searchable_text(self) -> search.SearchableText:
        raise NotImplementedError

    def ensure_rendered(self) -> None:
        stale = self.is_stale
        super().ensure_rendered()
        if stale:
            self.update_search_index()

    def update_search_index(self) -> None:
        values = search.index_values(self.searchable_text())
        type(self)._default_manager.filter(pk=self.pk).update(**values)
        self.search_text = values["search_text"]


class Revision(models.Model):
    """
    A kept state of an editor's text (title, excerpt, body and the like) of
    any model that lists its `revision_fields`.

    A save keeps one; an autosave is at most one per editor and text, kept
    apart from the live row until she restores it. See revisions.py.
    """

    class Kind(models.TextChoices):
        SAVE = "save", "Gespeichert"
        AUTOSAVE = "autosave", "Automatisch gesichert"

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="Art", on_delete=models.CASCADE
    )
    # Empty for the autosave of a text not saved yet (the add form).
    object_id = models.PositiveBigIntegerField("Objekt-ID", null=True, blank=True)
    kind = models.CharField("Art der Version", max_length=10, choices=Kind)
    fields = models.JSONField("Inhalt", default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Von",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("Zeitpunkt", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "Version"
        verbose_name_plural = "Versionen"
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "kind", "-created_at"],
                name="pusteblume_revision_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} am {self.created_at:%d.%m.%Y %H:%M}"

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "unbekannt"
        return self.author.get_full_name() or self.author.get_username()
