"""
Demo content for the blog: categories, an author, posts with generated
cover images, a gallery, a draft, a scheduled post and some readings.

seed() is idempotent: it creates only what is missing, found by slug, so a
second run changes nothing. `posts=1000` adds machine-made posts over ten
years for benchmarks, with bulk inserts and shared images.
"""

import math
import random
from datetime import datetime, time, timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from members.models import Product
from pusteblume_site.images import make_renditions
from pusteblume_site.slugs import german_slugify

from .comments import demo as demo_comments
from .demo_content import (
    AUTHOR_BIO,
    CATEGORIES,
    CLOSINGS,
    DRAFT_POST,
    MARKDOWN_SHOWCASE,
    POSTS,
    SCHEDULED_POST,
    SECTIONS,
)
from .models import (
    AuthorProfile,
    Category,
    GalleryImage,
    Post,
    PostViewCount,
    Tag,
    TaggedPost,
)

# (name for the alt text, gradient from, gradient to, shapes)
PALETTES = [
    ("Rosa und Orange", "#f7c6d9", "#f59e63", "#ffffff"),
    ("Mintgrün und Blau", "#c8f0df", "#6aa9d8", "#fffdf4"),
    ("Sonnengelb und Koralle", "#fde68a", "#f28b82", "#ffffff"),
    ("Flieder und Nachtblau", "#d9c8f5", "#3d4a89", "#fdf6ff"),
    ("Sand und Petrol", "#f1e3c8", "#2f7f7a", "#fffaf0"),
    ("Beere und Pfirsich", "#8f2d56", "#f7b69a", "#fff3ea"),
    ("Salbei und Creme", "#b7c9a8", "#fbf3dc", "#4f6146"),
    ("Himmelblau und Rosé", "#a7d3f2", "#f4c2c2", "#ffffff"),
    ("Senf und Schiefer", "#e2b33c", "#4b5563", "#fff8e1"),
    ("Türkis und Zitrone", "#5cc8c2", "#f6f08e", "#ffffff"),
]
COVER_SIZE = (1600, 900)
GALLERY_SIZE = (1200, 900)
GALLERY_CAPTIONS = [
    "Begrüßung am Morgen: Wer ist heute da, und was soll am Ende anders sein?",
    "Erste Runde: Jede und jeder formuliert das eigene Angebot in einem Satz.",
    "Flipchart um Flipchart: die gesammelten Kundenfragen.",
    "Kaffeepause mit den besten Gesprächen des Tages.",
    "Gruppenarbeit: aus einer Frage werden fünf Inhalte.",
    "Zum Abschluss: der eine Schritt, den alle nächste Woche gehen.",
]
BENCH_SLUG_PREFIX = "notizen-"
BENCH_TAG_COUNT = 200


