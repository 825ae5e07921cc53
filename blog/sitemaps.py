from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Category, Post, live_q


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
