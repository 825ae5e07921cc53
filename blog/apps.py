from datetime import datetime

from django.db.models import Min

# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site
from pusteblume_site import search


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
        "blog.Post_member_products",
        "blog.AuthorProfile",
        "blog.OldSlug",
        # Only saves that change what readers see count (changes_reader_pages).
        "blog.Comment",
        # Authors' names show under their posts.
        "auth.User",
    )
    demo = "blog.demo.seed"

    def search_sources(self) -> list[search.SearchSource]:
        from .models import Post

        return [
            search.SearchSource(
                kind="Beitrag",
                queryset=lambda: Post.objects.published().only(
                    "title", "slug", "published_at", "search_text"
                ),
                date_field="published_at",
                offers_latest=True,
            )
        ]

    def personal_data(self, email: str) -> list[str]:
        from .comments import services

        return services.personal_data(email=email)

    def erase_personal_data(self, email: str, *, anonymise: bool) -> None:
        from .comments import services

        services.erase(email=email, anonymise=anonymise)

    def protected_content(self, product_ids: list[int]) -> list:
        from .models import Post

        return list(
            Post.objects.published()
            .filter(members_only=True, member_products__in=product_ids)
            .distinct()
            .only("title", "slug")
        )

    def pages_to_render(self, instance) -> list[str]:
        from django.urls import reverse

        from .models import Category, Comment, GalleryImage, Post

        paths = [reverse("blog:post_list"), reverse("blog:feed")]
        post = None
        if isinstance(instance, Post):
            post = instance
        elif isinstance(instance, GalleryImage | Comment):
            post = instance.post
        if post is not None and post.is_live:
            paths += [post.get_absolute_url(), post.category.get_absolute_url()]
        elif isinstance(instance, Category):
            paths.append(instance.get_absolute_url())
        return paths

    def next_publication(self) -> datetime | None:
        from .models import Post

        return Post.objects.scheduled().aggregate(next=Min("published_at"))["next"]

    def overview(self, request) -> list[dict]:
        from . import overview

        return [overview.panel(request)]
