"""
The WordPress import: reads the export twice (first an index of every
item and attachment, then the import itself, so a featured image or a
parent page may come anywhere in the file), upserts every row by its
WordPress id and finally writes the old addresses' redirects and rewrites
links to the old site. A real run is one transaction; a dry run is the
same run rolled back, with nothing stored on disk.
"""

import hashlib
import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from blog.models import (
    Category,
    Comment,
    GalleryImage,
    LegacyRedirect,
    OldSlug,
    Post,
    Tag,
    WordPressItem,
)
from pages.models import Page
from pusteblume_site.slugs import german_slugify, unique_slug

from . import wxr
from .comments import comment_text, comment_website, mapped_status
from .convert import GalleryEntry, Hooks, to_markdown
from .links import rewrite_links
from .media import UPLOADS, MediaLibrary, StoredImage, upload_path
from .redirects import normalise
from .report import Progress, Report

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


def _digest(*values) -> str:
    raw = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def _date(value: str, *, gmt: bool) -> datetime | None:
    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year < 1971:
        return None
    if gmt:
        return moment.replace(tzinfo=UTC)
    return timezone.make_aware(moment)


def _text(value: str) -> str:
    return html.unescape(value or "").strip()


class WordPressImport:
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
                title=_text(record.title),
                caption=_text(record.excerpt),
                alt=_text(record.meta.get("_wp_attachment_image_alt", "")),
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

    # -- Authors, categories, tags ---------------------------------------

    def import_author(self, author: wxr.Author) -> None:
        if not author.login:
            return
        User = get_user_model()
        first, last = author.first_name, author.last_name
        if not (first or last) and author.display_name:
            first, _, last = author.display_name.partition(" ")
        values = {"email": author.email[:254], "first_name": first[:150]}
        values["last_name"] = last[:150]
        digest = _digest(values)
        user, earlier_digest = self.earlier(Kind.AUTHOR, author.login, User)
        outcome = self.outcome("authors", user, digest, earlier_digest)
        if user is None:
            user = User.objects.filter(username=author.login[:150]).first()
            if user is None:
                user = User(username=author.login[:150], **values)
                user.set_unusable_password()
                user.save()
        elif outcome == "updated":
            for name, value in values.items():
                setattr(user, name, value)
            user.save()
        self.report.count("authors", outcome)
        self.authors[author.login] = user
        self.remember(Kind.AUTHOR, author.login, user, digest)

    def import_category(self, term: wxr.Term) -> None:
        name = _text(term.name)[:80] or unquote(term.slug)
        values = {"name": name, "description": _text(term.description)}
        digest = _digest(values, term.slug)
        category, earlier_digest = self.earlier(Kind.CATEGORY, term.wp_id, Category)
        outcome = self.outcome("categories", category, digest, earlier_digest)
        slug = german_slugify(unquote(term.slug)) or german_slugify(name)
        if category is None:
            category = (
                Category.objects.filter(slug=slug).first()
                or Category.objects.filter(name=name).first()
            )
            if category is None:
                category = Category(**values)
                category.slug = unique_slug(category, slug, fallback="kategorie")
                category.save()
        elif outcome == "updated":
            for field_name, value in values.items():
                setattr(category, field_name, value)
            category.save()
        self.report.count("categories", outcome)
        self.categories[term.slug] = category
        self.category_paths[term.slug] = (term.parent, term.wp_id)
        self.remember(Kind.CATEGORY, term.wp_id, category, digest)

    def import_tag(self, term: wxr.Term) -> None:
        name = _text(term.name)[:100] or unquote(term.slug)
        digest = _digest(name, term.slug)
        tag, earlier_digest = self.earlier(Kind.TAG, term.wp_id, Tag)
        outcome = self.outcome("tags", tag, digest, earlier_digest)
        slug = german_slugify(unquote(term.slug)) or german_slugify(name)
        if tag is None:
            tag = next(
                (t for t in Tag.objects.filter(slug=slug) if t.slug == slug), None
            ) or next(
                (
                    t
                    for t in Tag.objects.filter(name__iexact=name)
                    if t.name.casefold() == name.casefold()
                ),
                None,
            )
            if tag is None:
                tag = Tag(name=name, slug=unique_slug(Tag(), slug, fallback="tag"))
                tag.save()
        elif outcome == "updated" and tag.name != name:
            tag.name = name
            tag.save()
        self.report.count("tags", outcome)
        self.tags[term.slug] = tag
        self.remember(Kind.TAG, term.wp_id, tag, digest)

    def category_for(self, item: wxr.Item) -> Category:
        for domain, nicename, name in item.terms:
            if domain != "category":
                continue
            if nicename not in self.categories:
                self.import_category(
                    wxr.Term("category", f"slug:{nicename}", nicename, name)
                )
            return self.categories[nicename]
        if "" not in self.categories:
            self.categories[""] = Category.objects.filter(slug="allgemein").first() or (
                Category.objects.create(name="Allgemein", slug="allgemein")
            )
        return self.categories[""]

    def tags_for(self, item: wxr.Item) -> list[Tag]:
        tags = []
        for domain, nicename, name in item.terms:
            if domain != "post_tag":
                continue
            if nicename not in self.tags:
                self.import_tag(
                    wxr.Term("post_tag", f"slug:{nicename}", nicename, name)
                )
            tags.append(self.tags[nicename])
        return tags

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
                    (attachment.alt if attachment else "")
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
            _date(item.date_gmt, gmt=True)
            or _date(item.date, gmt=False)
            or timezone.now()
        )
        public = item.status in ("publish", "future")
        return (Post.Status.PUBLISHED if public else Post.Status.DRAFT), moment

    def import_post(self, item: wxr.Item) -> None:
        where = f"Beitrag „{_text(item.title) or item.wp_id}“"
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count(
                "Beiträge im Papierkorb oder automatische Entwürfe", "skipped"
            )
            return
        thumbnail = item.meta.get("_thumbnail_id", "")
        source = _digest(
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
        title = _text(item.title)[:200] or "Ohne Titel"
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
        where = f"Seite „{_text(item.title) or item.wp_id}“"
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count("Seiten im Papierkorb", "skipped")
            return
        source = _digest(
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
            page.title = _text(item.title)[:200] or "Ohne Titel"
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

    # -- Comments --------------------------------------------------------

    def import_comments(self, item: wxr.Item, post: Post) -> None:
        by_wp_id: dict[str, Comment] = {}
        parents: dict[str, str] = {}
        for wp_comment in item.comments:
            if wp_comment.type in ("pingback", "trackback"):
                self.report.count("Pingbacks und Trackbacks", "skipped")
                continue
            status = mapped_status(wp_comment.approved)
            if status is None:
                self.report.count("Kommentare im Papierkorb", "skipped")
                continue
            created = (
                _date(wp_comment.date_gmt, gmt=True)
                or _date(wp_comment.date, gmt=False)
                or post.published_at
            )
            is_author = bool(wp_comment.email) and wp_comment.email.lower() in {
                user.email.lower() for user in self.authors.values() if user.email
            }
            values = {
                "name": _text(wp_comment.author)[:100] or "Anonym",
                "email": wp_comment.email[:254] if "@" in wp_comment.email else "",
                "website": comment_website(wp_comment.url),
                "text": comment_text(wp_comment.content),
                "status": status,
                "is_author": is_author,
                "created_at": created,
                "approved_at": created if status == Comment.Status.APPROVED else None,
                "spam_at": created if status == Comment.Status.SPAM else None,
            }
            digest = _digest(values, wp_comment.parent)
            comment, earlier_digest = self.earlier(
                Kind.COMMENT, wp_comment.wp_id, Comment
            )
            outcome = self.outcome("comments", comment, digest, earlier_digest)
            if outcome != "unchanged":
                comment = comment or Comment(post=post)
                comment.post = post
                for name, value in values.items():
                    setattr(comment, name, value)
                comment.save()
            self.report.count("comments", outcome)
            by_wp_id[wp_comment.wp_id] = comment
            parents[wp_comment.wp_id] = wp_comment.parent
            self.remember(Kind.COMMENT, wp_comment.wp_id, comment, digest)
        # Threads are one level deep: a reply to a reply answers the
        # top-level comment.
        for wp_id, comment in by_wp_id.items():
            parent_id, seen = parents[wp_id], set()
            while parents.get(parent_id, "0") != "0" and parent_id not in seen:
                seen.add(parent_id)
                parent_id = parents[parent_id]
            parent = by_wp_id.get(parent_id)
            if comment.parent_id != (parent.pk if parent else None):
                comment.parent = parent
                comment.save(update_fields=["parent"])

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

    def redirect_table(self) -> dict[str, tuple[object, str, dict]]:
        """Every old path and (object, url, renditions) it leads to."""
        table: dict[str, tuple[object, str, dict]] = {}
        prefix = urlsplit(self.site.base_site_url or self.site.link).path.rstrip("/")

        def add(path: str, target=None, url: str = "", renditions=None) -> None:
            key = normalise(path) if "?" not in path else path
            new = target.get_absolute_url() if target is not None else url
            if key != new and key not in table:
                table[key] = (target, url, renditions or {})

        def add_link(link: str, target=None, url: str = "") -> None:
            parts = urlsplit(link)
            if parts.query:
                add(f"{normalise(parts.path)}?{parts.query}", target, url)
            elif parts.path:
                add(parts.path, target, url)

        for wp_id, post in self.posts.items():
            add(f"{prefix}/?p={wp_id}", post)
            for link in self.links.get(wp_id, []):
                add_link(link, post)
        for wp_id, page in self.pages.items():
            add(f"{prefix}/?page_id={wp_id}", page)
            for link in self.links.get(wp_id, []):
                add_link(link, page)
        feed = reverse("blog:feed")
        for slug, category in self.categories.items():
            if not slug:
                continue
            path = "/".join(self._category_chain(slug))
            add(f"{prefix}/category/{path}/", category)
            add(f"{prefix}/category/{path}/feed/", url=feed)
            if slug in self.category_paths:
                add(f"{prefix}/?cat={self.category_paths[slug][1]}", category)
        for slug, tag in self.tags.items():
            add(f"{prefix}/tag/{unquote(slug)}/", tag)
            add(f"{prefix}/tag/{unquote(slug)}/feed/", url=feed)
            add(f"{prefix}/?tag={unquote(slug)}", tag)
        about = Page.objects.with_role(Page.Role.ABOUT).first()
        author_url = about.get_absolute_url() if about else reverse("blog:post_list")
        for login in self.authors:
            add(f"{prefix}/author/{login}/", url=author_url)
        add(f"{prefix}/feed/", url=feed)
        add(f"{prefix}/comments/feed/", url=feed)
        for relative, (image, _digest_value) in self.media.stored.items():
            add(
                f"{prefix}{UPLOADS}{relative}",
                url=image.url,
                renditions=image.renditions,
            )
        for wp_id, attachment in self.index.attachments.items():
            parent = self.posts.get(attachment.parent) or self.pages.get(
                attachment.parent
            )
            stored = self.media.stored.get(self.media.locate(attachment.relative) or "")
            target_url = stored[0].url if stored else ""
            if parent is None and not target_url:
                continue
            add(f"{prefix}/?attachment_id={wp_id}", parent, target_url)
            if attachment.link:
                add_link(attachment.link, parent, target_url)
        return table

    def _category_chain(self, slug: str) -> list[str]:
        chain, seen = [], set()
        while slug and slug not in seen:
            seen.add(slug)
            chain.insert(0, unquote(slug))
            slug = self.category_paths.get(slug, ("", ""))[0]
        return chain

    def write_redirects(self, table: dict[str, tuple[object, str, dict]]) -> None:
        existing = {
            r.old_path: r
            for r in LegacyRedirect.objects.filter(old_path__in=list(table))
        }
        new, changed = [], []
        for old_path, (target, url, renditions) in table.items():
            values = {
                "content_type": ContentType.objects.get_for_model(target)
                if target is not None
                else None,
                "object_id": target.pk if target is not None else None,
                "target_url": url if target is None else "",
                "renditions": renditions,
            }
            row = existing.get(old_path)
            if row is None:
                new.append(LegacyRedirect(old_path=old_path[:500], **values))
                self.report.count("redirects", "created")
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
                self.report.count("redirects", "updated")
            else:
                self.report.count("redirects", "unchanged")
        LegacyRedirect.objects.bulk_create(new, batch_size=500)
        LegacyRedirect.objects.bulk_update(
            changed,
            ["content_type", "object_id", "target_url", "renditions"],
            batch_size=500,
        )
        for relative, (image, digest) in self.media.stored.items():
            self.remember(
                Kind.IMAGE,
                relative,
                None,
                digest,
                {"name": image.name, "renditions": image.renditions, "digest": digest},
            )
        self.report.count("images", "created", self.media.created)
        self.report.count("images", "unchanged", self.media.reused)


def _strip_tags(value: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(value or "")
