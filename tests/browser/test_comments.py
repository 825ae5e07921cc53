"""
A reader comments and replies without JavaScript, the editor approves both
in the admin, and the reader finds them threaded under the post.
"""

import pytest

from blog.models import Comment
from tests.blog.factories import make_comment, make_post
from tests.factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_comment_and_reply_are_approved_and_shown_threaded(
    browser, live_server, settings
):
    # The minimum time between showing and sending the form is a setting, so
    # the test need not wait three seconds per form.
    settings.COMMENTS_MIN_SECONDS = 0
    post = make_post(title="Sichtbar werden", slug="sichtbar-werden")
    miriam = make_comment(post, name="Miriam", text="Wie oft bloggst du selbst?")
    make_staff(username="lena", password="ein-sicheres-testpasswort")

    reader = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = reader.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.fill(
        "#kommentar-text", "Ich schreibe jetzt jede Woche.\n\nDanke für den Schubs!"
    )
    page.fill("#kommentar-name", "Anna")
    page.fill("#kommentar-email", "anna@example.org")
    page.click("text=Kommentar abschicken")
    notice = page.locator(".comment-form__notice")
    assert "sobald ich ihn gelesen und freigegeben habe" in notice.inner_text()

    page.click(f"#{miriam.anchor} >> text=Antworten")
    assert (
        "Deine Antwort an Miriam" in page.locator(".comment-form__title").inner_text()
    )
    page.fill("#kommentar-text", "Bei mir klappt alle zwei Wochen am besten.")
    page.fill("#kommentar-name", "Anna")
    page.fill("#kommentar-email", "anna@example.org")
    page.click("text=Antwort abschicken")
    assert page.locator(".comment-form__notice").is_visible()
    assert "Danke für den Schubs!" not in page.content()
    assert reader.cookies() == []

    editor = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = editor.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", "lena")
    admin.fill("#id_password", "ein-sicheres-testpasswort")
    admin.click("input[type=submit]")
    assert "2 Kommentare warten auf deine Freigabe." in admin.content()
    admin.click("text=2 Kommentare warten auf deine Freigabe.")
    admin.check("#action-toggle")
    admin.select_option("select[name=action]", "approve")
    with admin.expect_navigation():
        admin.click("button[name=index]")
    assert "2 Kommentare freigegeben." in admin.locator(".messagelist").inner_text()
    editor.close()

    page.goto(live_server.url + post.get_absolute_url())
    assert "3 Kommentare" in page.locator(".comments__title").inner_text()
    thread = page.locator(f"li:has(> #{miriam.anchor})")
    replies = thread.locator(".comment-list--replies")
    assert "Bei mir klappt alle zwei Wochen am besten." in replies.inner_text()
    anna = Comment.objects.get(text__startswith="Ich schreibe")
    top_level = page.locator(f"ol.comment-list > li:has(> #{anna.anchor})")
    assert "Danke für den Schubs!" in top_level.inner_text()
    assert anna.parent is None
    assert reader.cookies() == []
    reader.close()
