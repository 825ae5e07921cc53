"""
Browser tests: a real headless Chromium (Debian's package) driven by
Playwright against pytest-django's live server.
"""

import os
from pathlib import Path

import pytest

from tests.services import in_ci

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # In CI a missing browser is a broken machine, not a reason to
            # pass without the checks: the browser fixture then fails.
            if not CHROMIUM.exists() and not in_ci():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"Debian's chromium is not installed ({CHROMIUM})"
                    )
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"CI is set but {CHROMIUM} is missing: install Debian's chromium "
            "(.ci/run does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message))
    page.on("pageerror", lambda error: page.console_messages.append(error))
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a PNG under test-artifacts/ for a person to look at."""

    def save(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def beratung_in_the_admin(page, live_server):
    """The editor, logged in, on the change form of the page "Beratung"."""
    import pages.demo
    from tests.factories import make_staff

    pages.demo.seed(stdout=open(os.devnull, "w"))  # noqa: SIM115
    make_staff(username="lena", password="ein-sicheres-testpasswort")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "lena")
    page.fill("#id_password", "ein-sicheres-testpasswort")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/pages/page/")
    page.click("text=Beratung")
    return page


@pytest.fixture
def demo_site(transactional_db):
    """The demo content, an embed in the gallery post and an editor account."""
    from tests.browser.site_pages import seed_demo_site

    seed_demo_site()


@pytest.fixture
def open_window(browser, live_server):
    """
    A function that opens a browser window of a given width, for a reader or
    logged in as the demo site's editor; all are closed after the test.
    """
    from tests.browser.site_pages import (
        EDITOR_PASSWORD,
        EDITOR_USERNAME,
        member_sign_in_path,
    )

    contexts = []

    def open_(width: int, *, editor: bool = False, member: bool = False):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        if editor:
            page.goto(live_server.url + "/admin/login/")
            page.fill("#id_username", EDITOR_USERNAME)
            page.fill("#id_password", EDITOR_PASSWORD)
            with page.expect_navigation():
                page.click("input[type=submit]")
        if member:
            page.goto(live_server.url + member_sign_in_path())
            with page.expect_navigation():
                page.get_by_role("button", name="Jetzt anmelden").click()
        return page

    yield open_
    for context in contexts:
        context.close()
