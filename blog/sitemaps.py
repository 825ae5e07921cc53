from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max

from .models import Category, Post, Tag, live_q


class PostSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, post):
        return post.updated_at


class CategorySitemap(Sitemap):
    """Categories with at least one live post, as of their newest post."""

    changefreq = "weekly"

    def items(self):
        return (
            Category.objects.annotate(
                newest_post=Max("posts__published_at", filter=live_q("posts__"))
            )
            .filter(newest_post__isnull=False)
            .order_by("order", "pk")
        )

    def lastmod(self, category):
        return category.newest_post


class TagSitemap(Sitemap):
    """Tags of at least two live posts (one post's tag page adds nothing)."""

    changefreq = "weekly"
    min_posts = 2

    def items(self):
        live = live_q("tagged_posts__content_object__")
        return (
            Tag.objects.annotate(
                live_posts=Count("tagged_posts", filter=live),
                newest_post=Max(
                    "tagged_posts__content_object__published_at", filter=live
                ),
            )
            .filter(live_posts__gte=self.min_posts)
            .order_by("name", "pk")
        )

    def lastmod(self, tag):
        return tag.newest_post
