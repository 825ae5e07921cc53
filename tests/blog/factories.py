"""Test data for the blog: plain helpers with keyword overrides."""

import time
from datetime import timedelta
from io import BytesIO
from itertools import count

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from blog.comments.forms import STAMP_SALT
from blog.models import Category, Comment, GalleryImage, Post

_numbers = count(1)

BODY = (
    "Ein Absatz über Sichtbarkeit, der ein paar Wörter hat und mehr nicht.\n\n"
    "## Erster Abschnitt\n\nNoch ein Absatz mit etwas Text."
)


def make_category(**overrides) -> Category:
    number = next(_numbers)
    fields = {"name": f"Kategorie {number}", "slug": f"kategorie-{number}"} | overrides
    return Category.objects.create(**fields)


def make_post(*, tags=(), **overrides) -> Post:
    """A live post (published yesterday) unless the overrides say otherwise."""
    number = next(_numbers)
    fields = {
        "title": f"Beitrag {number}",
        "slug": f"beitrag-{number}",
        "body": BODY,
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    } | overrides
    if "category" not in fields:
        fields["category"] = make_category()
    post = Post.objects.create(**fields)
    if tags:
        post.tags.set(list(tags))
    return post


def fake_renditions(stem: str, width: int = 1600, height: int = 900) -> dict:
    """A renditions dict as make_renditions() returns it, without any files."""
    renditions = []
    for size in (480, 960, width):
        scaled = round(height * size / width)
        for fmt, ext in (("webp", "webp"), ("jpeg", "jpg")):
            renditions.append(
                {
                    "name": f"test/renditions/{stem}-{size}.{ext}",
                    "width": size,
                    "height": scaled,
                    "format": fmt,
                }
            )
    return {"width": width, "height": height, "renditions": renditions}


def make_gallery_image(post: Post, **overrides) -> GalleryImage:
    number = next(_numbers)
    fields = {
        "post": post,
        "image": f"test/galerie-{number}.jpg",
        "renditions": {
            **fake_renditions(f"galerie-{number}"),
            "source": f"test/galerie-{number}.jpg",
        },
        "alt": f"Galeriebild {number}",
        "caption": f"Bildunterschrift {number}",
        "credit": "Foto: Test / © Name",
        "order": number,
    } | overrides
    return GalleryImage.objects.create(**fields)


def with_cover(post: Post) -> Post:
    """Give a post a cover without making files (the renditions are fake)."""
    name = f"test/cover-{post.pk}.jpg"
    post.cover = name
    post.cover_renditions = {**fake_renditions(f"cover-{post.pk}"), "source": name}
    post.cover_alt = "Ein Titelbild"
    post.save()
    return post


def jpeg_upload(
    name: str = "foto.jpg", *, size=(64, 48), exif: bytes | None = None
) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    output = BytesIO()
    options = {"exif": exif} if exif else {}
    image.save(output, "JPEG", **options)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def gps_exif() -> bytes:
    """EXIF with a camera model and a GPS position, as phones write it."""
    exif = Image.Exif()
    exif[0x0110] = "Testkamera"  # Model
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return exif.tobytes()


def make_comment(post: Post, **overrides) -> Comment:
    """An approved comment by a reader, written an hour ago."""
    number = next(_numbers)
    now = timezone.now()
    fields = {
        "post": post,
        "name": f"Leserin {number}",
        "email": f"leserin{number}@example.org",
        "text": f"Kommentar Nummer {number}.",
        "status": Comment.Status.APPROVED,
        "created_at": now - timedelta(hours=1),
        "approved_at": now,
        "author_notified_at": now,
    } | overrides
    return Comment.objects.create(**fields)


def form_stamp(post: Post, *, seconds_ago: float = 10) -> str:
    """The form's signed time stamp, as if the page was shown that long ago."""
    millis = int((time.time() - seconds_ago) * 1000)
    return signing.Signer(salt=STAMP_SALT).sign(f"{post.pk}:{millis}")


def comment_data(post: Post, **overrides) -> dict:
    """What the comment form sends, filled in by a person."""
    return {
        "name": "Anna Becker",
        "email": "anna@example.org",
        "website": "",
        "text": "Danke für die Anregung!\n\nIch probiere es gleich aus.",
        "homepage": "",
        "parent": "",
        "stamp": form_stamp(post),
    } | overrides
