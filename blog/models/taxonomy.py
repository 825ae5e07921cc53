from django.db import models
from django.db.models import Count
from taggit.managers import _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from pusteblume_site.addresses import address
from pusteblume_site.slugs import german_slugify, unique_slug

from .history import SlugHistoryMixin


class CategoryQuerySet(models.QuerySet):
    def with_post_counts(self):
        from .posts import live_q

        # Aggregating queries ignore Meta.ordering, so repeat it.
        return self.annotate(
            post_count=Count("posts", filter=live_q("posts__"))
        ).order_by("order", "name")


class Category(SlugHistoryMixin, models.Model):
    name = models.CharField("Name", max_length=80, unique=True)
    slug = models.SlugField(
        "Kurzname in der Adresse",
        max_length=80,
        unique=True,
        blank=True,
        help_text="Leer lassen: wird aus dem Namen gebildet (ä → ae, ß → ss). "
        "Eine spätere Änderung leitet die alte Adresse weiter.",
    )
    description = models.TextField(
        "Beschreibung",
        blank=True,
        help_text="Ein, zwei Sätze oben auf der Kategorieseite: worum geht es hier?",
    )
    order = models.PositiveSmallIntegerField(
        "Reihenfolge",
        default=0,
        help_text="Kleinere Zahlen stehen in der Seitenleiste weiter oben.",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "Kategorie"
        verbose_name_plural = "Kategorien"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="kategorie")
        super().save(*args, **kwargs)
        self.remember_old_slug()

    def get_absolute_url(self):
        return address("blog:category_detail", self.slug)


class Tag(SlugHistoryMixin, TagBase):
    """A free tag; its slug spells umlauts out like post slugs do."""

    class Meta:
        ordering = ["name"]
        verbose_name = "Schlagwort"
        verbose_name_plural = "Schlagwörter"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.remember_old_slug()

    def get_absolute_url(self):
        return address("blog:tag_detail", self.slug)

    def slugify(self, tag, i=None):
        slug = german_slugify(tag) or "schlagwort"
        if i is not None:
            slug += f"-{i}"
        return slug


class PostTagManager(_TaggableManager):
    def _to_tag_model_instances(self, tags, tag_kwargs):
        """
        Find existing tags by slug and case-folded name, in one query.

        taggit's case-insensitive lookup uses `iexact`, which SQLite applies
        to ASCII letters only, so "Ärger" and "ärger" would become two tags
        there (and two slugs, "aerger" and "aerger-1"). Both spell the same
        slug, so look tags up by slug and compare the names in Python.
        """
        tag_model = self.through.tag_model()
        names = [t for t in tags if isinstance(t, str)]
        candidates = tag_model._default_manager.filter(
            slug__in={tag_model().slugify(name) for name in names}, **tag_kwargs
        )
        by_folded_name = {tag.name.casefold(): tag for tag in candidates}
        result = []
        for item in tags:
            if isinstance(item, str):
                tag = by_folded_name.get(item.casefold())
                if tag is None:
                    tag = tag_model._default_manager.create(name=item, **tag_kwargs)
                    by_folded_name[item.casefold()] = tag
            elif isinstance(item, tag_model):
                tag = item
            else:
                raise ValueError(f"Cannot add {item!r}: expected a tag or a string.")
            if tag not in result:
                result.append(tag)
        return result


class TaggedPost(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")
    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "Verschlagwortung"
        verbose_name_plural = "Verschlagwortungen"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="blog_taggedpost_unique"
            ),
        ]
