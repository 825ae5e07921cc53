"""
The WordPress import: reads the export twice (first an index of every
item and attachment, then the import itself, so a featured image or a
parent page may come anywhere in the file), upserts every row by its
WordPress id and finally writes the old addresses' redirects and rewrites
links to the old site. A real run is one transaction; a dry run is the
same run rolled back, with nothing stored on disk.
"""

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from blog.models import (
    Category,
    GalleryImage,
    OldSlug,
    Post,
    Tag,
    WordPressItem,
)
from pages.models import Page
from pusteblume_site.slugs import german_slugify, unique_slug

from . import wxr
from .addresses import AddressTable
from .comments import CommentImport
from .convert import GalleryEntry, Hooks, to_markdown
from .digests import make_digest, parse_date, unescaped
from .links import rewrite_links
from .media import UPLOADS, MediaLibrary, StoredImage, upload_path
from .report import Progress, Report
from .terms import TermImport

Kind = WordPressItem.Kind
# Root paths the site uses itself; a page there would be hidden.
RESERVED_PAGE_SLUGS = {"admin", "blog", "newsletter", "feed", "media", "static"}
SKIPPED_TYPES = {
    "nav_menu_item": "Menüeinträge",
    "revision": "Revisionen",
    "custom_css": "Design-Einstellungen",
    "customize_changeset": "Design-Einstellungen",
    "oembed_cache": "oEmbed-Zwischenspeicher",
    "wp_global_styles": "Design-Einstellungen",
    "wp_navigation": "Menüeinträge",
}


@dataclass
class Attachment:
    wp_id: str
    relative: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: str = "0"
    order: int = 0
    link: str = ""


@dataclass
class Index:
    """What the first pass learns about the whole file."""

    attachments: dict[str, Attachment] = field(default_factory=dict)
    attached: dict[str, list[str]] = field(default_factory=dict)
    items: int = 0


