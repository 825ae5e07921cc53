"""
The browser checks themselves, on small made-up pages: each names what is
wrong, and a sound page passes them all.
"""

import pytest

from tests.browser.audits import (
    axe_findings,
    keyboard_findings,
    sideways_scroll_findings,
    skip_link_findings,
)

SOUND = """<!DOCTYPE html>
<html lang="de"><head><title>Probe</title>
<style>a:focus-visible, input:focus-visible { outline: 3px solid #1b5fae; }</style>
</head><body>
<ul class="skip-links"><li><a href="#inhalt">Zum Inhalt springen</a></li></ul>
<main id="inhalt" tabindex="-1"><h1>Probe</h1>
{body}
</main></body></html>"""


@pytest.fixture
def small_page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 600})
    page = context.new_page()

    def show(body: str):
        page.set_content(SOUND.replace("{body}", body))
        return page

    yield show
    context.close()


def test_a_sound_page_passes_every_check(small_page):
    page = small_page(
        '<p>Ein Absatz mit <a href="/blog/">Link</a>.</p>'
        '<label for="mail">E-Mail</label><input id="mail" type="email">'
    )
    assert axe_findings(page) == []
    assert sideways_scroll_findings(page) == []
    assert keyboard_findings(page) == []
    assert skip_link_findings(page) == []


def test_axe_names_the_rule_and_the_element(small_page):
    page = small_page('<p class="blass" style="color: #bbb">Kaum zu lesen</p>')
    [finding] = axe_findings(page)
    assert finding.startswith("color-contrast (serious)")
    assert '<p class="blass" style="color: #bbb">Kaum zu lesen</p>' in finding
    assert "contrast of 1.91" in finding


def test_a_wide_element_is_named(small_page):
    page = small_page('<div class="breit" style="width: 500px">Breit</div>')
    [finding] = sideways_scroll_findings(page)
    assert "508 px wide in a 320 px window" in finding  # with the body's margin
    assert 'class="breit"' in finding


def test_a_missing_focus_ring_is_found(small_page):
    page = small_page(
        "<style>a.ohne:focus-visible { outline: none; }</style>"
        '<a class="ohne" href="/">Ohne Rahmen</a>'
    )
    assert keyboard_findings(page) == [
        'no visible focus ring on <a class="ohne" href="/">Ohne Rahmen</a>'
    ]


def test_a_field_that_keeps_the_tab_key_is_found(small_page):
    page = small_page(
        '<label for="text">Text</label><textarea id="text"></textarea>'
        '<a href="/">Danach</a>'
        "<script>document.querySelector('textarea').addEventListener('keydown',"
        " (event) => event.preventDefault());</script>"
    )
    [finding] = keyboard_findings(page)
    assert finding.startswith('Tab 3 reached <textarea id="text">')
    assert 'where <a href="/">Danach</a> comes next' in finding


def test_a_positive_tabindex_is_found(small_page):
    page = small_page('<a href="/a">A</a><a href="/b" tabindex="2">B</a>')
    findings = keyboard_findings(page)
    assert findings[0] == (
        'tabindex above 0 changes the order: <a href="/b" tabindex="2">B</a>'
    )


def test_a_skip_link_to_an_element_without_focus_is_found(small_page):
    page = small_page('<aside id="seitenleiste">Mehr</aside>')
    page.evaluate(
        """() => document.querySelector(".skip-links").insertAdjacentHTML(
          "beforeend", '<li><a href="#seitenleiste">Zur Seitenleiste</a></li>')"""
    )
    assert skip_link_findings(page) == [
        "skip link 'Zur Seitenleiste' leaves the focus on the page instead of "
        "#seitenleiste"
    ]
