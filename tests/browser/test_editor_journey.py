"""
The editor's week in a real browser: from the start page through writing a
post with a cover, dropped images, an ordered gallery, tags and a schedule,
an autosave after a closed tab, publishing, restoring a revision, to the
post sent as a newsletter issue to a real SMTP server. Page loads and clicks
are counted, and axe checks the start page, the post form and the revision
view.
"""

import base64
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blog.models import Post
from newsletter.models import Issue
from tests.blog.factories import make_category
from tests.factories import make_staff
from tests.newsletter.factories import make_subscriber
from tests.newsletter.smtp import SMTPSink

from .audits import axe_findings

pytestmark = pytest.mark.django_db(transaction=True)

DROP_FILES = """([selector, files]) => {
  const transfer = new DataTransfer();
  for (const [name, b64] of files) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type: "image/png" }));
  }
  document.querySelector(selector).dispatchEvent(
    new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true })
  );
}"""
PASSWORD = "ein-sicheres-testpasswort"


def png(colour: str, size=(800, 500)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


class Journey:
    """The editor's tab, counting what she does."""

    def __init__(self, context, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.loads = 0
        self.clicks = 0
        self.page = self.open()

    def open(self):
        page = self.context.new_page()
        page.on("load", lambda _: self.count_load())
        return page

    def count_load(self) -> None:
        self.loads += 1

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def click(self, selector: str, **kwargs) -> None:
        self.clicks += 1
        self.page.click(selector, **kwargs)


def check_axe(page, problems: list) -> None:
    """
    No axe violations. axe's own probes set inline styles, which the CSP
    refuses and reports; those reports are axe's, not the page's.
    """
    before = len(problems)
    findings = axe_findings(page)
    assert findings == [], "\n".join(findings)
    problems[before:] = [
        problem
        for problem in problems[before:]
        if "Applying inline style" not in str(problem)
    ]


def body_html(frame_or_page) -> str:
    return frame_or_page.locator(".post__body").first.inner_html().strip()


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    NEWSLETTER_BATCH_PAUSE=0,
)
def test_the_editors_week(browser, live_server, tmp_path, screenshot):
    smtp = SMTPSink()
    smtp.start()
    mail_settings = smtp.settings()
    mail_settings.enable()
    try:
        run_journey(browser, live_server, tmp_path, screenshot, smtp)
    finally:
        mail_settings.disable()
        smtp.stop()


def run_journey(browser, live_server, tmp_path, screenshot, smtp):
    make_category(name="Selbstmarketing")
    make_staff(username="lena", password=PASSWORD, first_name="Lena")
    make_subscriber(email="anna@example.org")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Time flows as usual, but the test can jump over the autosave's 30 s.
    context.clock.install()
    journey = Journey(context, live_server.url)
    page = journey.page
    problems = []
    page.on("pageerror", lambda error: problems.append(error))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and problems.append((page.url, message.text[:60], message.location))
        ),
    )

    # Log in and land on the start page.
    journey.goto("/admin/login/")
    page.fill("#id_username", "lena")
    page.fill("#id_password", PASSWORD)
    journey.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Übersicht")
    check_axe(page, problems)
    screenshot(page, "editor-start-page")

    # A new post: title, category, tags, text.
    journey.click("text=Neuer Beitrag")
    page.fill("#id_title", "Sichtbar ohne Kaltakquise")
    journey.click(".field-category .select2-selection")
    page.fill(".select2-search__field", "Selbst")
    journey.click(".select2-results__option >> text=Selbstmarketing")
    page.fill("#id_tags", "Sichtbarkeit, Netzwerk")
    page.fill(
        "#id_body",
        "## Warum Sichtbarkeit zählt\n\nWer dich kennt, fragt dich an.\n\n[galerie]\n",
    )
    page.locator("#id_body").press("Control+End")

    # Two images dropped at once, each described in the dialog.
    images = [
        ["buehne.png", base64.b64encode(png("#8f2d56")).decode()],
        ["publikum.png", base64.b64encode(png("#2d568f")).decode()],
    ]
    page.evaluate(DROP_FILES, ["textarea#id_body", images])
    dialog = page.locator(".editor__alt-dialog")
    expect(dialog).to_be_visible()
    inputs = dialog.locator(".editor__alt-input")
    expect(inputs).to_have_count(2)
    inputs.nth(0).fill("Lena auf der Bühne mit Mikrofon")
    inputs.nth(1).fill("Publikum im Saal, viele heben die Hand")
    screenshot(page, "editor-alt-dialog")
    journey.click(".editor__alt-insert")
    body = page.locator("#id_body")
    expect(body).to_have_value(
        re.compile(
            r"\n\n!\[Lena auf der Bühne mit Mikrofon\]\(/media/uploads/[^)]+\)\n\n"
            r"!\[Publikum im Saal, viele heben die Hand\]\(/media/uploads/[^)]+\)"
        )
    )

    # The cover.
    cover = tmp_path / "titelbild.png"
    cover.write_bytes(png("#e0a030", (1600, 900)))
    page.set_input_files("#id_cover", str(cover))
    page.fill("#id_cover_alt", "Pusteblume vor gelbem Grund")

    # A gallery of three, chosen at once, the last dragged to the front.
    files = []
    for name, colour in [("eins", "#111111"), ("zwei", "#555555"), ("drei", "#999999")]:
        path = tmp_path / f"{name}.png"
        path.write_bytes(png(colour))
        files.append(str(path))
    page.set_input_files("#gallery-picker-input", files)
    rows = page.locator("#gallery_images-group .inline-related:not(.empty-form)")
    expect(rows).to_have_count(3)
    for index, alt in enumerate(["Erstes Bild", "Zweites Bild", "Drittes Bild"]):
        rows.nth(index).locator("input[name$='-alt']").fill(alt)
    journey.clicks += 1
    page.drag_and_drop(
        "#gallery_images-group .inline-related:not(.empty-form) >> nth=2 >> h3",
        "#gallery_images-group .inline-related:not(.empty-form) >> nth=0 >> h3",
    )
    orders = {
        rows.nth(i).locator("input[name$='-alt']").input_value(): rows.nth(i)
        .locator("input[name$='-order']")
        .input_value()
        for i in range(3)
    }
    assert orders == {"Drittes Bild": "1", "Erstes Bild": "2", "Zweites Bild": "3"}

    # Scheduled for tomorrow at nine, in words beside the fields.
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", tomorrow.strftime("%d.%m.%Y"))
    page.fill("#id_published_at_1", "09:00:00")
    expect(page.locator(".field-schedule .readonly")).to_contain_text(
        re.compile(r"Erscheint am \w+, \d+\. \w+ um 9:00 Uhr")
    )
    check_axe(page, problems)
    screenshot(page, "editor-post-form")
    journey.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("wurde erfolgreich")
    post = Post.objects.get()
    assert [image.alt for image in post.gallery_images.all()] == [
        "Drittes Bild",
        "Erstes Bild",
        "Zweites Bild",
    ]
    assert post.cover and post.tags.count() == 2

    # The preview matches the post's page, gallery and all.
    frame = page.frame_locator(".editor__frame")
    expect(frame.locator(".gallery__item")).to_have_count(3)
    expect(page.locator(".editor__stats")).to_contain_text("Min. Lesezeit")
    preview = body_html(frame)
    reader = journey.open()
    reader.goto(live_server.url + post.get_absolute_url())
    assert body_html(reader) == preview
    reader.close()

    # Mid-sentence the tab closes; the autosave has the words.
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").type("\n\nUnd dann kam der Moment, in dem")
    page.clock.run_for(31_000)
    expect(page.locator(".editor__autosave")).to_contain_text("Automatisch gesichert")
    change_path = page.url.removeprefix(live_server.url)
    page.close()
    post.refresh_from_db()
    assert "in dem" not in post.body

    journey.page = page = journey.open()
    page.on("pageerror", lambda error: problems.append(error))
    journey.goto(change_path)
    journey.click("text=Ungespeicherte Änderungen wiederherstellen")
    expect(page.locator("#id_body")).to_have_value(
        re.compile("Und dann kam der Moment, in dem$")
    )

    # Publish now.
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").type(" alles klar wurde.")
    # The browser's clock ran ahead for the autosave: type the time in.
    now = timezone.localtime() - timedelta(minutes=1)
    page.fill("#id_published_at_0", now.strftime("%d.%m.%Y"))
    page.fill("#id_published_at_1", now.strftime("%H:%M:%S"))
    journey.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("wurde erfolgreich")
    post.refresh_from_db()
    assert post.is_live
    assert post.body.endswith("alles klar wurde.")

    # Restore the first version.
    journey.click("text=Versionen")
    journey.click("tr:last-child >> text=Vergleichen und wiederherstellen")
    expect(page.locator("table.diff")).to_be_visible()
    check_axe(page, problems)
    screenshot(page, "editor-revision-compare")
    journey.click("text=Diese Version wiederherstellen")
    expect(page.locator(".messagelist")).to_contain_text("wiederhergestellt")
    post.refresh_from_db()
    assert "alles klar wurde" not in post.body

    # Send it as a newsletter issue.
    journey.click("text=Als Newsletter senden")
    expect(page.locator("#id_subject")).to_have_value("Sichtbar ohne Kaltakquise")
    issue = Issue.objects.get()
    journey.goto("/admin/newsletter/issue/")
    journey.click(f"input[name=_selected_action][value='{issue.pk}']")
    page.select_option("select[name=action]", "send_to_subscribers")
    journey.click("button[name=index]")
    journey.click("text=Ja, jetzt verschicken")
    expect(page.locator(".messagelist")).to_contain_text("im Hintergrund verschickt")
    [mail] = smtp.to("anna@example.org")
    assert mail.message["Subject"] == "Sichtbar ohne Kaltakquise"
    assert post.get_absolute_url() in mail.text

    assert problems == []
    loads, clicks = journey.loads, journey.clicks
    print(f"\nDie Woche der Redakteurin: {loads} Seitenaufrufe, {clicks} Klicks")
