"""Background jobs for comments: every mail leaves from the worker."""

from django_tasks import task


@task()
def send_moderation_mail_task() -> int:
    from .services import send_moderation_mail

    return send_moderation_mail()


@task()
def send_notification_confirmation_task(address_id: int, post_id: int) -> bool:
    from .services import send_notification_confirmation

    return send_notification_confirmation(address_id=address_id, post_id=post_id)


@task()
def send_reply_notifications_task(comment_id: int) -> int:
    from .services import send_reply_notifications

    return send_reply_notifications(comment_id=comment_id)
