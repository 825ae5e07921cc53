"""
A buyer without JavaScript finds a protected post, asks for a sign-in link,
signs in with the button behind it, reads the whole post and signs out.
"""

import re

import pytest
from django.core import mail

from tests.blog.factories import make_post
from tests.members.factories import make_member, make_product

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Ein Anfang für alle.\n\n[mehr]\n\nDie Geheimzutat ist Zimt.\n"


def test_a_buyer_signs_in_by_mail_and_reads_the_whole_post(
    browser, live_server, settings, screenshot
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.SITE_URL = live_server.url
    product = make_product(name="Schreibwerkstatt")
    post = make_post(title="Das Rezept", slug="das-rezept", body=BODY)
    post.members_only = True
    post.save()
    post.member_products.add(product)
    make_member(email="anna@example.org", products=[product])

    reader = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = reader.new_page()
    page.goto(live_server.url + "/blog/das-rezept/")
    assert "Geheimzutat" not in page.content()
    screenshot(page, "members-teaser")
    page.click(".members-box >> text=Anmelden")
    page.fill("input[name=email]", "anna@example.org")
    page.click("text=Link zum Anmelden schicken")
    assert "Schau in dein Postfach" in page.content()
    assert reader.cookies() == []

    [message] = mail.outbox
    [link] = re.findall(r"http://\S+/mitglieder/anmelden/link/\S+", message.body)
    page.goto(link)
    assert reader.cookies() == []  # opening the link signs nobody in
    page.click("text=Jetzt anmelden")
    assert page.url == live_server.url + "/blog/das-rezept/"
    assert "Geheimzutat" in page.content()
    # Signing in sets the session cookie and Django's CSRF cookie, which
    # guards the member's own forms; nothing before it sets any.
    assert {cookie["name"] for cookie in reader.cookies()} == {
        "sessionid",
        "csrftoken",
    }
    screenshot(page, "members-full-post")

    page.goto(live_server.url + "/mitglieder/")
    assert "Das Rezept" in page.content()
    page.click("text=Abmelden")
    page.goto(live_server.url + "/blog/das-rezept/")
    page.wait_for_load_state("networkidle")
    assert "Geheimzutat" not in page.content()
    reader.close()
