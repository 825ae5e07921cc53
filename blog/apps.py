from datetime import datetime

from django.db.models import Min

# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class BlogConfig(site.SiteAppConfig):
    name = "blog"
    verbose_name = "Blog"
    # Reading counts change without touching what readers see.
    content_models = (
        "blog.Post",
        "blog.GalleryImage",
        "blog.Category",
        "blog.Tag",
        "blog.TaggedPost",
        "blog.AuthorProfile",
        "blog.OldSlug",
        # Authors' names show under their posts.
        "auth.User",
    )
    demo = "blog.demo.seed"

    def next_publication(self) -> datetime | None:
        from .models import Post

        return Post.objects.scheduled().aggregate(next=Min("published_at"))["next"]
