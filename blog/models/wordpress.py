"""
What the WordPress import remembers: which row came from which WordPress
item (so a second run updates instead of duplicating), and the old site's
addresses with where they lead now.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class WordPressItem(models.Model):
    """
    One thing of the WordPress export and the row it became. `digest` is a
    hash of what the export said, so an unchanged item is skipped on the
    next run; `data` keeps what has no row of its own (a stored image's
    file name and renditions).
    """

    class Kind(models.TextChoices):
        POST = "post", "Beitrag"
        PAGE = "page", "Seite"
        CATEGORY = "category", "Kategorie"
        TAG = "tag", "Schlagwort"
        AUTHOR = "author", "Autorin"
        COMMENT = "comment", "Kommentar"
        IMAGE = "image", "Bilddatei"

    kind = models.CharField("Art", max_length=10, choices=Kind)
    key = models.CharField(
        "WordPress-ID",
        max_length=300,
        help_text="Die ID in WordPress, bei Bilddateien der Pfad unter "
        "wp-content/uploads.",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "Aus WordPress übernommen"
        verbose_name_plural = "Aus WordPress übernommen"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], name="blog_wordpressitem_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"


class LegacyRedirect(models.Model):
    """
    An address of the old site and where it leads now: to an object (so a
    later change of its slug is followed), or to a fixed URL. An old upload
    keeps the image's renditions, so WordPress's size variants
    (foto-1024x683.jpg) lead to the rendition nearest in size.
    """

    old_path = models.CharField(
        "Alte Adresse",
        max_length=500,
        unique=True,
        help_text="Pfad der alten Website, z. B. /2021/03/mein-beitrag/ oder /?p=12.",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_url = models.CharField("Neue Adresse", max_length=500, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["old_path"]
        verbose_name = "Weiterleitung von WordPress"
        verbose_name_plural = "Weiterleitungen von WordPress"

    def __str__(self):
        return self.old_path
