"""The blog's part of the admin's start page ("Übersicht")."""

from datetime import timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from .models import Comment, Post

MOST_READ_DAYS = 30


def most_read(*, days: int = MOST_READ_DAYS, limit: int = 5):
    """Live posts by their reading counts of the last `days` days."""
    since = timezone.localdate() - timedelta(days=days)
    return (
        Post.objects.published()
        .annotate(
            reads=Sum("view_counts__count", filter=Q(view_counts__day__gte=since))
        )
        .filter(reads__gt=0)
        .only("title", "slug", "published_at")
        .order_by("-reads", "-published_at")[:limit]
    )


def panel(request) -> dict:
    return {
        "template": "admin/blog/overview.html",
        "drafts": Post.objects.filter(status=Post.Status.DRAFT)
        .only("title", "updated_at")
        .order_by("-updated_at")[:8],
        "scheduled": Post.objects.scheduled()
        .only("title", "published_at")
        .order_by("published_at")[:8],
        "pending_comments": Comment.objects.pending()
        .select_related("post")
        .order_by("created_at")[:8],
        "pending_count": Comment.objects.pending().count(),
        "most_read": most_read(),
        "most_read_days": MOST_READ_DAYS,
    }
