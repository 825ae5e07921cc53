"""
Import a generated WordPress export of a large site and report the time
and peak memory it takes.

    .venv/bin/python -m bench.wordpress_bench [--posts 1000] [--pages 50]
        [--comments 3000] [--images 2000]

Everything runs in a temporary folder (SQLite database, uploads, media);
DATABASE_URL may point at PostgreSQL instead. The goals: everything but the
renditions in under 2 minutes, renditions at 4 images a second or better,
peak RSS under 300 MB.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

TMP = Path(tempfile.mkdtemp(prefix="wp-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pusteblume_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'db.sqlite3'}")
os.environ["MEDIA_ROOT"] = str(TMP / "media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from blog.wordpress import media  # noqa: E402
from blog.wordpress.importer import WordPressImport  # noqa: E402

SITE = "https://alte-seite.example"
PARAGRAPH = (
    "Wer sichtbar sein will, braucht keine laute Werbung, sondern Texte, die "
    "deine Kundinnen finden. Heute zeige ich dir, wie du mit <strong>einem "
    "klaren Angebot</strong> und <em>ehrlichen Geschichten</em> ausgebucht bist."
)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def post_body(number: int, images: list[int]) -> str:
    parts = []
    for section in range(6):
        parts.append(f"<h2>Abschnitt {section + 1}</h2>")
        parts += [PARAGRAPH] * 4
        parts.append("<ul>\n<li>Erstens</li>\n<li>Zweitens</li>\n</ul>")
    if images:
        first = images[0]
        parts.insert(
            3,
            f'[caption id="attachment_{first}" width="1024"]<img class="wp-image-'
            f'{first}" src="{SITE}/wp-content/uploads/2020/01/bild-{first}-1024x683'
            f'.jpg" alt="Bild {first}" /> Unterschrift {first}[/caption]',
        )
    if len(images) > 1:
        parts.append(f'[gallery ids="{",".join(map(str, images[1:]))}"]')
    if number % 5 == 0:
        parts.append("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    return "\n\n".join(parts)


def write_export(path: Path, *, posts: int, pages: int, comments: int, images: int):
    per_post = max(1, images // posts)
    with path.open("w") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<link>{SITE}</link><wp:base_site_url>{SITE}</wp:base_site_url>\n"
            "<wp:author><wp:author_login>anna</wp:author_login>"
            "<wp:author_email>anna@example.org</wp:author_email></wp:author>\n"
        )
        for term in range(10):
            out.write(
                f"<wp:category><wp:term_id>{term + 1}</wp:term_id>"
                f"<wp:category_nicename>thema-{term}</wp:category_nicename>"
                f"<wp:cat_name>{cdata(f'Thema {term} &amp; mehr')}</wp:cat_name>"
                "</wp:category>\n"
            )
        image_id = 100_000
        comment_id = 1
        for number in range(posts):
            ids = list(range(image_id, image_id + per_post))
            image_id += per_post
            day = 1 + number % 28
            slug = f"beitrag-{number}"
            thread, previous = [], 0
            comment_text = cdata(
                'Danke für den Text! <a href="https://example.org">Mehr dazu</a>'
            )
            for c in range(comments // posts + (number < comments % posts)):
                parent = previous if c % 3 == 2 else 0
                thread.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    "<wp:comment_author>Lena</wp:comment_author>"
                    "<wp:comment_author_email>lena@example.org"
                    "</wp:comment_author_email>"
                    "<wp:comment_date_gmt>2021-01-02 10:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{comment_text}</wp:comment_content>"
                    f"<wp:comment_approved>{'1' if c % 4 else '0'}"
                    "</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
                previous = comment_id
                comment_id += 1
            out.write(
                f"<item><title>{cdata(f'Beitrag Nummer {number}')}</title>"
                f"<link>{SITE}/2021/01/{day:02d}/{slug}/</link>"
                "<dc:creator>anna</dc:creator>"
                f"<content:encoded>{cdata(post_body(number, ids))}</content:encoded>"
                f"<wp:post_id>{number + 1}</wp:post_id>"
                f"<wp:post_date_gmt>2021-01-{day:02d} 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="thema-{number % 10}">'
                f"Thema</category>"
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{ids[0]}</wp:meta_value></wp:postmeta>"
                + "".join(thread)
                + "</item>\n"
            )
            for wp_id in ids:
                out.write(
                    f"<item><title>Bild {wp_id}</title>"
                    f"<wp:post_id>{wp_id}</wp:post_id>"
                    "<wp:post_type>attachment</wp:post_type>"
                    "<wp:status>inherit</wp:status>"
                    f"<wp:post_parent>{number + 1}</wp:post_parent>"
                    "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                    f"<wp:meta_value>2020/01/bild-{wp_id}.jpg</wp:meta_value>"
                    "</wp:postmeta></item>\n"
                )
        for number in range(pages):
            out.write(
                f"<item><title>Seite {number}</title>"
                f"<link>{SITE}/seite-{number}/</link>"
                f"<content:encoded>{cdata(escape(PARAGRAPH))}</content:encoded>"
                f"<wp:post_id>{50_000 + number}</wp:post_id>"
                f"<wp:post_name>seite-{number}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>page</wp:post_type>"
                "</item>\n"
            )
        out.write("</channel>\n</rss>\n")
    return image_id - 100_000


def write_uploads(folder: Path, count: int) -> None:
    target = folder / "2020" / "01"
    target.mkdir(parents=True)
    base = Image.radial_gradient("L").resize((1200, 800))
    for index in range(count):
        wp_id = 100_000 + index
        shade = index % 200
        image = Image.merge(
            "RGB", (base, base.point(lambda v, s=shade: (v + s) % 256), base)
        )
        image.save(target / f"bild-{wp_id}.jpg", quality=85)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--images", type=int, default=2000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    export = TMP / "export.xml"
    images = write_export(
        export,
        posts=args.posts,
        pages=args.pages,
        comments=args.comments,
        images=args.images,
    )
    started = time.monotonic()
    write_uploads(TMP / "uploads", images)
    print(
        f"Export: {export.stat().st_size / 1e6:.1f} MB, {images} Bilder erzeugt "
        f"in {time.monotonic() - started:.0f} s"
    )

    image_seconds = 0.0
    bring_in = media.MediaLibrary._bring_in

    def timed(self, relative):
        nonlocal image_seconds
        start = time.monotonic()
        try:
            return bring_in(self, relative)
        finally:
            image_seconds += time.monotonic() - start

    media.MediaLibrary._bring_in = timed
    started = time.monotonic()
    report = WordPressImport(export, uploads=TMP / "uploads").run()
    total = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n".join(report.lines()[:12]))
    print(f"Import gesamt:          {total:7.1f} s")
    print(f"  ohne Bilder:          {total - image_seconds:7.1f} s")
    print(
        f"  Bilder (Prüfung und Renditions): {image_seconds:.1f} s, "
        f"{images / max(image_seconds, 0.001):.1f} Bilder/s"
    )
    print(f"Höchster Speicherbedarf (RSS): {peak:.0f} MB")

    started = time.monotonic()
    WordPressImport(export, uploads=TMP / "uploads").run()
    print(f"Zweiter Lauf (nichts geändert): {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