def seed(*, stdout, posts: int = 30, **options) -> None:
    """Create the blog's demo content; `posts` is the number of live posts."""
    categories = {
        name: Category.objects.get_or_create(
            slug=german_slugify(name),
            defaults={"name": name, "description": text, "order": index},
        )[0]
        for index, (name, text) in enumerate(CATEGORIES)
    }
    author = _author()
    covers = [_image("cover", number, COVER_SIZE) for number in range(len(PALETTES))]
    created = 0
    now = timezone.now()
    showcase = POSTS[: max(0, posts)]
    for index, spec in enumerate(showcase):
        # Spread over two years, newest first, at nine in the morning.
        day = timezone.localdate(now) - timedelta(days=3 + index * 720 // len(POSTS))
        created += _create_post(
            spec,
            index=index,
            published_at=_at_nine(day),
            categories=categories,
            author=author,
            cover=covers[index % len(covers)],
        )
    created += _create_post(
        DRAFT_POST,
        index=len(POSTS),
        published_at=now,
        status=Post.Status.DRAFT,
        categories=categories,
        author=author,
        cover=covers[1],
    )
    created += _create_post(
        SCHEDULED_POST,
        index=len(POSTS) + 1,
        published_at=_at_nine(timezone.localdate(now) + timedelta(days=7)),
        categories=categories,
        author=author,
        cover=covers[2],
    )
    if posts > len(POSTS):
        created += _create_bench_posts(
            posts - len(POSTS), categories=categories, author=author, covers=covers
        )
    by_slug = Post.objects.published().in_bulk(
        [german_slugify(spec[0]) for spec in showcase[:2]], field_name="slug"
    )
    comments = demo_comments.seed(
        posts=[by_slug.get(german_slugify(spec[0])) for spec in showcase[:2]],
        author=author,
    )
    if posts <= len(POSTS):
        # Benchmarks ask for an exact number of posts, all public.
        created += _create_members_post(
            categories=categories, author=author, now=now, cover=covers[3]
        )
    stdout.write(
        f"Blog: {created} Beiträge angelegt, {Post.objects.count()} insgesamt; "
        f"{comments} Kommentare."
    )


def _author():
    user, created = get_user_model().objects.get_or_create(
        username="lena.sommer",
        defaults={
            "first_name": "Lena",
            "last_name": "Sommer",
            "email": "lena@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    AuthorProfile.objects.get_or_create(user=user, defaults={"bio": AUTHOR_BIO})
    return user


def _at_nine(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _body(spec, index: int) -> str:
    title, category, _tags, opening = spec
    if title.startswith("Markdown-Spickzettel"):
        return f"{opening}\n{MARKDOWN_SHOWCASE}"
    pool = SECTIONS[category]
    count = 3 + index % 3
    sections = [pool[(index + offset) % len(pool)] for offset in range(count)]
    parts = [opening]
    for number, (heading, text) in enumerate(sections):
        parts.append(f"## {heading}\n\n{text}")
        if number == 1 and title.startswith("Workshop-Rückblick"):
            parts.append("[galerie]")
    parts.append(CLOSINGS[index % len(CLOSINGS)])
    return "\n\n".join(parts)


# Members' area: one post only buyers of the Schreibwerkstatt read in full.

MEMBERS_POST_TITLE = "Schreibwerkstatt: Fünf Sätze, die jeden Text öffnen"
MEMBERS_POST_BODY = """\
Der erste Satz entscheidet, ob jemand weiterliest. Hier sind fünf Anfänge,
die fast immer funktionieren, mit je einem Beispiel aus meiner Praxis.

[mehr]

## 1. Mit einer Szene beginnen

„Es war Dienstag, 7:40 Uhr, und die Kaffeemaschine streikte.“ Eine Szene
holt deine Leserin an einen Ort, bevor du ihr etwas erklärst.

## 2. Mit einer Zahl beginnen

„Drei von vier Anfragen kamen über einen einzigen Beitrag.“ Zahlen machen
neugierig, wenn sie eine Frage offen lassen.

## 3. Mit einem Widerspruch beginnen

„Ich habe aufgehört, Akquise zu machen, und seitdem mehr Aufträge.“

## 4. Mit einer Frage beginnen, die wehtut

„Wann hast du zuletzt etwas geschrieben, das nur du schreiben konntest?“

## 5. Mit dem Ende beginnen

Erzähl zuerst, wie es ausging, und dann, wie es dazu kam.

Probier diese Woche jeden Anfang einmal aus und schreib mir in der
Werkstatt-Runde, welcher dir am leichtesten fiel.
"""


def _create_members_post(*, categories, author, now, cover) -> int:
    slug = german_slugify(MEMBERS_POST_TITLE)
    if Post.objects.filter(slug=slug).exists():
        return 0
    name, renditions, alt = cover
    post = Post.objects.create(
        cover=name,
        cover_renditions=renditions,
        cover_alt=alt,
        title=MEMBERS_POST_TITLE,
        slug=slug,
        category=categories["Schreiben"],
        author=author,
        body=MEMBERS_POST_BODY,
        status=Post.Status.PUBLISHED,
        # Older than the newest posts, so the demo's front stays public.
        published_at=_at_nine(timezone.localdate(now) - timedelta(days=40)),
        members_only=True,
    )
    post.tags.set(["Schreiben lernen", "Schreibwerkstatt"])
    product = Product.objects.filter(slug="schreibwerkstatt").first()
    if product:
        post.member_products.add(product)
    return 1


def _create_post(
    spec,
    *,
    index,
    published_at,
    categories,
    author,
    cover,
    status=Post.Status.PUBLISHED,
) -> int:
    title, category, tags, opening = spec
    slug = german_slugify(title)
    if Post.objects.filter(slug=slug).exists():
        return 0
    name, renditions, alt = cover
    with transaction.atomic():
        post = Post.objects.create(
            title=title,
            slug=slug,
            category=categories[category],
            author=author,
            body=_body(spec, index),
            status=status,
            published_at=published_at,
            pinned=title.startswith("Warum ich diesen Blog"),
            cover=name,
            cover_renditions=renditions,
            cover_alt=alt,
            cover_caption="Farben und Formen für diesen Beitrag",
            cover_credit="Grafik: Pusteblume-Demo, mit Pillow erzeugt",
        )
        post.tags.set(tags)
        if title.startswith("Workshop-Rückblick"):
            for number, caption in enumerate(GALLERY_CAPTIONS):
                image, image_renditions, image_alt = _image(
                    "galerie", number, GALLERY_SIZE
                )
                GalleryImage.objects.create(
                    post=post,
                    image=image,
                    renditions=image_renditions,
                    alt=image_alt,
                    caption=caption,
                    credit="Foto: Demo-Inhalt / © Pusteblume",
                    order=number,
                )
        if post.is_live:
            _add_readings([post], seed=index)
    return 1


def _create_bench_posts(count, *, categories, author, covers) -> int:
    """Machine-made posts over ten years, inserted in bulk."""
    existing = set(
        Post.objects.filter(slug__startswith=BENCH_SLUG_PREFIX).values_list(
            "slug", flat=True
        )
    )
    Tag.objects.bulk_create(
        [
            Tag(name=f"Stichwort {number:03d}", slug=f"stichwort-{number:03d}")
            for number in range(1, BENCH_TAG_COUNT + 1)
        ],
        ignore_conflicts=True,
    )
    tags = list(Tag.objects.filter(slug__startswith="stichwort-").order_by("slug"))
    category_list = list(categories.values())
    gallery = [_image("galerie", n, GALLERY_SIZE) for n in range(4)]
    now = timezone.now()
    new_posts = []
    for number in range(count):
        slug = f"{BENCH_SLUG_PREFIX}{number + 1:04d}"
        if slug in existing:
            continue
        spec = POSTS[number % len(POSTS)]
        name, renditions, alt = covers[number % len(covers)]
        post = Post(
            title=f"Notizen {number + 1}: {spec[0]}",
            slug=slug,
            category=categories[spec[1]] if number % 4 else category_list[number % 5],
            author=author,
            body=_body(spec, number),
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(days=10 + number * 3650 / count),
            cover=name,
            cover_renditions=renditions,
            cover_alt=alt,
            cover_credit="Grafik: Pusteblume-Demo",
        )
        post.render()
        new_posts.append(post)
    with transaction.atomic():
        Post.objects.bulk_create(new_posts, batch_size=250)
        TaggedPost.objects.bulk_create(
            [
                TaggedPost(content_object=post, tag=tags[(index * 7 + k) % len(tags)])
                for index, post in enumerate(new_posts)
                for k in range(3)
            ],
            batch_size=1000,
        )
        GalleryImage.objects.bulk_create(
            [
                GalleryImage(
                    post=post,
                    image=image,
                    renditions=renditions,
                    alt=alt,
                    caption=GALLERY_CAPTIONS[k],
                    order=k,
                )
                for post in new_posts[::10]
                for k, (image, renditions, alt) in enumerate(gallery)
            ],
            batch_size=1000,
        )
        _add_readings(new_posts[:200], seed=len(new_posts))
    return len(new_posts)


def _add_readings(posts, *, seed: int) -> None:
    """A few weeks of made-up readings, so "Beliebte Beiträge" has something."""
    rng = random.Random(seed)
    today = timezone.localdate()
    PostViewCount.objects.bulk_create(
        [
            PostViewCount(post=post, day=today - timedelta(days=day), count=count)
            for post in posts
            for day in rng.sample(range(60), 12)
            if (count := rng.randint(0, 40))
        ],
        ignore_conflicts=True,
    )


def _image(kind: str, number: int, size: tuple[int, int]):
    """
    A stored demo image and its renditions: made once with Pillow (soft
    gradient, blurred circles, dandelion seeds), then reused.
    """
    palette_name, start, end, ink = PALETTES[number % len(PALETTES)]
    name = f"blog/demo/{kind}-{number:02d}.jpg"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_artwork(number, size, start, end, ink)))
    renditions = {**make_renditions(name), "source": name}
    alt = (
        f"Abstrakte Grafik in {palette_name}: weiche Kreise und schwebende "
        "Pusteblumen-Samen"
    )
    return name, renditions, alt


def _artwork(seed: int, size, start: str, end: str, ink: str) -> bytes:
    rng = random.Random(seed)
    width, height = size
    # A 2×2 image scaled up smoothly is a soft diagonal gradient.
    corners = [0, 90, 165, 255]
    rng.shuffle(corners)
    gradient = Image.new("L", (2, 2))
    gradient.putdata(corners)
    gradient = gradient.resize(size, Image.Resampling.BICUBIC)
    image = ImageOps.colorize(gradient, start, end)

    # Soft circles: drawn small as masks, blurred, scaled up, tinted.
    small = (width // 8, height // 8)
    for _ in range(6):
        mask = Image.new("L", small, 0)
        radius = rng.randint(small[1] // 8, small[1] // 3)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1])
        ImageDraw.Draw(mask).ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=rng.randint(60, 130)
        )
        mask = mask.filter(ImageFilter.GaussianBlur(6)).resize(size)
        shade = Image.new("L", (1, 1), rng.randint(0, 255))
        tint = ImageOps.colorize(shade, start, end).getpixel((0, 0))
        image = Image.composite(Image.new("RGB", size, tint), image, mask)

    # Dandelion seeds drifting across.
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randint(0, width), rng.randint(0, height)
        length = rng.randint(20, 60)
        draw.line((x, y, x + length // 3, y + length), fill=ink, width=3)
        for spoke in range(12):
            angle = math.radians(spoke * 30 + rng.randint(-8, 8))
            tip = (
                x + round(length / 2 * math.cos(angle)),
                y + round(length / 2 * math.sin(angle)),
            )
            draw.line((x, y, *tip), fill=ink, width=2)
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=ink)

    output = BytesIO()
    image.save(output, "JPEG", quality=85, optimize=True)
    return output.getvalue()
