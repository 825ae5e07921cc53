import io

from blog.wordpress.autop import wpautop
from blog.wordpress.convert import GalleryEntry, Hooks, to_markdown
from blog.wordpress.media import split_variant, upload_path
from blog.wordpress.report import Progress


def convert(html: str):
    hooks = Hooks(
        image_url=lambda src, wp_id: None if "fehlt" in src else f"/media/{wp_id}.jpg",
        attachment=lambda wp_id: GalleryEntry(wp_id, f"/{wp_id}.jpg", ""),
        gallery=lambda entries: "[galerie]",
    )
    return to_markdown(html, hooks)


def test_wpautop_makes_paragraphs_and_line_breaks():
    assert wpautop("Eins\nzwei\n\nDrei") == "<p>Eins<br />\nzwei</p>\n<p>Drei</p>\n"


def test_wpautop_leaves_pre_alone():
    html = wpautop("<pre>a\n\nb</pre>\n\nText")
    assert "<pre>a\n\nb</pre>" in html and "<p>Text</p>" in html


def test_links_lists_and_entities():
    result = convert('<a href="https://example.org/x_y">Link</a> &amp; <b>fett</b>')
    assert result.markdown == "[Link](https://example.org/x_y) & **fett**"


def test_nested_lists_keep_their_depth():
    markdown = convert("<ul><li>a<ul><li>b</li></ul></li></ul>").markdown
    assert markdown == "- a\n  - b"


def test_quote_keeps_its_source():
    markdown = convert(
        "<blockquote><p>Satz</p><cite>Quelle</cite></blockquote>"
    ).markdown
    assert markdown == "> Satz\n>\n> — Quelle"


def test_embed_shortcode_and_block_become_url_lines():
    result = convert("[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]")
    assert result.markdown == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert result.embeds == 1
    block = (
        '<!-- wp:core-embed/vimeo {"url":"https://vimeo.com/76979871"} -->'
        "<figure>https://vimeo.com/76979871</figure><!-- /wp:core-embed/vimeo -->"
    )
    assert convert(block).markdown == "https://vimeo.com/76979871"


def test_unknown_embed_provider_stays_a_link_and_is_noted():
    result = convert("https://example.org/video/1")
    assert result.markdown == "<https://example.org/video/1>"
    assert result.embeds == 0
    assert "Anbieter unbekannt" in result.notes[0]


def test_iframe_of_a_known_provider_becomes_an_embed():
    html = '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
    assert convert(html).markdown == "https://www.youtube.com/embed/dQw4w9WgXcQ"


def test_other_iframes_and_scripts_are_removed_and_noted():
    result = convert(
        '<p>Text</p><iframe src="https://tracker.example/"></iframe>'
        "<script>alert(1)</script>"
    )
    assert result.markdown == "Text"
    assert "tracker.example" in result.notes[0]


def test_gallery_shortcode_without_ids_takes_the_attached_images():
    hooks = Hooks(
        image_url=lambda src, wp_id: src,
        attachment=lambda wp_id: GalleryEntry(wp_id, f"/{wp_id}.jpg", ""),
        gallery=lambda entries: " ".join(e.attachment_id for e in entries),
        attached_ids=["7", "8"],
    )
    assert to_markdown("[gallery]", hooks).markdown == "7 8"


def test_unknown_shortcode_is_kept_and_noted():
    result = convert('[mailchimp list="3"]')
    assert result.markdown == '[mailchimp list="3"]'
    assert result.notes == [
        "Shortcode [mailchimp] nicht umgewandelt, als Text stehen gelassen."
    ]


def test_missing_image_is_dropped_and_noted():
    result = convert('<p>Vorher <img src="/wp-content/uploads/fehlt.jpg"> nachher</p>')
    assert result.markdown == "Vorher  nachher"
    assert result.notes == ["Bild fehlt: /wp-content/uploads/fehlt.jpg"]


def test_upload_paths_and_size_variants():
    url = "https://alt.example/wp-content/uploads/2023/05/gr%C3%BC%C3%9Fe-1024x683.jpg"
    assert upload_path(url) == "2023/05/grüße-1024x683.jpg"
    assert split_variant("2023/05/foto-1024x683.jpg") == ("2023/05/foto.jpg", 1024)
    assert split_variant("2023/05/foto-scaled.jpg") == ("2023/05/foto.jpg", None)
    assert split_variant("2023/05/foto.jpg") == ("2023/05/foto.jpg", None)
    assert (
        upload_path("https://alt.example/wp-content/uploads/../../etc/passwd") is None
    )


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_items_images_and_an_estimate_on_a_terminal():
    terminal = _Terminal()
    progress = Progress(terminal, items=10, images=4)
    progress.item()
    assert "Einträge 1/10 · Bilder 0/4 · noch etwa" in terminal.getvalue()


def test_progress_is_quiet_when_not_on_a_terminal():
    output = io.StringIO()
    progress = Progress(output, items=10, images=4)
    progress.item()
    progress.finish()
    assert output.getvalue() == ""
