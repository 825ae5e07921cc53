"""
Everything a backup must carry, beyond the demo content: a delivered and a
failed newsletter, comments (a reply, one waiting, spam), a subscriber who
left, an uploaded file that is no image. Run with `manage.py shell`.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.models import Comment, GalleryImage, Post
from newsletter.models import Delivery, Issue, Subscriber

now = timezone.now()
post = Post.objects.published().first()
if not GalleryImage.objects.exists():
    GalleryImage.objects.create(
        post=post,
        image=post.cover.name,
        renditions=post.cover_renditions,
        alt="Bunte Formen",
        caption="Ein Bild, zweimal gezeigt",
        order=0,
    )
editor = get_user_model().objects.get(username="redaktion")
question = Comment.objects.create(
    post=post,
    name="Mara",
    email="mara@example.org",
    text="Wie fängst du an, wenn dir nichts einfällt? Ümläute & <b>Tags</b>",
    status=Comment.Status.APPROVED,
    created_at=now,
    approved_at=now,
)
Comment.objects.create(
    post=post,
    parent=question,
    user=editor,
    name="Lena Sommer",
    email="redaktion@example.org",
    text="Mit einem einzigen Satz, der nicht gut sein muss.",
    status=Comment.Status.APPROVED,
    created_at=now,
    approved_at=now,
)
Comment.objects.create(
    post=post, name="Wartet", email="w@example.org", text="Noch offen."
)
Comment.objects.create(
    post=post,
    name="Spam",
    email="spam@example.org",
    text="Billig!",
    status=Comment.Status.SPAM,
)
issue = Issue.objects.first()
subscribers = list(Subscriber.objects.all()[:2])
Delivery.objects.create(
    issue=issue, subscriber=subscribers[0], status=Delivery.Status.SENT, sent_at=now
)
Delivery.objects.create(
    issue=issue,
    subscriber=subscribers[1],
    status=Delivery.Status.FAILED,
    attempts=3,
    error="550 Postfach voll",
)
default_storage.save("uploads/preisliste.pdf", ContentFile(b"%PDF-1.4 \x00\xff binary"))
