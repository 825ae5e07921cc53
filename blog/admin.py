import contextlib

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from pusteblume_site.admin import MarkdownAdmin

from .comments import admin as comments_admin  # noqa: F401 (registers)
from .models import (
    AuthorProfile,
    Category,
    GalleryImage,
    LegacyRedirect,
    OldSlug,
    Post,
    Tag,
)

# The admin's slug JavaScript turns "ä" into "a"; blog-admin-slug.js makes
# it write "ae" like the server does.
SLUG_SCRIPT = "js/blog-admin-slug.js"


def publication_line(*, status: str, published_at) -> str:
    """
    When a post appears, in words: "Erscheint am Dienstag, 9. Dezember um
    9:00 Uhr". blog-admin-schedule.js writes the same line as she types.
    """
    if status != Post.Status.PUBLISHED:
        return "Entwurf: erscheint erst, wenn du den Status auf „Veröffentlicht“ setzt."
    if published_at is None:
        return ""
    local = timezone.localtime(published_at)
    day = date_format(local, "l, j. F")
    if local.year != timezone.localdate().year:
        day += f" {local.year}"
    time = date_format(local, "G:i")
    if published_at <= timezone.now():
        return f"Online seit {day} um {time} Uhr."
    return f"Erscheint am {day} um {time} Uhr."


class GalleryImageInline(admin.StackedInline):
    model = GalleryImage
    extra = 0
    fields = ["image", "alt", "caption", "credit", "order"]
    verbose_name_plural = "Galerie (im Text mit einer Zeile [galerie] platzieren)"

    class Media:
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/blog-admin-gallery.js"]


@admin.register(Post)
class PostAdmin(MarkdownAdmin):
    list_display = ["title", "visibility", "published_at", "category", "pinned"]
    list_filter = ["status", "category", "published_at", "pinned", "members_only"]
    checkbox_fields = ("member_products",)
    list_select_related = ["category"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category"]
    readonly_fields = ["created_at", "updated_at", "revised_at", "schedule"]
    inlines = [GalleryImageInline]
    preview_template = "blog/post_preview.html"
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "excerpt", "body"]}),
        (
            "Veröffentlichung",
            {
                "fields": [
                    "status",
                    "published_at",
                    "schedule",
                    "author",
                    "pinned",
                    "comments_enabled",
                ]
            },
        ),
        (
            "Titelbild",
            {"fields": ["cover", "cover_alt", "cover_caption", "cover_credit"]},
        ),
        ("Suchmaschinen", {"fields": ["meta_description"]}),
        # Members' area
        ("Mitglieder", {"fields": ["members_only", "member_products"]}),
        (
            "Verlauf",
            {
                "fields": ["created_at", "updated_at", "revised_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        js = [SLUG_SCRIPT, "js/blog-admin-schedule.js"]

    def preview_object(self, request, obj, data):
        """The post as readers will see it, with the saved gallery and cover."""
        post = Post(
            title=data.get("title", ""),
            excerpt=data.get("excerpt", ""),
            body=data.get("body", ""),
        )
        if obj is not None:
            post.pk = obj.pk
        post.render()
        parts = post.body_html_parts
        return {
            "post": post,
            "body_parts": parts,
            "gallery_images": list(obj.gallery_images.all()) if obj else [],
            "gallery_after_body": len(parts) == 1,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        post = self.get_object(request, object_id)
        if post is not None and post.is_live:
            # The newsletter app offers it; the blog works without it.
            with contextlib.suppress(NoReverseMatch):
                extra_context["send_as_newsletter_url"] = reverse(
                    "admin:newsletter_issue_from_post", args=[post.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Erscheinungstermin")
    def schedule(self, post):
        return publication_line(status=post.status, published_at=post.published_at)

    def get_changeform_initial_data(self, request):
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def _set_status(self, queryset, status):
        # save() per post rather than update(), so whatever listens for
        # saved posts (the page cache) hears about these too.
        posts = list(queryset.exclude(status=status))
        for post in posts:
            post.status = status
            post.save(update_fields=["status", "updated_at"])
        return len(posts)

    @admin.display(description="Sichtbarkeit")
    def visibility(self, post):
        if post.status == Post.Status.DRAFT:
            return "Entwurf"
        if post.published_at > timezone.now():
            return "Geplant"
        return "Online"

    @admin.action(description="Ausgewählte Beiträge veröffentlichen")
    def publish(self, request, queryset):
        count = self._set_status(queryset, Post.Status.PUBLISHED)
        scheduled = queryset.filter(published_at__gt=timezone.now()).count()
        message = ngettext(
            "%(count)d Beitrag veröffentlicht.",
            "%(count)d Beiträge veröffentlicht.",
            count,
        ) % {"count": count}
        if scheduled:
            message += " " + ngettext(
                "%(count)d davon erscheint erst zu seinem Veröffentlichungsdatum.",
                "%(count)d davon erscheinen erst zu ihrem Veröffentlichungsdatum.",
                scheduled,
            ) % {"count": scheduled}
        self.message_user(request, message)

    @admin.action(description="Ausgewählte Beiträge zurückziehen (zu Entwürfen machen)")
    def unpublish(self, request, queryset):
        count = self._set_status(queryset, Post.Status.DRAFT)
        self.message_user(
            request,
            ngettext(
                "%(count)d Beitrag ist jetzt ein Entwurf.",
                "%(count)d Beiträge sind jetzt Entwürfe.",
                count,
            )
            % {"count": count},
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "post_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = [SLUG_SCRIPT]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(post_count=Count("posts"))
        return queryset.order_by("order", "name")

    @admin.display(description="Beiträge", ordering="post_count")
    def post_count(self, category):
        return category.post_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = [SLUG_SCRIPT]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(post_count=Count("tagged_posts")).order_by("name")

    @admin.display(description="Beiträge", ordering="post_count")
    def post_count(self, tag):
        return tag.post_count


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "content_type", "object_id", "created_at"]
    list_select_related = ["content_type"]
    list_filter = ["content_type"]
    search_fields = ["slug"]
    readonly_fields = ["content_type", "object_id", "slug", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    """The old WordPress addresses, for looking up where one leads."""

    list_display = ["old_path", "leads_to"]
    list_select_related = ["content_type"]
    list_filter = ["content_type"]
    search_fields = ["old_path", "target_url"]
    readonly_fields = ["old_path", "leads_to"]
    fields = ["old_path", "leads_to"]

    @admin.display(description="Führt zu")
    def leads_to(self, redirect):
        if redirect.object_id is not None:
            target = redirect.target
            return target.get_absolute_url() if target else "(gelöscht)"
        return redirect.target_url

    def has_add_permission(self, request):
        return False


class AuthorProfileInline(admin.StackedInline):
    model = AuthorProfile
    can_delete = False


# Posts use blog.Tag (German slugs); taggit's own, unused Tag model would
# only show the editor an empty list next to the real one.
admin.site.unregister(TaggitTag)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuthorUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AuthorProfileInline]
