"""The newsletter's part of the admin's start page ("Übersicht")."""

from django.utils import timezone

from .models import Issue, Subscriber


def panel(request) -> dict:
    month_start = timezone.localtime().replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    subscribers = Subscriber.objects.all()
    last_issue = (
        Issue.objects.exclude(status=Issue.Status.DRAFT)
        .with_progress()
        .order_by("-sending_started_at", "-pk")
        .first()
    )
    return {
        "template": "admin/newsletter/overview.html",
        "confirmed": subscribers.filter(status=Subscriber.Status.CONFIRMED).count(),
        "new_this_month": subscribers.filter(
            status=Subscriber.Status.CONFIRMED, confirmed_at__gte=month_start
        ).count(),
        "left_this_month": subscribers.filter(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at__gte=month_start
        ).count(),
        "last_issue": last_issue,
        "drafts": Issue.objects.filter(status=Issue.Status.DRAFT).order_by(
            "-updated_at"
        )[:3],
    }
