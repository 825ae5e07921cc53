import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import connections, models
from django.db.models import (
    Count,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject, Least
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from markdownx.models import MarkdownxField
from taggit.managers import TaggableManager

from pusteblume_site import access
from pusteblume_site.addresses import address
from pusteblume_site.images import CleanImageField, make_renditions
from pusteblume_site.markdown import (
    MAX_MARKDOWN_LENGTH,
    RENDERER_VERSION,
    link_site_pages,
    markdown_to_html,
    table_of_contents,
)
from pusteblume_site.models import RenderedMarkdown, Searchable
from pusteblume_site.search import SearchableText
from pusteblume_site.search import plain_text as search_plain_text
from pusteblume_site.slugs import unique_slug

from ..text import plain_text
from .history import OldSlug, SlugHistoryMixin
from .taxonomy import Category, PostTagManager

GALLERY_MARKER = "<p>[galerie]</p>"
GALLERY_PARAGRAPH = re.compile(r"<p>\s*\[galerie\]\s*</p>", re.IGNORECASE)
WORDS_PER_MINUTE = 200
EXCERPT_WORDS = 40


def live_q(prefix: str = "") -> Q:
    """
    The one definition of a live post: published, and its publish time has
    come. A post scheduled for later therefore appears by itself, with no job
    to run. `prefix` lets other models filter through a relation
    ("posts__").
    """
    return Q(
        **{
            f"{prefix}status": Post.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


# Post.related_posts(): see there. Standard SQL for SQLite and
# PostgreSQL; {tags} is one placeholder per tag id.
RELATED_SQL = """
SELECT post.id, post.title, post.slug, post.published_at
FROM blog_post AS post
LEFT JOIN (
    SELECT content_object_id, COUNT(*) AS shared_tags
    FROM blog_taggedpost
    WHERE tag_id IN ({tags})
    GROUP BY content_object_id
) AS shared ON shared.content_object_id = post.id
WHERE post.id IN (
    SELECT content_object_id FROM blog_taggedpost WHERE tag_id IN ({tags})
    UNION
    SELECT id FROM blog_post WHERE category_id = %s
)
AND post.status = %s AND post.published_at <= %s AND post.id <> %s
ORDER BY
    COALESCE(shared.shared_tags, 0) DESC,
    CASE WHEN post.category_id = %s THEN 1 ELSE 0 END DESC,
    post.published_at DESC
LIMIT %s
"""


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts readers may see. Every reader-facing path starts here."""
        return self.filter(live_q())

    def scheduled(self):
        """Posts set to appear by themselves at a later time."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def for_list(self):
        """What a post card shows, without the heavy text columns."""
        return (
            self.select_related("category")
            .defer("body", "body_html", "toc", "meta_description")
            .defer(*Post.search_columns)
            .with_comment_count()
        )

    def with_comment_count(self):
        """Annotate `comment_count`: the comments readers see, in the query."""
        from .comments import Comment

        visible = (
            Comment.objects.visible()
            .filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(Subquery(visible), 0))

    def for_detail(self):
        """
        A post with its category and author in one query. Its tags and
        gallery show only inside the post's cached content, so they are
        read when that is rendered, not on every page view.
        """
        return self.select_related("category", "author__author_profile").defer(
            *Post.search_columns
        )

    def with_neighbours(self):
        """
        Annotate the previous and next live post as {"title", "slug"}
        (or None), so they come with the post instead of in two queries.
        """
        # Plain ranges on published_at (ties broken by pk) let the database
        # walk its index from the post outwards and stop at the first row.
        # Older posts are live when they are no newer than both the post and
        # now: one bound, so the walk starts at the post, not at now.
        older = (
            Post.objects.filter(
                status=Post.Status.PUBLISHED,
                published_at__lte=Least(
                    OuterRef("published_at"), Value(timezone.now())
                ),
            )
            .exclude(published_at=OuterRef("published_at"), pk__gte=OuterRef("pk"))
            .order_by("-published_at", "-pk")
        )
        newer = (
            Post.objects.published()
            .filter(published_at__gte=OuterRef("published_at"))
            .exclude(published_at=OuterRef("published_at"), pk__lte=OuterRef("pk"))
            .order_by("published_at", "pk")
        )
        link = JSONObject(title="title", slug="slug")
        return self.annotate(
            previous_link=Subquery(
                older.values(link=link)[:1], output_field=JSONField()
            ),
            next_link=Subquery(newer.values(link=link)[:1], output_field=JSONField()),
        )

    def delete(self):
        OldSlug.objects.bury(self)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class Post(SlugHistoryMixin, Searchable, RenderedMarkdown, models.Model):
    # Kept on every save and autosave (pusteblume_site.revisions).
    revision_fields = ["title", "excerpt", "body"]

    class Status(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        PUBLISHED = "published", "Veröffentlicht"

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(
        "Kurzname in der Adresse",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Leer lassen: wird aus dem Titel gebildet (ä → ae, ß → ss). "
        "Ändern geht auch nach dem Veröffentlichen: die alte Adresse leitet dann "
        "auf die neue weiter.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Autorin",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Name und Kurzbiografie erscheinen unter dem Beitrag.",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="Kategorie",
        on_delete=models.PROTECT,
        related_name="posts",
    )
    tags = TaggableManager(
        "Schlagwörter",
        blank=True,
        through="blog.TaggedPost",
        manager=PostTagManager,
        help_text="Durch Kommas getrennt. Groß- und Kleinschreibung spielt keine "
        "Rolle: „Ärger“ und „ärger“ sind dasselbe Schlagwort.",
    )
    excerpt = models.TextField(
        "Anreißer",
        blank=True,
        max_length=500,
        help_text="Zwei, drei Sätze für Übersichten, Feed und Suchmaschinen. Leer "
        "lassen: dann stehen dort die ersten rund 40 Wörter des Textes.",
    )
    body = MarkdownxField(
        "Text",
        max_length=MAX_MARKDOWN_LENGTH,
        help_text="In Markdown: „## “ beginnt eine Zwischenüberschrift, „- “ eine "
        "Aufzählung, „> “ ein Zitat. Bilder einfach ins Feld ziehen. Eine Zeile nur "
        "mit [galerie] setzt die Galerie (unten) an diese Stelle. Eine Zeile nur "
        "mit einem Link zu YouTube, Vimeo, GIPHY, Speaker Deck, SlideShare, "
        "Instagram oder Facebook wird ein Inhalt, der erst nach einem Klick lädt.",
    )
    status = models.CharField(
        "Status",
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Leserinnen sehen den Beitrag erst, wenn er „Veröffentlicht“ ist "
        "und sein Veröffentlichungsdatum erreicht ist. Einen Entwurf siehst nur du, "
        "unter seiner späteren Adresse.",
    )
    published_at = models.DateTimeField(
        "Veröffentlichungsdatum",
        default=timezone.now,
        help_text="Liegt das Datum in der Zukunft, ist der Beitrag geplant: er "
        "erscheint zu diesem Zeitpunkt von selbst.",
    )
    meta_description = models.CharField(
        "Beschreibung für Suchmaschinen",
        max_length=160,
        blank=True,
        help_text="Höchstens 160 Zeichen. Leer lassen: der Anreißer wird verwendet.",
    )
    pinned = models.BooleanField(
        "In „Beliebte Beiträge“ anheften",
        default=False,
        help_text="Angeheftete Beiträge stehen in der Seitenleiste vor den "
        "meistgelesenen.",
    )
    comments_enabled = models.BooleanField(
        "Kommentare erlaubt",
        default=True,
        help_text="Ohne Haken sind die Kommentare geschlossen: freigegebene bleiben "
        "sichtbar, neue kommen keine dazu. Ist die Website so eingestellt, "
        "schließen sie außerdem eine feste Zahl von Tagen nach der "
        "Veröffentlichung von selbst.",
    )
    cover = CleanImageField(
        "Titelbild",
        upload_to="blog/covers/%Y/%m/",
        blank=True,
        help_text="JPEG, PNG, GIF oder WebP, am besten mindestens 1600 Pixel breit. "
        "Ortsangaben und andere Metadaten werden beim Hochladen entfernt.",
    )
    cover_renditions = models.JSONField(editable=False, default=dict)
    cover_alt = models.CharField(
        "Titelbild: Alternativtext",
        max_length=250,
        blank=True,
        help_text="Was ist auf dem Bild zu sehen? Für Menschen, die es nicht sehen "
        "können. Pflicht, sobald es ein Titelbild gibt.",
    )
    cover_caption = models.CharField(
        "Titelbild: Bildunterschrift", max_length=300, blank=True
    )
    cover_credit = models.CharField(
        "Titelbild: Bildnachweis",
        max_length=200,
        blank=True,
        help_text="Fotografin oder Quelle, z. B. „Foto: Agentur / © Name“. Steht unter "
        "dem Bild, wie es Bildlizenzen verlangen.",
    )
    # Members' area: the flag and the products that open the post.
    members_only = models.BooleanField(
        "Für Mitglieder",
        default=False,
        help_text="Wer keines der Produkte unten hat, sieht nur Titel, Anreißer "
        "(oder den Text über einer Zeile nur mit [mehr]) und einen Kasten mit dem "
        "Produkt. Feed, Suche, Newsletter und Vorschauen zeigen nur den Anreißer.",
    )
    member_products = models.ManyToManyField(
        "members.Product",
        verbose_name="Produkte, die ihn öffnen",
        blank=True,
        related_name="posts",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Zuletzt gespeichert", auto_now=True)

    # Derived from the body on save (see render()), never per request;
    # body_html and renderer_version come from RenderedMarkdown.
    toc = models.JSONField(editable=False, default=list)
    summary = models.TextField(editable=False, default="")
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    body_digest = models.CharField(editable=False, max_length=64, default="")
    revised_at = models.DateTimeField(
        "Inhaltlich überarbeitet",
        null=True,
        editable=False,
        help_text="Wann Titel oder Text zuletzt geändert wurden.",
    )

    objects = PostQuerySet.as_manager()

    searchable_fields = ("title", "excerpt", "body", "members_only")

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = "Beitrag"
        verbose_name_plural = "Beiträge"
        indexes = [
            models.Index(fields=["status", "published_at"], name="blog_post_live_idx"),
            models.Index(
                fields=["category", "status", "published_at"],
                name="blog_post_category_live_idx",
            ),
            GinIndex(fields=["search_vector"], name="blog_post_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cover="") | ~Q(cover_alt=""),
                name="blog_post_cover_has_alt",
                violation_error_message="Bitte beschreibe das Titelbild im "
                "Alternativtext.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self,
                self.title,
                fallback="beitrag",
                reserved=OldSlug.objects.for_model(Post),
            )
        self.cover_renditions = renditions_for(self.cover, self.cover_renditions)
        super().save(*args, **kwargs)
        self.remember_old_slug()

    def get_absolute_url(self):
        return address("blog:post_detail", self.slug)

    def related_posts(self, *, limit=3) -> list["Post"]:
        """
        Up to `limit` live posts sharing the most tags with this one, then its
        category, newest first (title, slug and date only): one query
        whatever the number of tags.

        Only posts that share a tag or the category are looked at (a UNION
        rather than an OR, which would make the database look at every live
        post), and the shared tags are counted per candidate, so the query
        stays quick however many posts there are. It is written out in SQL:
        the ORM spent ten times longer building it (its subqueries, the
        UNION and the CASE) than the database spends answering it, on every
        full render of a post.
        """
        tag_ids = [tag.pk for tag in self.tags.all()]
        tags = ", ".join(["%s"] * len(tag_ids)) or "NULL"
        ops = connections[Post.objects.db].ops
        sql = RELATED_SQL.format(tags=tags)
        params = [
            *tag_ids,
            *tag_ids,
            self.category_id,
            # The live rule of live_q(), as SQL.
            Post.Status.PUBLISHED,
            ops.adapt_datetimefield_value(timezone.now()),
            self.pk,
            self.category_id,
            limit,
        ]
        return list(Post.objects.raw(sql, params))

    def searchable_text(self) -> SearchableText:
        return SearchableText(
            title=self.title,
            excerpt=self.excerpt,
            body=search_plain_text(self.public_body_html()),
        )

    def public_body_html(self) -> str:
        """The body anybody may read: above `[mehr]` only, if for members."""
        if access.is_protected(self):
            return access.teaser_html(self.body_html)
        return access.full_html(self.body_html)

    def delete(self, *args, **kwargs):
        OldSlug.objects.bury([self])
        return super().delete(*args, **kwargs)

    @property
    def comments_open(self) -> bool:
        """Whether readers may comment now (see COMMENTS_CLOSE_AFTER_DAYS)."""
        if not self.comments_enabled or not self.is_live:
            return False
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return not days or timezone.now() < self.published_at + timedelta(days=days)

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
        )

    def render(self) -> None:
        """
        Keep the stored HTML, contents, summary and reading time in step with
        the body and the renderer. Cheap when nothing changed.
        """
        digest = hashlib.sha256(f"{self.title}\0{self.body}".encode()).hexdigest()
        source_changed = digest != self.body_digest
        if source_changed or self.is_stale:
            html = markdown_to_html(self.body)
            html, _ = GALLERY_PARAGRAPH.subn(GALLERY_MARKER, html)
            self.body_html = html
            self.toc = [
                {"level": h.level, "id": h.id, "text": h.text}
                for h in table_of_contents(html)
            ]
            words = len(plain_text(html).split())
            self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
            if source_changed and self.pk and self.body_digest:
                self.revised_at = timezone.now()
            self.body_digest = digest
            self.renderer_version = RENDERER_VERSION
        # A protected post's summary comes from its teaser only: every
        # feed, card, newsletter and description shows the summary.
        shown = (
            access.teaser_html(self.body_html)
            if self.members_only
            else access.full_html(self.body_html)
        )
        self.summary = self.excerpt.strip() or Truncator(plain_text(shown)).words(
            EXCERPT_WORDS, truncate="…"
        )

    def rendered_fields(self) -> list[str]:
        return [*super().rendered_fields(), "toc", "summary", "reading_minutes"]

    @property
    def body_html_parts(self) -> list[SafeString]:
        """The body to show, split where the gallery goes."""
        self.ensure_rendered()
        return [
            link_site_pages(access.full_html(part))
            for part in self.body_html.split(GALLERY_MARKER)
        ]

    @property
    def teaser_html(self) -> SafeString:
        """What readers without access see of a protected post's body."""
        self.ensure_rendered()
        return link_site_pages(
            access.teaser_html(self.body_html.replace(GALLERY_MARKER, ""))
        )

    @property
    def table_of_contents(self) -> list[dict]:
        """The H2 headings, when there are enough to need a table of contents."""
        headings = [h for h in self.toc if h["level"] == 2]
        return headings if len(headings) >= 4 else []

    @property
    def was_revised(self) -> bool:
        """Whether the text changed on a later day than it was published."""
        return bool(
            self.revised_at
            and timezone.localdate(self.revised_at)
            > timezone.localdate(self.published_at)
        )

    @property
    def previous_post(self):
        """The previous live post (title and slug only), after with_neighbours()."""
        return Post(**self.previous_link) if self.previous_link else None

    @property
    def next_post(self):
        """The next live post (title and slug only), after with_neighbours()."""
        return Post(**self.next_link) if self.next_link else None


class GalleryImage(models.Model):
    post = models.ForeignKey(
        Post,
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="gallery_images",
    )
    image = CleanImageField(
        "Bild",
        upload_to="blog/gallery/%Y/%m/",
        help_text="JPEG, PNG, GIF oder WebP. Metadaten werden beim Hochladen entfernt.",
    )
    renditions = models.JSONField(editable=False, default=dict)
    alt = models.CharField(
        "Alternativtext",
        max_length=250,
        help_text="Was ist zu sehen? Für Menschen, die das Bild nicht sehen können.",
    )
    caption = models.CharField("Bildunterschrift", max_length=300, blank=True)
    credit = models.CharField(
        "Bildnachweis",
        max_length=200,
        blank=True,
        help_text="Z. B. „Foto: Agentur / © Name“.",
    )
    order = models.PositiveSmallIntegerField(
        "Reihenfolge", default=0, help_text="Kleinere Zahlen stehen weiter vorn."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "Galeriebild"
        verbose_name_plural = "Galeriebilder"

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        self.renditions = renditions_for(self.image, self.renditions)
        super().save(*args, **kwargs)


def renditions_for(image, renditions: dict) -> dict:
    """
    The renditions of an image field's file, made once when the file is new.
    The file is stored first, so its final name is known.
    """
    if not image:
        return {}
    if not image._committed:
        image.save(image.name, image.file, save=False)
    if renditions.get("source") != image.name:
        renditions = {**make_renditions(image.name), "source": image.name}
    return renditions
