from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from pusteblume_site.models import SiteSettings

from .models import Post

FEED_LENGTH = 20


class PostFeed(Feed):
    """RSS of the newest live posts, each with its summary."""

    def __call__(self, request, *args, **kwargs):
        self.site_settings = SiteSettings.load()
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.site_settings.site_name} – Blog"

    def description(self):
        return self.site_settings.tagline

    def link(self):
        return reverse("blog:post_list")

    def feed_url(self):
        return reverse("blog:feed")

    def items(self):
        return (
            Post.objects.published()
            .for_list()
            .select_related("author")
            .prefetch_related("tags")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        if post.author:
            return post.author.get_full_name() or post.author.get_username()
        return self.site_settings.owner_name

    def item_categories(self, post):
        return [post.category.name, *(tag.name for tag in post.tags.all())]


class PostAtomFeed(PostFeed):
    feed_type = Atom1Feed
    subtitle = PostFeed.description

    def feed_url(self):
        return reverse("blog:atom_feed")
