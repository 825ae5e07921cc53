"""
Readers' journeys through the demo site on a phone, by clicks and typing
as a person would: from the home page to a post and its video, a newsletter
signup to the unsubscribe link of an issue (over a real SMTP server), and a
search.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from newsletter import services
from newsletter.models import Subscriber
from tests.browser.site_pages import GALLERY_POST_TITLE
from tests.newsletter.factories import make_issue
from tests.newsletter.smtp import SMTPSink

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = 390


def test_reader_goes_from_home_to_a_post_and_loads_its_video_only_on_request(
    demo_site, open_window, live_server
):
    page = open_window(PHONE)
    local = urlsplit(live_server.url).netloc
    foreign = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).netloc != local
            else None
        ),
    )
    # Nothing may leave this machine: every other host answers from here.
    page.route(
        lambda url: urlsplit(url).netloc != local,
        lambda route: route.fulfill(body="<p>Video</p>", content_type="text/html"),
    )

    page.goto(live_server.url + "/")
    page.locator("#navigation").get_by_role("link", name=re.compile("^Blog")).click()
    expect(page.locator("h1")).to_have_text(re.compile("Blog"))
    page.locator("#seitenleiste").get_by_role("link", name="Events").click()
    expect(page.locator("h1")).to_have_text(re.compile("Events"))
    page.locator(".post-card__title a", has_text=GALLERY_POST_TITLE).click()
    expect(page.locator("h1")).to_have_text(re.compile(GALLERY_POST_TITLE))
    assert page.locator(".gallery img").count() == 6
    embed = page.locator("figure.embed")
    expect(embed).to_contain_text("Vimeo")
    assert page.locator("iframe").count() == 0
    assert foreign == []

    with page.expect_request(lambda r: urlsplit(r.url).netloc == "player.vimeo.com"):
        page.get_by_role("button", name="Video laden").click()
    iframe = embed.locator("iframe")
    iframe.wait_for()
    assert urlsplit(iframe.get_attribute("src")).netloc == "player.vimeo.com"
    assert {urlsplit(url).netloc for url in foreign} == {"player.vimeo.com"}


@pytest.fixture
def smtp_server(settings, live_server):
    """
    A real SMTP server that the live server's mails go to; tasks run at
    once, in the request that queues them, so no worker is needed.
    """
    sink = SMTPSink()
    sink.start()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.SITE_URL = live_server.url
    settings.NEWSLETTER_BATCH_PAUSE = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


def only_mail(sink: SMTPSink, address: str, subject: str):
    [received] = [m for m in sink.to(address) if m.message["Subject"] == subject]
    return received


def test_visitor_subscribes_in_the_sidebar_confirms_and_leaves_from_an_issue(
    demo_site, open_window, live_server, smtp_server
):
    page = open_window(PHONE)
    page.goto(live_server.url + "/blog/")
    box = page.locator("#seitenleiste .newsletter-box")
    box.get_by_label("Deine E-Mail-Adresse").fill("frieda@example.org")
    box.get_by_label("Dein Vorname").fill("Frieda")
    box.get_by_role("button", name="Das will ich haben!").click()
    expect(page.locator("h1")).to_have_text("Fast geschafft: Schau in dein Postfach")

    subject = "Bitte bestätige deine Anmeldung zum Newsletter"
    mail = only_mail(smtp_server, "frieda@example.org", subject)
    link = re.search(re.escape(live_server.url) + r"/newsletter/\S+", mail.text)[0]
    page.goto(link)
    assert Subscriber.objects.get(email="frieda@example.org").status == "pending"
    page.get_by_role("button", name="Anmeldung bestätigen").click()
    expect(page.locator("h1")).to_have_text("Danke, du bist dabei!")
    assert Subscriber.objects.get(email="frieda@example.org").status == "confirmed"

    issue = make_issue(subject="Sichtbar im Winter")
    assert services.send_issue(issue=issue)
    mail = only_mail(smtp_server, "frieda@example.org", "Sichtbar im Winter")
    assert mail.text.startswith("Hallo Frieda,")
    link = re.search(
        re.escape(live_server.url) + r"/newsletter/abmelden/\S+", mail.text
    )[0]
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Newsletter abbestellen")
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("h1")).to_have_text("Du bist abgemeldet")
    assert Subscriber.objects.get(email="frieda@example.org").status == "unsubscribed"


def test_reader_searches_the_site_and_finds_a_post(demo_site, open_window, live_server):
    page = open_window(PHONE)
    page.goto(live_server.url + "/blog/")
    search = page.locator("header").get_by_role("search")
    search.get_by_label("Suchbegriff").fill("Lampenfieber")
    search.get_by_label("Suchbegriff").press("Enter")
    expect(page).to_have_url(re.compile(r"/suche/\?q=Lampenfieber$"))
    result = page.locator(".search-hit__title a", has_text=GALLERY_POST_TITLE)
    result.click()
    expect(page.locator("h1")).to_have_text(re.compile(GALLERY_POST_TITLE))
    expect(page.locator("main")).to_contain_text("Lampenfieber ist Energie")
