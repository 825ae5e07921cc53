from urllib.parse import urlsplit

import pytest

import pages.demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_pages():
    pages.demo.seed(stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_page_on_a_phone_needs_no_script_and_loads_nothing_foreign(
    browser, live_server, demo_pages, screenshot
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Ausgebucht ohne Akquise"
    assert page.locator("nav#navigation a", has_text="Beratung").is_visible()
    assert context.cookies() == []
    assert hosts == {urlsplit(live_server.url).netloc}
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-phone")
    context.close()


def test_skip_links_appear_on_focus_and_jump(page, live_server, demo_pages):
    page.goto(live_server.url + "/beratung/")
    page.keyboard.press("Tab")
    first = page.locator(".skip-links a").first
    assert first.inner_text() == "Zur Navigation springen"
    assert first.bounding_box()["y"] >= 0
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhalt")


def test_pages_raise_no_console_errors_under_the_strict_csp(
    page, live_server, demo_pages, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in ["/", "/beratung/", "/datenschutz/", "/gibt-es-nicht/"]:
        page.goto(live_server.url + path)
        assert not [str(m) for m in page.console_messages if "404" not in str(m)]
    screenshot(page, "not-found-desktop")
    page.goto(live_server.url + "/moderation/")
    screenshot(page, "moderation-desktop")


def test_editor_edits_a_page_with_live_preview_under_the_csp(
    beratung_in_the_admin, live_server, screenshot
):
    page = beratung_in_the_admin
    editor = page.locator("textarea#id_body")
    editor.fill("## Neu hier\n\n<script>alert(1)</script>\n\nHallo **du**!")
    # The preview is a page of its own in the site's stylesheet.
    preview = page.frame_locator(".editor__frame").locator(".post__body")
    preview.locator("h2#neu-hier").wait_for()
    assert "<script" not in preview.inner_html()
    assert preview.locator("strong").inner_text() == "du"
    screenshot(page, "admin-page-editor")
    page.click("input[name=_save]")
    page.locator(".messagelist").wait_for()
    csp_errors = [
        str(m) for m in page.console_messages if "Content Security Policy" in str(m)
    ]
    assert csp_errors == []
    page.goto(live_server.url + "/beratung/")
    assert page.locator("main h2#neu-hier").inner_text() == "Neu hier"
