from django.contrib.contenttypes.models import ContentType
from django.db import models


class SlugHistoryMixin:
    """
    Remember a row's previous slug when it changes, so old links keep working.

    Kept in save() rather than in the admin so every way of saving (admin,
    shell, a data migration) keeps the history.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_slug = instance.__dict__.get("slug")
        return instance

    def remember_old_slug(self):
        old_slug = getattr(self, "_saved_slug", None)
        if old_slug and old_slug != self.slug:
            OldSlug.objects.remember(self, old_slug)
        self._saved_slug = self.slug


class OldSlugQuerySet(models.QuerySet):
    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def remember(self, obj, old_slug: str) -> None:
        """Make `old_slug` lead to `obj`, and free the slug `obj` now has."""
        content_type = ContentType.objects.get_for_model(obj)
        self.filter(content_type=content_type, slug=obj.slug).delete()
        self.update_or_create(
            content_type=content_type, slug=old_slug, defaults={"object_id": obj.pk}
        )

    def bury(self, posts) -> None:
        """
        Before posts are deleted: turn the addresses of the live ones into
        tombstones (answered with 410 Gone) and drop the others' history.
        """
        from .posts import Post

        content_type = ContentType.objects.get_for_model(Post)
        posts = list(posts)
        history = self.filter(
            content_type=content_type, object_id__in=[post.pk for post in posts]
        )
        live = [post for post in posts if post.is_live]
        history.exclude(object_id__in=[post.pk for post in live]).delete()
        history.update(object_id=None)
        for post in live:
            self.update_or_create(
                content_type=content_type, slug=post.slug, defaults={"object_id": None}
            )


class OldSlug(models.Model):
    """
    A slug an object had before: its old URL redirects to the object's
    current one. With no object it marks a deleted post (410 Gone).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name="Art", on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField("Objekt-ID", null=True, blank=True)
    slug = models.SlugField("Alter Kurzname", max_length=200)
    created_at = models.DateTimeField("Seit", auto_now_add=True)

    objects = OldSlugQuerySet.as_manager()

    class Meta:
        verbose_name = "Alte Adresse"
        verbose_name_plural = "Alte Adressen"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="blog_oldslug_unique"
            ),
        ]

    def __str__(self):
        return self.slug
