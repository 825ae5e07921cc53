"""
The blog sidebar's data and the responsive image tag for blog templates.

The sidebar shows on every blog page, so its data is kept in the cache under
the site's content version (pusteblume_site.page_cache): every save of
content and every scheduled publication starts a new version, so the cached
lists can never show a post that is no longer live, nor miss a new one.
"""

from datetime import timedelta

from django import template
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from pusteblume_site import structured_data
from pusteblume_site.images import plain_rendition
from pusteblume_site.images import rendition_url as plain_rendition_url
from pusteblume_site.images import responsive_image as render_picture
from pusteblume_site.links import site_links
from pusteblume_site.page_cache import content_value
from pusteblume_site.structured_data import PreviewImage, absolute, default_image

from ..models import Category, Comment, Post

register = template.Library()

POPULAR_DAYS = 90
POPULAR_LIMIT = 5
# Readings change the ranking without a new content version; recount this
# often.
POPULAR_SECONDS = 10 * 60
CATEGORIES_SECONDS = 24 * 60 * 60


@register.simple_tag
def blog_categories() -> list[Category]:
    """Categories that have live posts, with their number of live posts."""
    return content_value(
        "blog:categories",
        lambda: list(Category.objects.with_post_counts().filter(post_count__gt=0)),
        CATEGORIES_SECONDS,
        alias="default",
    )


@register.simple_tag
def popular_posts() -> list[Post]:
    """
    "Beliebte Beiträge": posts the editor pinned, then the posts read most
    in the last 90 days.
    """
    today = timezone.localdate()
    return content_value(
        f"blog:popular:{today.isoformat()}",
        lambda: most_read_posts(since=today - timedelta(days=POPULAR_DAYS - 1)),
        POPULAR_SECONDS,
        alias="default",
    )


# most_read_posts(): standard SQL for SQLite and PostgreSQL.
MOST_READ_SQL = """
SELECT post.id, post.title, post.slug, post.summary, post.pinned, post.published_at
FROM blog_post AS post
LEFT JOIN (
    SELECT post_id, SUM(count) AS total
    FROM blog_postviewcount
    WHERE day >= %s
    GROUP BY post_id
) AS readings ON readings.post_id = post.id
WHERE post.status = %s AND post.published_at <= %s
AND (post.pinned OR readings.total > 0)
ORDER BY
    post.pinned DESC,
    COALESCE(readings.total, 0) DESC,
    post.published_at DESC,
    post.id DESC
LIMIT %s
"""


def most_read_posts(*, since, limit: int = POPULAR_LIMIT) -> list[Post]:
    """
    Pinned posts first, then by readings on or after `since`: one query.

    The readings are summed per post once, and only the few posts that show
    are read, so no post is grouped with its text columns. Written out in
    SQL: the ORM spent five times longer building it than the database
    spends answering, on every render without the cached value.
    """
    ops = connections[Post.objects.db].ops
    params = [
        ops.adapt_datefield_value(since),
        # The live rule of live_q(), as SQL.
        Post.Status.PUBLISHED,
        ops.adapt_datetimefield_value(timezone.now()),
        limit,
    ]
    return list(Post.objects.raw(MOST_READ_SQL, params))


@register.simple_tag
def responsive_image(
    renditions: dict, *, alt: str, sizes: str = "100vw", eager: bool = False
) -> SafeString:
    """<picture> for stored renditions; lazy unless it is the first image."""
    return render_picture(renditions, alt=alt, sizes=sizes, lazy=not eager)


@register.simple_tag
def rendition_url(renditions: dict) -> str:
    """The largest plain (JPEG/PNG/GIF) rendition, e.g. for og:image."""
    return plain_rendition_url(renditions)


@register.simple_tag
def pending_comment_count() -> int:
    """Comments waiting for approval, for the notice on the admin index."""
    return Comment.objects.pending().count()


@register.simple_tag
def cover_preview(post: Post) -> PreviewImage | None:
    """The post's cover as its link preview image, with its size."""
    largest = plain_rendition(post.cover_renditions)
    if largest is None:
        return None
    return PreviewImage(
        absolute(largest.url()), largest.width, largest.height, post.cover_alt
    )


@register.simple_tag(takes_context=True)
def post_ld(context, post: Post, comment_count: int = 0) -> SafeString:
    """The post as a BlogPosting, with its breadcrumbs."""
    site_settings = context["site_settings"]
    about = site_links().get("about", "")
    url = absolute(post.get_absolute_url())
    image = cover_preview(post) or default_image()
    owner = structured_data.person(site_settings, url=about)
    author = owner
    if post.author and post.author.get_full_name():
        author = {"@type": "Person", "name": post.author.get_full_name()}
        if about:
            author["url"] = absolute(about)
    posting = {
        "@type": "BlogPosting",
        "@id": f"{url}#beitrag",
        "headline": post.title,
        "description": post.meta_description or post.summary,
        "image": {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        },
        "datePublished": post.published_at.isoformat(),
        "dateModified": max(
            post.revised_at or post.published_at, post.published_at
        ).isoformat(),
        "author": author,
        "publisher": owner,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "de-DE",
        "articleSection": post.category.name,
        "keywords": [tag.name for tag in post.tags.all()],
        "commentCount": comment_count,
    }
    trail = [
        ("Startseite", "/"),
        ("Blog", reverse("blog:post_list")),
        (post.category.name, post.category.get_absolute_url()),
        (post.title, post.get_absolute_url()),
    ]
    return structured_data.ld_json(posting, structured_data.breadcrumbs(trail))
