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
            if not CHROMIUM.exists() and not in_ci():
                item.add_marker(
                    pytest.mark.skip(reason="Debian's chromium is not installed")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

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
