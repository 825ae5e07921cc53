"""Background jobs of the members' area: every mail leaves from the worker."""

from django_tasks import task


@task()
def send_sign_in_link_task(member_id: int, next_url: str = "") -> None:
    from .services import send_sign_in_link

    send_sign_in_link(member_id=member_id, next_url=next_url)


@task()
def send_welcome_task(member_id: int) -> None:
    from .services import send_sign_in_link

    send_sign_in_link(member_id=member_id, welcome=True)
