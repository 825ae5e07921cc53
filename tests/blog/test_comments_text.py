"""A comment's plain text becomes safe HTML: paragraphs, breaks, links."""

from django.test import SimpleTestCase

from blog.comments.text import links_in, render_comment


class RenderCommentTests(SimpleTestCase):
    def test_blank_lines_make_paragraphs_and_single_breaks_stay(self):
        html = render_comment("Erster Absatz,\nzweite Zeile.\n\n\nZweiter Absatz.")
        assert html == "<p>Erster Absatz,<br>zweite Zeile.</p><p>Zweiter Absatz.</p>"

    def test_windows_line_breaks_count_like_any_other(self):
        assert render_comment("Eins\r\n\r\nZwei") == "<p>Eins</p><p>Zwei</p>"

    def test_markup_is_shown_as_text(self):
        html = render_comment(
            '<script>alert(1)</script> <img src=x onerror="alert(2)">'
        )
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html

    def test_web_addresses_become_links_search_engines_do_not_follow(self):
        html = render_comment("Siehe https://example.org/a?b=1&c=2 und www.example.de.")
        assert (
            '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
            "https://example.org/a?b=1&amp;c=2</a>"
        ) in html
        assert (
            '<a href="https://www.example.de" rel="nofollow ugc noopener">'
            "www.example.de</a>."
        ) in html

    def test_closing_punctuation_stays_outside_the_link(self):
        html = render_comment("(mehr unter https://example.org/wiki_(Begriff)), ja!")
        assert 'href="https://example.org/wiki_(Begriff)"' in html
        assert "</a>), ja!" in html

    def test_javascript_addresses_stay_text(self):
        html = render_comment("javascript:alert(document.cookie)")
        assert "<a" not in html
        assert html == "<p>javascript:alert(document.cookie)</p>"

    def test_a_quote_cannot_break_out_of_the_link(self):
        html = render_comment('https://example.org/"onmouseover="alert(1)')
        assert 'href="https://example.org/"' in html
        assert '"onmouseover' not in html
        assert "&quot;onmouseover=&quot;alert(1)" in html

    def test_links_are_counted(self):
        assert links_in("a https://x.de b http://y.de c www.z.de d z.de") == 3
