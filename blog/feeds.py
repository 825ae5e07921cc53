"""
RSS 2.0 and Atom feeds of the live posts: all of them, and those of one
category or one tag. Each item carries the post's whole text (a setting),
sanitised, with absolute links, embeds as links and the gallery as images.
Feeds answer conditional requests with 304, so feed readers poll cheaply.
"""

import hashlib
from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.views.decorators.http import condition

from pusteblume_site import access
from pusteblume_site.images import rendition_url
from pusteblume_site.markdown import embeds_as_links
from pusteblume_site.models import SiteSettings

from .models import Category, Post, Tag

FEED_LENGTH = 20
URL_ATTRIBUTES = {"href", "src"}


def absolute(url: str) -> str:
    return urljoin(f"{settings.SITE_URL}/", url)


def feed_html(post: Post) -> str:
    """
    The post's text for feed readers: only plain, absolute HTML. Of a text
    for members only the teaser, whoever reads the feed.
    """
    if access.is_protected(post):
        html = str(post.teaser_html) + format_html(
            '<p><a href="{}">{}</a></p>',
            post.get_absolute_url(),
            "Weiterlesen im Mitgliederbereich",
        )
        return nh3.clean(embeds_as_links(html), attribute_filter=absolute_urls)
    parts = [str(part) for part in post.body_html_parts]
    gallery = "".join(gallery_figure(image) for image in post.gallery_images.all())
    # The gallery stands where the body marks it, or after the body.
    html = parts[0] + gallery + "".join(parts[1:])
    if post.cover_renditions:
        cover = format_html(
            '<p><img src="{}" alt="{}"></p>',
            rendition_url(post.cover_renditions),
            post.cover_alt,
        )
        html = cover + html
    return nh3.clean(embeds_as_links(html), attribute_filter=absolute_urls)


def gallery_figure(image) -> str:
    if not image.renditions:
        return ""
    return format_html(
        '<figure><img src="{}" alt="{}">{}</figure>',
        rendition_url(image.renditions),
        image.alt,
        format_html("<figcaption>{}</figcaption>", image.caption)
        if image.caption
        else "",
    )


def absolute_urls(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES:
        return absolute(value)
    return value


class PostFeed(Feed):
    """RSS of the newest live posts; subclasses narrow it to a topic."""

    def __call__(self, request, *args, **kwargs):
        self.site_settings = SiteSettings.load()
        view = condition(etag_func=self.etag, last_modified_func=self.last_modified)(
            super().__call__
        )
        return view(request, *args, **kwargs)

    def posts(self, obj=None):
        return Post.objects.published()

    def freshness(self, request, **kwargs) -> dict:
        """When the feed last changed, and how many posts it draws from."""
        if not hasattr(request, "_feed_freshness"):
            obj = self.get_object(request, **kwargs)
            request._feed_freshness = self.posts(obj).aggregate(
                changed=Max(Greatest("published_at", "updated_at")),
                count=Count("pk"),
            )
        return request._feed_freshness

    def last_modified(self, request, **kwargs):
        changed = self.freshness(request, **kwargs)["changed"]
        if changed and self.site_settings.updated_at:
            return max(changed, self.site_settings.updated_at)
        return changed

    def etag(self, request, **kwargs) -> str:
        fresh = self.freshness(request, **kwargs)
        raw = (
            f"{request.path}:{fresh['changed']}:{fresh['count']}:"
            f"{self.site_settings.updated_at}:{settings.FEEDS_FULL_CONTENT}"
        )
        return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()

    def title(self, obj=None):
        return f"{self.site_settings.site_name} – Blog"

    def description(self, obj=None):
        return self.site_settings.tagline or self.title(obj)

    def link(self, obj=None):
        return absolute(reverse("blog:post_list"))

    def feed_url(self, obj=None):
        return absolute(reverse("blog:feed"))

    def items(self, obj=None):
        return (
            self.posts(obj)
            .for_list()
            .defer(None)
            .select_related("author")
            .prefetch_related("tags", "gallery_images")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return absolute(post.get_absolute_url())

    def item_guid(self, post):
        return absolute(post.get_absolute_url())

    def item_description(self, post):
        if settings.FEEDS_FULL_CONTENT:
            return feed_html(post)
        return post.summary

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return max(post.updated_at, post.published_at)

    def item_author_name(self, post):
        if post.author:
            return post.author.get_full_name() or post.author.get_username()
        return self.site_settings.owner_name or None

    def item_categories(self, post):
        return [post.category.name, *(tag.name for tag in post.tags.all())]


class CategoryFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def posts(self, obj=None):
        return Post.objects.published().filter(category=obj)

    def title(self, obj=None):
        return f"{self.site_settings.site_name} – {obj.name}"

    def description(self, obj=None):
        return obj.description or self.title(obj)

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse("blog:category_feed", kwargs={"slug": obj.slug}))


class TagFeed(PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def posts(self, obj=None):
        return Post.objects.published().filter(tagged_items__tag=obj)

    def title(self, obj=None):
        return f"{self.site_settings.site_name} – Schlagwort „{obj.name}“"

    def description(self, obj=None):
        return self.title(obj)

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse("blog:tag_feed", kwargs={"slug": obj.slug}))


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class PostAtomFeed(AtomMixin, PostFeed):
    def feed_url(self, obj=None):
        return absolute(reverse("blog:atom_feed"))


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    def feed_url(self, obj=None):
        return absolute(reverse("blog:category_atom_feed", kwargs={"slug": obj.slug}))


class TagAtomFeed(AtomMixin, TagFeed):
    def feed_url(self, obj=None):
        return absolute(reverse("blog:tag_atom_feed", kwargs={"slug": obj.slug}))
