"""
Lighthouse (mobile) on one page of each kind: `make lighthouse`.

    python -m bench.lighthouse

Seeds the demo site in its own database, starts it in production shape
(gunicorn, DEBUG off, collected static files) and runs Lighthouse from npm
(`npx lighthouse`, with Debian's Chromium through CHROME_PATH) on the home
page, a static page, the blog list, a category, the longest post, the post
with a gallery and the newsletter page, with Lighthouse's default mobile
emulation and throttling. Prints the four category scores of each; every
page kind is to keep 100 in all four. A score below 100 is marked and makes
the command fail, so a regression is seen.

Not part of `make test`: it takes a minute or two per page, and Lighthouse's
performance score depends on how busy the machine is.

Environment: LIGHTHOUSE_VERSION (default 12), CHROME_PATH (default
/usr/bin/chromium).
"""

import json
import os
import shutil
import subprocess
import sys

from tests.servers import PROJECT, manage, production_env, start_gunicorn

OUT = PROJECT / "bench" / "out" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
VERSION = os.environ.get("LIGHTHOUSE_VERSION", "12")


def environment() -> dict[str, str]:
    return production_env(
        static_root=OUT / "static",
        DJANGO_SERVE_MEDIA="1",
        MEDIA_ROOT=str(OUT / "media"),
        DATABASE_URL=f"sqlite:///{OUT / 'site.sqlite3'}",
    )


def page_kinds(env: dict[str, str]) -> dict[str, str]:
    code = (
        "from django.db.models.functions import Length; "
        "from django.urls import reverse; "
        "from blog.models import Post; "
        "live = Post.objects.published(); "
        "longest = live.order_by(Length('body').desc()).first(); "
        "gallery = live.filter(gallery_images__isnull=False).first() or longest; "
        "print(longest.get_absolute_url(), gallery.get_absolute_url(), "
        "longest.category.get_absolute_url(), reverse('newsletter:subscribe'))"
    )
    output = manage(env, "shell", "-c", code).split()
    longest, gallery, category, newsletter = output[-4:]
    return {
        "home": "/",
        "page": "/beratung/",
        "list": "/blog/",
        "category": category,
        "long post": longest,
        "gallery": gallery,
        "newsletter": newsletter,
    }


def lighthouse(url: str, report: str) -> dict[str, int]:
    """The four category scores, 0–100, of one run on `url`."""
    subprocess.run(
        ["npx", "--yes", f"lighthouse@{VERSION}", url]
        + ["--only-categories=" + ",".join(CATEGORIES)]
        + ["--output=json", f"--output-path={report}", "--quiet"]
        + ["--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env=os.environ
        | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
    )
    with open(report) as file:
        result = json.load(file)
    return {
        name: round((result["categories"][name]["score"] or 0) * 100)
        for name in CATEGORIES
    }


def main() -> None:
    if not shutil.which("npx"):
        sys.exit("npx is missing: apt-get install npm")
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()
    print("Seeding the demo site …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput")
    urls = page_kinds(env)

    rows = []
    with start_gunicorn(env, workers=2) as server:
        for kind, path in urls.items():
            print(f"Lighthouse: {kind} ({path}) …", flush=True)
            report = OUT / f"{kind.replace(' ', '-')}.json"
            rows.append((kind, path, lighthouse(server.url + path, str(report))))

    header = f"{'page':<11} " + "".join(f"{name:>16}" for name in CATEGORIES)
    print()
    print(header)
    print("-" * len(header))
    failed = False
    for kind, path, scores in rows:
        cells = ""
        for name in CATEGORIES:
            mark = "" if scores[name] == 100 else " LOW"
            failed |= bool(mark)
            cells += f"{str(scores[name]) + mark:>16}"
        print(f"{kind:<11} {cells}   {path}")
    print(f"\nFull reports: {OUT}/*.json")
    if failed:
        sys.exit("Below 100 on some page: see the reports.")


if __name__ == "__main__":
    main()
