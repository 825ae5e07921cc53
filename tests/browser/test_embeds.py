from urllib.parse import urlsplit

import pytest

from tests.blog.factories import make_post

pytestmark = pytest.mark.django_db(transaction=True)


def test_video_loads_from_the_provider_only_after_the_click(page, live_server):
    post = make_post(
        title="Mit Video",
        body="Schau mal:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nDanach.",
    )
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    # Nothing may leave this machine: the provider answers from here.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body="<p>Video</p>", content_type="text/html"),
    )
    page.goto(live_server.url + post.get_absolute_url())
    placeholder = page.locator("figure.embed")
    assert "YouTube" in placeholder.inner_text()
    assert page.locator("iframe").count() == 0
    assert not [host for host in hosts if "youtube" in host]

    page.get_by_role("button", name="Video laden").click()
    iframe = page.locator("figure.embed iframe")
    iframe.wait_for()
    assert iframe.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert "www.youtube-nocookie.com" in hosts


def test_without_javascript_the_placeholder_links_to_the_original(browser, live_server):
    post = make_post(body="https://vimeo.com/76979871")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    link = page.locator("figure.embed a.embed__link")
    assert link.get_attribute("href") == "https://vimeo.com/76979871"
    assert not page.locator("figure.embed button").is_visible()
    context.close()


def test_pages_without_embeds_load_no_script(page, live_server):
    post = make_post(body="Nur Text.")
    scripts = []
    page.on(
        "request",
        lambda request: (
            scripts.append(request.url) if request.resource_type == "script" else None
        ),
    )
    page.goto(live_server.url + post.get_absolute_url())
    assert scripts == []
