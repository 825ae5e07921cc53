"""
With the keyboard alone: Tab reaches every control of every page in
document order, each with a visible focus ring, and the skip links move
the focus where they say.
"""

import pytest

from tests.browser.audits import keyboard_findings, skip_link_findings
from tests.browser.site_pages import SITE_PAGES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [320, 1280])
def test_every_page_works_with_the_keyboard_alone(
    width, demo_site, open_window, live_server
):
    reader = open_window(width)
    editor = open_window(width, editor=True)
    member = open_window(width, member=True)
    findings = []
    for site_page in SITE_PAGES:
        page = editor if site_page.editor else member if site_page.member else reader
        path = site_page.path()
        page.goto(live_server.url + path)
        if site_page.then:
            site_page.then(page)
        problems = keyboard_findings(page)
        if not site_page.editor:
            problems += skip_link_findings(page)
        findings += [f"{site_page.name} ({path}) at {width} px: {p}" for p in problems]
    assert not findings, "\n".join(["", *findings])
