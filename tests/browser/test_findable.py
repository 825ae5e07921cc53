"""Search, previews and the 404 page as a reader's browser sees them."""

import json

import pytest

import blog.demo
import pages.demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site():
    quiet = open("/dev/null", "w")  # noqa: SIM115
    pages.demo.seed(stdout=quiet)
    blog.demo.seed(stdout=quiet, posts=5)


def csp_errors(page) -> list[str]:
    return [
        str(getattr(message, "text", message))
        for message in page.console_messages
        if "Content Security Policy" in str(getattr(message, "text", message))
    ]


def test_searching_from_the_header_shows_marked_hits(
    page, live_server, demo_site, screenshot
):
    page.goto(live_server.url + "/beratung/")
    page.fill("#suche-kopf", "Sichtbarkeit")
    page.press("#suche-kopf", "Enter")
    page.wait_for_url("**/suche/?q=Sichtbarkeit")
    assert page.locator(".search-hit").count() >= 1
    assert page.locator(".search-hit__excerpt mark").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-phone")
    assert csp_errors(page) == []


def test_structured_data_on_a_post_parses_and_breaks_no_policy(
    page, live_server, demo_site
):
    from blog.models import Post

    post = Post.objects.published().first()
    page.goto(live_server.url + post.get_absolute_url())
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    kinds = {item["@type"] for block in blocks for item in json.loads(block)["@graph"]}
    assert {"BlogPosting", "BreadcrumbList"} <= kinds
    assert csp_errors(page) == []


def test_the_404_page_offers_search_and_latest_posts(
    page, live_server, demo_site, screenshot
):
    response = page.goto(live_server.url + "/gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("#suche-404").is_visible()
    assert page.locator(".latest-list__items li").count() == 5
    screenshot(page, "not-found-phone")
    assert csp_errors(page) == []
