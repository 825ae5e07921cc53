from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .posts import Post


class AuthorProfile(models.Model):
    """What the author box under a post says about its author."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Konto",
        on_delete=models.CASCADE,
        related_name="author_profile",
    )
    bio = models.TextField(
        "Kurzbiografie",
        max_length=600,
        blank=True,
        help_text="Zwei, drei Sätze über dich; sie stehen unter jedem deiner Beiträge.",
    )

    class Meta:
        verbose_name = "Autorinnenprofil"
        verbose_name_plural = "Autorinnenprofile"

    def __str__(self):
        return str(self.user)


class PostViewCount(models.Model):
    """
    How often a post was read on one day. No visitor data at all: no IP
    address, no cookie, just a number per post and day.
    """

    post = models.ForeignKey(
        Post,
        verbose_name="Beitrag",
        on_delete=models.CASCADE,
        related_name="view_counts",
    )
    day = models.DateField("Tag")
    count = models.PositiveIntegerField("Aufrufe", default=0)

    class Meta:
        verbose_name = "Aufrufe pro Tag"
        verbose_name_plural = "Aufrufe pro Tag"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "day"], name="blog_viewcount_unique"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="blog_viewcount_day_idx")]

    def __str__(self):
        return f"{self.post_id} am {self.day}: {self.count}"

    @classmethod
    def record(cls, *, post_id: int) -> None:
        """
        Count one view of a live post today: a single UPDATE in the usual
        case, an INSERT on the day's first view. F() keeps concurrent views
        from overwriting each other.
        """
        day = timezone.localdate()
        counters = cls.objects.filter(post_id=post_id, day=day)
        if counters.update(count=F("count") + 1):
            return
        if not Post.objects.published().filter(pk=post_id).exists():
            return
        try:
            with transaction.atomic():
                cls.objects.create(post_id=post_id, day=day, count=1)
        except IntegrityError:
            counters.update(count=F("count") + 1)
