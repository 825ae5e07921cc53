"""
axe-core on every page of tests/browser/site_pages.py at a phone's, a small
phone's and a desktop's width; nothing may scroll sideways at 320 px.
"""

import pytest

from tests.browser.audits import axe_findings, sideways_scroll_findings
from tests.browser.site_pages import SITE_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

SMALLEST = 320


@pytest.mark.parametrize("width", [SMALLEST, 390, 1280])
def test_every_page_passes_axe(width, demo_site, open_window, live_server):
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
        problems = axe_findings(page)
        if width == SMALLEST:
            problems += sideways_scroll_findings(page)
        findings += [f"{site_page.name} ({path}) at {width} px: {p}" for p in problems]
    assert not findings, "\n".join(["", *findings])
