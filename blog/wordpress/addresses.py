"""The old site's addresses and where each leads now."""

from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from blog.models import LegacyRedirect, WordPressItem
from pages.models import Page

from .media import UPLOADS
from .redirects import normalise

Kind = WordPressItem.Kind


class AddressTable:
    """The part of WordPressImport that writes the redirects."""

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