class WordPressImport(TermImport, CommentImport, AddressTable):
    def __init__(
        self,
        path: Path,
        *,
        uploads: Path | None = None,
        dry_run: bool = False,
        progress_stream=None,
    ) -> None:
        self.path = Path(path)
        self.uploads = Path(uploads) if uploads else None
        self.dry_run = dry_run
        self.progress_stream = progress_stream
        self.report = Report(dry_run=dry_run)
        self.site = wxr.Site()
        self.categories: dict[str, Category] = {}
        self.category_paths: dict[str, tuple[str, str]] = {}
        self.tags: dict[str, Tag] = {}
        self.authors: dict[str, object] = {}
        self.posts: dict[str, Post] = {}
        self.pages: dict[str, Page] = {}
        self.page_parents: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.changed: list[Post | Page] = []

    # -- Running ---------------------------------------------------------

    def run(self) -> Report:
        if self.uploads is not None and not self.uploads.is_dir():
            raise wxr.WXRError(f"{self.uploads}: Diesen Upload-Ordner gibt es nicht.")
        self.index = self.scan()
        self.known = {
            (item.kind, item.key): item for item in WordPressItem.objects.all()
        }
        images = {
            key: item.data
            for (kind, key), item in self.known.items()
            if kind == Kind.IMAGE
        }
        self.media = MediaLibrary(self.uploads, dry_run=self.dry_run, known=images)
        self.progress = Progress(
            self.progress_stream,
            items=self.index.items,
            images=len(self.index.attachments),
        )
        try:
            with transaction.atomic():
                for record in wxr.read(self.path):
                    self.take(record)
                self.finish()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.media.discard_written()
            raise
        finally:
            self.progress.finish()
        return self.report

    def scan(self) -> Index:
        index = Index()
        for record in wxr.read(self.path):
            if not isinstance(record, wxr.Item):
                continue
            index.items += 1
            if record.type != "attachment":
                continue
            relative = record.meta.get("_wp_attached_file", "") or (
                upload_path(record.attachment_url) or ""
            )
            index.attachments[record.wp_id] = Attachment(
                wp_id=record.wp_id,
                relative=relative.strip("/"),
                title=unescaped(record.title),
                caption=unescaped(record.excerpt),
                alt=unescaped(record.meta.get("_wp_attachment_image_alt", "")),
                parent=record.parent,
                order=record.menu_order,
                link=record.link,
            )
            index.attached.setdefault(record.parent, []).append(record.wp_id)
        return index

    def take(self, record) -> None:
        if isinstance(record, wxr.Site):
            self.site = record
        elif isinstance(record, wxr.Author):
            self.import_author(record)
        elif isinstance(record, wxr.Term):
            if record.kind == "category":
                self.import_category(record)
            elif record.kind == "post_tag":
                self.import_tag(record)
        elif isinstance(record, wxr.Item):
            self.progress.item()
            if record.type == "post":
                self.import_post(record)
            elif record.type == "page":
                self.import_page(record)
            elif record.type == "attachment":
                self.import_attachment(record)
            else:
                what = SKIPPED_TYPES.get(record.type, f"Einträge vom Typ {record.type}")
                self.report.count(what, "skipped")

    # -- Bookkeeping -----------------------------------------------------

    def earlier(self, kind: str, key: str, model):
        """The row an earlier run made for this item, and its digest."""
        item = self.known.get((kind, key))
        if item is None or item.object_id is None:
            return None, ""
        return model._default_manager.filter(pk=item.object_id).first(), item.digest

    def remember(self, kind: str, key: str, obj, digest: str, data=None) -> None:
        values = {
            "content_type": ContentType.objects.get_for_model(obj) if obj else None,
            "object_id": obj.pk if obj else None,
            "digest": digest,
            "data": data or {},
        }
        item = self.known.get((kind, key))
        if item is None:
            item = WordPressItem.objects.create(kind=kind, key=key, **values)
            self.known[(kind, key)] = item
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            item.save()

    def outcome(self, kind: str, obj, digest: str, earlier_digest: str) -> str:
        if obj is None:
            return "created"
        return "unchanged" if digest == earlier_digest else "updated"

    # -- Images ----------------------------------------------------------

    def image(self, relative: str, where: str) -> StoredImage | None:
        if not relative:
            return None
        image = self.media.get(relative)
        if image is None:
            self.report.warn(
                where, f"Bild {relative} fehlt: {self.media.errors[relative]}"
            )
        return image

    def import_attachment(self, item: wxr.Item) -> None:
        attachment = self.index.attachments[item.wp_id]
        self.progress.image()
        if not attachment.relative:
            return
        image = self.image(attachment.relative, f"Mediathek „{attachment.title}“")
        if image is not None:
            self.links[item.wp_id] = [item.link]

    def hooks(self, item: wxr.Item, where: str, *, gallery) -> Hooks:
        def image_url(src: str, wp_id: str) -> str | None:
            relative = upload_path(src)
            if relative is None and wp_id in self.index.attachments:
                relative = self.index.attachments[wp_id].relative
            if relative is None:
                self.report.warn(where, f"Bild von fremder Adresse entfernt: {src}")
                return None
            image = self.image(relative, where)
            return image.url if image else None

        def attachment(wp_id: str) -> GalleryEntry | None:
            found = self.index.attachments.get(wp_id)
            if found is None:
                return None
            return GalleryEntry(wp_id, f"{UPLOADS}{found.relative}", found.caption)

        attached = sorted(
            self.index.attached.get(item.wp_id, []),
            key=lambda i: (
                self.index.attachments[i].order,
                int(i) if i.isdigit() else 0,
            ),
        )
        return Hooks(image_url, attachment, gallery, attached_ids=attached)

    # -- Posts and pages -------------------------------------------------

    def convert(self, item: wxr.Item, where: str, *, allow_gallery: bool):
        entries_for_post: list[tuple[StoredImage, str, str]] = []

        def gallery(entries: list[GalleryEntry]) -> str:
            images = []
            for entry in entries:
                relative = upload_path(entry.src) if entry.src else None
                attachment = self.index.attachments.get(entry.attachment_id)
                if attachment and (relative is None or not self.media.locate(relative)):
                    relative = attachment.relative
                image = self.image(relative or "", where)
                if image is None:
                    continue
                alt = (
                    entry.alt
                    or (attachment.alt if attachment else "")
                    or entry.caption
                    or (attachment.title if attachment else "")
                )
                caption = entry.caption or (attachment.caption if attachment else "")
                images.append((image, alt or "Bild", caption))
            if allow_gallery and not entries_for_post:
                entries_for_post.extend(images)
                return "[galerie]"
            if allow_gallery:
                self.report.warn(where, "Weitere Galerie als Bildfolge übernommen.")
            return "\n\n".join(
                f'<figure><img src="{html.escape(i.url)}" alt="{html.escape(a)}">'
                + (f"<figcaption>{html.escape(c)}</figcaption>" if c else "")
                + "</figure>"
                for i, a, c in images
            )

        converted = to_markdown(item.content, self.hooks(item, where, gallery=gallery))
        for note in converted.notes:
            if not note.startswith("Bild fehlt"):
                self.report.warn(where, note)
        return converted, entries_for_post

    def status_and_date(self, item: wxr.Item) -> tuple[str, datetime]:
        moment = (
            parse_date(item.date_gmt, gmt=True)
            or parse_date(item.date, gmt=False)
            or timezone.now()
        )
        public = item.status in ("publish", "future")
        return (Post.Status.PUBLISHED if public else Post.Status.DRAFT), moment

    def import_post(self, item: wxr.Item) -> None:
        where = f"Beitrag „{unescaped(item.title) or item.wp_id}“"
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count(
                "Beiträge im Papierkorb oder automatische Entwürfe", "skipped"
            )
            return
        thumbnail = item.meta.get("_thumbnail_id", "")
        source = make_digest(
            item.title,
            item.content,
            item.excerpt,
            item.status,
            item.date,
            item.date_gmt,
            item.slug,
            item.terms,
            item.creator,
            thumbnail,
            item.comment_status,
        )
        post, earlier_digest = self.earlier(Kind.POST, item.wp_id, Post)
        outcome = self.outcome("posts", post, source, earlier_digest)
        stats = self.known.get((Kind.POST, item.wp_id))
        if outcome == "unchanged":
            data = stats.data if stats else {}
        else:
            post, data = self.save_post(item, post, where, thumbnail)
        self.report.count("posts", outcome)
        self.report.count("embeds", outcome, data.get("embeds", 0))
        self.report.count("galleries", outcome, data.get("galleries", 0))
        self.posts[item.wp_id] = post
        self.links[item.wp_id] = [item.link]
        self.remember(Kind.POST, item.wp_id, post, source, data)
        self.import_comments(item, post)

    def save_post(self, item: wxr.Item, post: Post | None, where: str, thumbnail: str):
        converted, gallery = self.convert(item, where, allow_gallery=True)
        status, published_at = self.status_and_date(item)
        title = unescaped(item.title)[:200] or "Ohne Titel"
        excerpt = Truncator(
            " ".join(html.unescape(_strip_tags(item.excerpt)).split())
        ).chars(500)
        post = post or Post()
        post.title = title
        post.body = converted.markdown
        post.excerpt = excerpt
        post.status = status
        post.published_at = published_at
        post.comments_enabled = item.comment_status != "closed"
        post.author = self.authors.get(item.creator)
        post.category = self.category_for(item)
        post.slug = unique_slug(
            post,
            unquote(item.slug) or title,
            fallback="beitrag",
            reserved=OldSlug.objects.for_model(Post).exclude(object_id=post.pk or -1),
        )
        cover = self.index.attachments.get(thumbnail)
        image = self.image(cover.relative, where) if cover else None
        if thumbnail and cover is None:
            self.report.warn(where, f"Titelbild {thumbnail} fehlt im Export.")
        post.cover = image.name if image else ""
        post.cover_renditions = image.field_renditions() if image else {}
        post.cover_alt = ((cover.alt or cover.title or title) if image else "")[:250]
        post.cover_caption = (cover.caption if image else "")[:300]
        post.save()
        post.tags.set(self.tags_for(item))
        post.gallery_images.all().delete()
        GalleryImage.objects.bulk_create(
            GalleryImage(
                post=post,
                image=image.name,
                renditions=image.field_renditions(),
                alt=alt[:250],
                caption=caption[:300],
                order=order,
            )
            for order, (image, alt, caption) in enumerate(gallery)
        )
        self.changed.append(post)
        data = {"embeds": converted.embeds, "galleries": converted.galleries}
        return post, data

    def import_page(self, item: wxr.Item) -> None:
        where = f"Seite „{unescaped(item.title) or item.wp_id}“"
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count("Seiten im Papierkorb", "skipped")
            return
        source = make_digest(
            item.title,
            item.content,
            item.status,
            item.slug,
            item.parent,
            item.menu_order,
        )
        page, earlier_digest = self.earlier(Kind.PAGE, item.wp_id, Page)
        outcome = self.outcome("pages", page, source, earlier_digest)
        data = {}
        if outcome != "unchanged":
            converted, _ = self.convert(item, where, allow_gallery=False)
            data = {"embeds": converted.embeds, "galleries": converted.galleries}
            page = page or Page()
            page.title = unescaped(item.title)[:200] or "Ohne Titel"
            page.body = converted.markdown
            page.is_published = item.status == "publish"
            page.menu_position = max(0, item.menu_order)
            slug = german_slugify(unquote(item.slug)) or german_slugify(page.title)
            if slug in RESERVED_PAGE_SLUGS:
                slug += "-seite"
            page.slug = unique_slug(page, slug, fallback="seite")
            page.save()
            self.changed.append(page)
        elif earlier := self.known.get((Kind.PAGE, item.wp_id)):
            data = earlier.data
        self.report.count("pages", outcome)
        self.report.count("embeds", outcome, data.get("embeds", 0))
        self.pages[item.wp_id] = page
        self.page_parents[item.wp_id] = item.parent
        self.links[item.wp_id] = [item.link]
        self.remember(Kind.PAGE, item.wp_id, page, source, data)

    # -- After the last item ---------------------------------------------

    def finish(self) -> None:
        for wp_id, parent_id in self.page_parents.items():
            page, parent = self.pages[wp_id], self.pages.get(parent_id)
            if page.parent_id != (parent.pk if parent else None):
                page.parent = parent
                page.save(update_fields=["parent"])
        redirects = self.redirect_table()
        self.write_redirects(redirects)
        hosts = {
            urlsplit(url).netloc.lower()
            for url in (
                self.site.link,
                self.site.base_site_url,
                self.site.base_blog_url,
            )
            if url
        }
        for obj in self.changed:
            body = rewrite_links(obj.body, hosts=hosts, table=redirects)
            if body != obj.body:
                obj.body = body
                obj.save()


def _strip_tags(value: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(value or "")
