import base64
import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

DROP_FILE = """([name, type, b64]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const editor = document.querySelector("textarea#id_body");
  editor.dispatchEvent(
    new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true })
  );
}"""


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "#8f2d56").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_page(beratung_in_the_admin):
    beratung_in_the_admin.locator("textarea#id_body").fill("")
    return beratung_in_the_admin


def test_dropped_image_is_stored_and_linked_in_the_text(editor_page):
    payload = ["foto.png", "image/png", base64.b64encode(png_bytes()).decode()]
    editor_page.evaluate(DROP_FILE, payload)
    editor_page.locator(".editor__alt-input").fill("Ein Foto in Beerenrot")
    editor_page.click(".editor__alt-insert")
    editor = editor_page.locator("textarea#id_body")
    expect(editor).to_have_value(re.compile(r"/media/uploads/"))
    text = editor.input_value()
    assert text.startswith("![Ein Foto in Beerenrot](")
    assert "foto" not in text.split("](")[1]


def test_skipping_the_alt_text_leaves_a_reminder(editor_page):
    payload = ["foto.png", "image/png", base64.b64encode(png_bytes()).decode()]
    editor_page.evaluate(DROP_FILE, payload)
    editor_page.click(".editor__alt-skip")
    editor = editor_page.locator("textarea#id_body")
    expect(editor).to_have_value(re.compile(r"^!\[\]\(/media/uploads/"))
    expect(editor_page.locator(".editor__note")).to_contain_text(
        "noch keinen Alternativtext"
    )


def test_dropped_svg_in_disguise_shows_the_german_reason(editor_page, screenshot):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    payload = ["urlaub.jpg", "image/jpeg", base64.b64encode(svg).decode()]
    editor_page.evaluate(DROP_FILE, payload)
    editor_page.click(".editor__alt-skip")
    note = editor_page.locator(".markdownx-upload-error")
    note.wait_for()
    assert "SVG" in note.inner_text()
    editor_page.wait_for_timeout(100)
    assert (
        "Invalid response" not in editor_page.locator("textarea#id_body").input_value()
    )
    screenshot(editor_page, "admin-upload-refused")
