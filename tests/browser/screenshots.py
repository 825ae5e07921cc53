"""
Full-page screenshots of the main pages for a person to look at:
`make screenshots`.

    python -m tests.browser.screenshots

Seeds the demo site into a fresh SQLite file, starts it in production shape
(tests/servers.py) and writes one PNG per page of site_pages.SITE_PAGES and
width into screenshots/ (not kept in git), e.g. screenshots/390-blog.png.
Nothing is compared: the pictures are for eyes.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from tests.servers import PROJECT, manage, production_env, start_gunicorn

OUT = PROJECT / "screenshots"
WIDTHS = (390, 1280)
CHROMIUM = "/usr/bin/chromium"


def prepare(folder: Path) -> dict[str, str]:
    env = production_env(
        static_root=folder / "static",
        DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SERVE_MEDIA="1",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    # The page list's paths come from the database: this process reads the
    # same one as the server.
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pusteblume_site.settings"
    # Playwright's sync API runs an event loop in this thread; the queries
    # for the paths are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from tests.browser.site_pages import seed_demo_site

    seed_demo_site()
    return env


def take(base_url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from pusteblume_site.slugs import german_slugify
    from tests.browser.site_pages import EDITOR_PASSWORD, EDITOR_USERNAME, SITE_PAGES

    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            reader = browser.new_context(viewport={"width": width, "height": 900})
            editor = browser.new_context(viewport={"width": width, "height": 900})
            editor_page = editor.new_page()
            editor_page.goto(base_url + "/admin/login/")
            editor_page.fill("#id_username", EDITOR_USERNAME)
            editor_page.fill("#id_password", EDITOR_PASSWORD)
            with editor_page.expect_navigation():
                editor_page.click("input[type=submit]")
            reader_page = reader.new_page()
            for site_page in SITE_PAGES:
                if not site_page.screenshot:
                    continue
                page = editor_page if site_page.editor else reader_page
                page.goto(base_url + site_page.path())
                if site_page.then:
                    site_page.then(page)
                path = OUT / f"{width}-{german_slugify(site_page.name)}.png"
                page.screenshot(path=str(path), full_page=True)
                written.append(path)
            reader.close()
            editor.close()
        browser.close()
    return written


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="pusteblume-screenshots-"))
    try:
        env = prepare(folder)
        with start_gunicorn(env) as server:
            written = take(server.url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(written)} screenshots in {OUT.relative_to(PROJECT)}/")


if __name__ == "__main__":
    main()
