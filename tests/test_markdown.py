import re
from html.parser import HTMLParser
from unittest import mock

from django.test import SimpleTestCase, TestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from pages.models import Page
from pusteblume_site import markdown
from pusteblume_site.markdown import (
    MAX_RAW_HTML_TAGS,
    Heading,
    markdown_to_html,
    render_markdown,
    table_of_contents,
)
from tests.factories import make_page


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> _Elements:
    parser = _Elements()
    parser.feed(html_text)
    parser.close()
    return parser


def elements(html_text: str) -> list[tuple[str, dict[str, str | None]]]:
    """Start tags in document order, attribute values unescaped."""
    return parse(html_text).found


def tags(html_text: str) -> list[str]:
    return [tag for tag, _ in elements(html_text)]


def attrs_of(html_text: str, tag: str) -> list[dict[str, str | None]]:
    return [attrs for name, attrs in elements(html_text) if name == tag]


def text_of(html_text: str) -> str:
    return " ".join("".join(parse(html_text).text).split())


class RenderMarkdownTests(SimpleTestCase):
    def test_returns_a_plain_paragraph(self):
        assert render_markdown("Hallo Welt") == "<p>Hallo Welt</p>\n"

    def test_empty_text_renders_nothing(self):
        assert render_markdown("") == ""

    def test_emphasis_and_strikethrough_survive(self):
        out = render_markdown("*schräg*, **fett** und ~~gestrichen~~")
        assert tags(out) == ["p", "em", "strong", "s"]
        assert text_of(out) == "schräg, fett und gestrichen"

    def test_lists_and_nested_lists_survive(self):
        out = render_markdown("- eins\n  1. innen\n  2. auch\n- zwei")
        assert tags(out) == ["ul", "li", "ol", "li", "li", "li"]
        assert text_of(out) == "eins innen auch zwei"

    def test_ordered_list_keeps_its_start(self):
        assert attrs_of(render_markdown("3. drei\n4. vier"), "ol") == [{"start": "3"}]

    def test_block_quote_survives(self):
        out = render_markdown("> Zitat\n>\n> > verschachtelt")
        assert tags(out) == ["blockquote", "p", "blockquote", "p"]

    def test_table_survives_with_alignment_as_class(self):
        out = render_markdown("| Name | Preis |\n|:-----|------:|\n| Tee | 3 € |")
        head, body = ["thead", "tr", "th", "th"], ["tbody", "tr", "td", "td"]
        assert tags(out) == ["table", *head, *body]
        assert attrs_of(out, "td") == [
            {"class": "align-left"},
            {"class": "align-right"},
        ]
        assert "style" not in out

    def test_code_block_escapes_markup_and_keeps_language(self):
        out = render_markdown("```html\n<b>&amp; x < 1</b>\n```")
        assert out == (
            '<pre><code class="language-html">&lt;b&gt;&amp;amp; x &lt; 1&lt;/b&gt;\n'
            "</code></pre>\n"
        )

    def test_inline_code_escapes_markup(self):
        assert render_markdown("`<script>`") == "<p><code>&lt;script&gt;</code></p>\n"

    def test_link_keeps_href_and_title(self):
        out = render_markdown('[Buch](https://example.com/buch "Mein Buch")')
        assert attrs_of(out, "a") == [
            {
                "href": "https://example.com/buch",
                "title": "Mein Buch",
                "rel": "noopener noreferrer",
            }
        ]

    def test_relative_mailto_and_tel_links_survive(self):
        out = render_markdown(
            "[a](/blog/) [b](#kapitel) [c](mailto:hallo@example.com) [d](tel:+4930123)"
        )
        assert [a["href"] for a in attrs_of(out, "a")] == [
            "/blog/",
            "#kapitel",
            "mailto:hallo@example.com",
            "tel:+4930123",
        ]

    def test_image_keeps_alt_and_loads_lazily(self):
        out = render_markdown('![Pusteblume im Wind](/media/a.jpg "Frühling")')
        assert attrs_of(out, "img") == [
            {
                "src": "/media/a.jpg",
                "alt": "Pusteblume im Wind",
                "title": "Frühling",
                "loading": "lazy",
            }
        ]

    def test_editor_figure_with_caption_survives(self):
        out = render_markdown(
            '<figure><img src="/media/b.jpg" alt="Buch" width="600" height="400">'
            "<figcaption>Das neue Buch</figcaption></figure>"
        )
        assert tags(out) == ["figure", "img", "figcaption"]
        assert attrs_of(out, "img") == [
            {"src": "/media/b.jpg", "alt": "Buch", "width": "600", "height": "400"}
        ]
        assert "Das neue Buch" in out

    def test_editor_details_summary_abbr_sup_and_sub_survive(self):
        out = render_markdown(
            "<details open><summary>Mehr</summary>\n\n"
            'H<sub>2</sub>O, E=mc<sup>2</sup>, <abbr title="zum Beispiel">z. B.</abbr>'
            "\n\n</details>"
        )
        assert tags(out) == ["details", "summary", "p", "sub", "sup", "abbr"]
        assert attrs_of(out, "abbr") == [{"title": "zum Beispiel"}]

    def test_rule_and_hard_line_break_survive(self):
        assert tags(render_markdown("eins  \nzwei\n\n---")) == ["p", "br", "hr"]

    def test_unknown_editor_tags_keep_their_text(self):
        assert render_markdown("<div><span>Text</span></div>") == "Text"


class HeadingTests(SimpleTestCase):
    def test_heading_id_transliterates_german(self):
        out = render_markdown("## Grüße an die Straße")
        assert out == '<h2 id="gruesse-an-die-strasse">Grüße an die Straße</h2>\n'

    def test_heading_id_drops_accents_and_punctuation(self):
        out = render_markdown("### Café, Öl & Ähre!")
        assert attrs_of(out, "h3") == [{"id": "cafe-oel-aehre"}]

    def test_duplicate_headings_get_unique_ids(self):
        out = render_markdown("## Fazit\n\n## Fazit\n\n## Fazit-1\n\n## Fazit")
        assert [a["id"] for a in attrs_of(out, "h2")] == [
            "fazit",
            "fazit-1",
            "fazit-1-1",
            "fazit-2",
        ]

    def test_heading_without_letters_still_gets_an_id(self):
        assert attrs_of(render_markdown("## ???"), "h2") == [{"id": "abschnitt"}]

    def test_levels_two_to_four_get_ids(self):
        out = render_markdown("## Zwei\n\n### Drei\n\n#### Vier")
        assert [attrs["id"] for _, attrs in elements(out)] == ["zwei", "drei", "vier"]

    def test_markdown_h1_is_demoted_to_h2(self):
        out = render_markdown("# Titel")
        assert out == '<h2 id="titel">Titel</h2>\n'

    def test_editor_h1_is_demoted_to_h2(self):
        out = render_markdown('<h1 id="start">Start</h1>')
        assert out == '<h2 id="start">Start</h2>'


class SanitisingTests(SimpleTestCase):
    """Each case checks what is left, not only what is gone."""

    def test_script_tag_is_removed_with_its_content(self):
        out = render_markdown("Hallo <script>alert(1)</script> Welt")
        assert out == "<p>Hallo  Welt</p>\n"

    def test_script_block_is_removed_and_the_next_paragraph_stays(self):
        out = render_markdown("<script>alert(1)</script>\n\nDanach")
        assert tags(out) == ["p"]
        assert text_of(out) == "Danach"

    def test_image_event_handler_is_removed_and_image_stays(self):
        out = render_markdown('<img src="x.png" onerror="alert(1)">')
        assert attrs_of(out, "img") == [{"src": "x.png"}]

    def test_link_event_handler_and_target_are_removed(self):
        out = render_markdown(
            '<a href="https://example.com" onmouseover="alert(1)" target="_blank">L</a>'
        )
        assert attrs_of(out, "a") == [
            {"href": "https://example.com", "rel": "noopener noreferrer"}
        ]

    def test_markdown_javascript_link_stays_literal_text(self):
        out = render_markdown("[Klick](javascript:alert(1))")
        assert out == "<p>[Klick](javascript:alert(1))</p>\n"

    def test_mixed_case_javascript_link_stays_literal_text(self):
        out = render_markdown("[Klick](JaVaScRiPt:alert(1))")
        assert tags(out) == ["p"]
        assert text_of(out) == "[Klick](JaVaScRiPt:alert(1))"

    def test_tab_entity_in_markdown_link_leaves_a_harmless_relative_link(self):
        out = render_markdown("[Klick](java&#x09;script:alert(1))")
        # Percent-encoded, "java%09script:" is a path, not a scheme.
        assert attrs_of(out, "a")[0]["href"] == "java%09script:alert(1)"

    def test_entity_encoded_markdown_link_stays_literal_text(self):
        out = render_markdown("[Klick](&#106;avascript:alert(1))")
        assert tags(out) == ["p"]
        assert "Klick" in out

    def test_entity_encoded_html_link_loses_its_href(self):
        out = render_markdown('<a href="&#106;avascript:alert(1)">Klick</a>')
        assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]
        assert text_of(out) == "Klick"

    def test_hex_entities_without_semicolons_lose_the_href(self):
        out = render_markdown(
            '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;'
            'alert(1)">Klick</a>'
        )
        assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]

    def test_colon_entity_link_loses_its_href(self):
        out = render_markdown('<a href="javascript&colon;alert(1)">Klick</a>')
        assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]
        assert text_of(out) == "Klick"

    def test_leading_spaces_before_javascript_lose_the_href(self):
        out = render_markdown('<a href="  javascript:alert(1)">Klick</a>')
        assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]

    def test_control_characters_in_javascript_url_lose_the_href(self):
        for url in ("java\tscript:x", "jav&#x0A;ascript:x", "\x01javascript:x"):
            with self.subTest(url=url):
                out = render_markdown(f'<a href="{url}">Klick</a>')
                assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]

    def test_vbscript_link_stays_literal_text(self):
        out = render_markdown("[Klick](vbscript:msgbox(1))")
        assert text_of(out) == "[Klick](vbscript:msgbox(1))"
        assert "<a" not in out

    def test_data_html_markdown_link_stays_literal_text(self):
        out = render_markdown("[Klick](data:text/html;base64,PHNjcmlwdD4=)")
        assert "<a" not in out
        assert "Klick" in out

    def test_data_html_link_in_editor_html_loses_its_href(self):
        out = render_markdown('<a href="data:text/html,<script>x</script>">Klick</a>')
        assert attrs_of(out, "a") == [{"rel": "noopener noreferrer"}]

    def test_data_image_keeps_alt_but_loses_its_src(self):
        out = render_markdown("![Bild](data:image/png;base64,iVBORw0KGgo=)")
        assert attrs_of(out, "img") == [{"alt": "Bild", "loading": "lazy"}]

    def test_data_svg_image_stays_literal_text(self):
        out = render_markdown("![Bild](data:image/svg+xml;base64,PHN2Zz4=)")
        assert "<img" not in out
        assert "Bild" in out

    def test_markdown_autolink_to_javascript_stays_escaped_text(self):
        out = render_markdown("<javascript:alert(1)>")
        assert out == "<p>&lt;javascript:alert(1)&gt;</p>\n"

    def test_reference_link_to_javascript_stays_literal_text(self):
        out = render_markdown("[Klick][boese]\n\n[boese]: javascript:alert(1)")
        assert tags(out) == ["p", "p"]
        assert text_of(out) == "[Klick][boese] [boese]: javascript:alert(1)"

    def test_svg_is_removed_with_its_content(self):
        out = render_markdown('<svg onload="alert(1)"><text>x</text></svg>Text')
        assert out == "<p>Text</p>\n"

    def test_math_is_removed_with_its_content(self):
        out = render_markdown('<math><mi xlink:href="javascript:x">y</mi></math>Text')
        assert out == "<p>Text</p>\n"

    def test_iframe_is_removed_with_its_content(self):
        out = render_markdown('<iframe src="https://evil.example/">Rahmen</iframe>Text')
        assert out == "Text"

    def test_object_and_embed_are_removed(self):
        out = render_markdown('<object data="x.swf">Objekt</object><embed src="y">Text')
        assert out == "<p>Text</p>\n"

    def test_form_fields_are_removed_and_button_text_stays(self):
        out = render_markdown(
            '<form action="https://evil.example/"><input name="pw">'
            "<button>Senden</button></form>"
        )
        assert out == "Senden"

    def test_button_is_removed_and_its_text_stays(self):
        out = render_markdown('<button onclick="alert(1)">Knopf</button>')
        assert out == "<p>Knopf</p>\n"

    def test_style_element_is_removed_with_its_content(self):
        assert render_markdown("<style>body{display:none}</style>Text") == "Text"

    def test_style_attribute_is_removed_and_paragraph_stays(self):
        out = render_markdown('<p style="position:fixed">Text</p>')
        assert out == "<p>Text</p>"

    def test_base_meta_and_link_elements_are_removed(self):
        for source in (
            '<base href="https://evil.example/">',
            '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
            '<link rel="stylesheet" href="https://evil.example/x.css">',
        ):
            with self.subTest(source=source):
                out = render_markdown(source + "Text")
                assert tags(out) in ([], ["p"])
                assert text_of(out) == "Text"

    def test_conditional_comment_is_removed_with_its_script(self):
        out = render_markdown("Text <!--[if IE]><script>alert(1)</script><![endif]-->x")
        assert out == "<p>Text x</p>\n"

    def test_nested_script_trick_leaves_only_text(self):
        out = render_markdown("<scr<script>ipt>alert(1)</script>")
        assert out == "<p>&lt;scr</p>\n"

    def test_noscript_attribute_breakout_leaves_a_harmless_image(self):
        out = render_markdown(
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'
            "</noscript>Text"
        )
        assert attrs_of(out, "img") == [{"src": "x"}]
        assert "Text" in out

    def test_template_and_textarea_are_removed_with_their_content(self):
        out = render_markdown(
            "<template><script>x</script></template><textarea>y</textarea>Text"
        )
        assert text_of(out) == "Text"
        assert tags(out) in ([], ["p"])

    def test_srcset_on_editor_image_is_removed(self):
        out = render_markdown('<img src="a.png" srcset="javascript:x" alt="a">')
        assert attrs_of(out, "img") == [{"src": "a.png", "alt": "a"}]

    def test_id_class_and_name_on_links_are_removed(self):
        out = render_markdown('<a href="#" id="x" name="y" class="c">Link</a>')
        assert attrs_of(out, "a") == [{"href": "#", "rel": "noopener noreferrer"}]

    def test_heading_id_that_is_no_slug_is_removed(self):
        out = render_markdown('<h2 id="javascript:alert(1)">Titel</h2>')
        assert out == "<h2>Titel</h2>"

    def test_code_class_other_than_a_language_is_removed(self):
        out = render_markdown('<code class="embed__button">x</code>')
        assert out == "<p><code>x</code></p>\n"

    def test_editor_cannot_write_an_embed_placeholder(self):
        out = render_markdown(
            '<figure class="embed" data-embed-src="https://evil.example/">'
            '<button type="button" class="embed__button">Laden</button></figure>'
        )
        assert out == "<figure>Laden</figure>"

    def test_too_much_raw_html_is_shown_as_text(self):
        out = render_markdown("<div>" * (MAX_RAW_HTML_TAGS + 1) + "\n\n**fett**")
        assert "&lt;div&gt;" in out
        assert "<strong>fett</strong>" in out


class PathologicalInputTests(SimpleTestCase):
    def test_many_opening_brackets(self):
        assert isinstance(render_markdown("[" * 10_000), str)

    def test_deeply_nested_block_quotes(self):
        assert isinstance(render_markdown(">" * 5_000 + " Zitat"), str)

    def test_many_asterisks(self):
        assert isinstance(render_markdown("*" * 50_000), str)

    def test_two_megabyte_paragraph(self):
        assert isinstance(render_markdown("Wort " * 400_000), str)

    def test_deeply_nested_lists(self):
        source = "\n".join("  " * depth + "- x" for depth in range(1_000))
        assert isinstance(render_markdown(source), str)

    def test_many_backticks(self):
        assert isinstance(render_markdown("`" * 10_000), str)

    def test_many_duplicate_headings(self):
        out = render_markdown("## a\n" * 20_000)
        assert 'id="a-19999"' in out

    def test_deeply_nested_raw_html(self):
        assert isinstance(render_markdown("<blockquote>" * 40_000), str)

    def test_unclosed_emphasis_and_links(self):
        for source in ("_a " * 40_000, "[a](b" * 20_000, "![a" * 5_000):
            with self.subTest(source=source[:10]):
                assert isinstance(render_markdown(source), str)

    def test_recursion_error_never_escapes(self):
        with mock.patch.object(markdown._parser, "parse", side_effect=RecursionError):
            out = render_markdown("<b>Text</b>")
        assert out == "<p>&lt;b&gt;Text&lt;/b&gt;</p>"


DANGEROUS_FRAGMENTS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=x>",
    "javascript:",
    "JaVaScRiPt:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&colon;",
    "[x](",
    ")",
    "<a href=",
    '"',
    "'",
    ">",
    "<",
    "![",
    "]",
    "<!--",
    "-->",
    "\n\n",
    "\n",
    "`",
    " onclick=",
    "<details ontoggle=alert(1) open>",
    "<style>",
    "</",
    "<math>",
    "<noscript>",
    '<p title="',
    "https://youtu.be/dQw4w9WgXcQ",
]
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class SanitisingPropertyTests(HypothesisTestCase):
    def assert_harmless(self, out: str) -> None:
        lowered = out.lower()
        assert "<script" not in lowered
        assert "<iframe" not in lowered
        for tag, attrs in elements(out):
            assert tag not in {"script", "iframe", "style", "svg", "math", "form"}
            for name, value in attrs.items():
                assert not name.startswith("on"), (tag, name)
                assert name != "style"
                if name in ("title", "alt"):
                    continue  # Text for people, never followed as a URL.
                # HTMLParser has already unescaped the value; browsers also
                # skip control characters and spaces when reading a scheme.
                url = _CONTROL_AND_SPACE.sub("", value or "").lower()
                assert not url.startswith(_BAD_SCHEMES), (tag, name, value)
                if scheme := _SCHEME.match(url):
                    assert scheme[1] in _SAFE_SCHEMES, (tag, name, value)

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text())
    def test_arbitrary_text_renders_harmless_html(self, text):
        self.assert_harmless(render_markdown(text))

    @settings(max_examples=500, deadline=None, database=None)
    @given(
        st.lists(
            st.sampled_from(DANGEROUS_FRAGMENTS) | st.text(max_size=5), max_size=30
        ).map("".join)
    )
    def test_dangerous_fragments_render_harmless_html(self, text):
        self.assert_harmless(render_markdown(text))


class EmbedTests(TestCase):
    IFRAME_PROVIDERS = {
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ": (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        ),
        "https://youtu.be/dQw4w9WgXcQ": (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        ),
        "https://www.youtube.com/shorts/dQw4w9WgXcQ": (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        ),
        "https://vimeo.com/76979871": "https://player.vimeo.com/video/76979871?dnt=1",
        "https://vimeo.com/76979871/9a8b7c6d5e": (
            "https://player.vimeo.com/video/76979871?dnt=1&h=9a8b7c6d5e"
        ),
        "https://giphy.com/gifs/cat-funny-JIX9t2j0ZTN9S": (
            "https://giphy.com/embed/JIX9t2j0ZTN9S"
        ),
        "https://www.instagram.com/p/C1a2B3c4D5e/": (
            "https://www.instagram.com/p/C1a2B3c4D5e/embed/"
        ),
        "https://www.instagram.com/reel/C1a2B3c4D5e/": (
            "https://www.instagram.com/reel/C1a2B3c4D5e/embed/"
        ),
    }
    LINK_ONLY_PROVIDERS = [
        "https://speakerdeck.com/pusteblume/zukunft-der-arbeit",
        "https://www.slideshare.net/pusteblume/zukunft-der-arbeit",
        "https://www.facebook.com/pusteblume/posts/1234567890",
        "https://www.facebook.com/pusteblume/videos/1234567890/",
    ]
    PROVIDER_HOSTS = (
        "youtube",
        "youtu.be",
        "vimeo",
        "giphy",
        "instagram",
        "speakerdeck",
        "slideshare",
        "facebook",
    )

    def assert_loads_nothing(self, out: str) -> None:
        for forbidden in ("<iframe", "<script", "<img", "<object", "<embed"):
            assert forbidden not in out
        for _, attrs in elements(out):
            assert "src" not in attrs
            assert "srcset" not in attrs

    def test_iframe_provider_url_alone_becomes_a_click_to_load_placeholder(self):
        for url, src in self.IFRAME_PROVIDERS.items():
            with self.subTest(url=url):
                out = render_markdown(url)
                self.assert_loads_nothing(out)
                figure = attrs_of(out, "figure")[0]
                assert figure["data-embed-src"] == src
                assert figure["class"].split()[0] == "embed"
                assert attrs_of(out, "button") == [
                    {"type": "button", "class": "embed__button", "hidden": None}
                ]
                assert attrs_of(out, "a")[-1]["href"] == url

    def test_link_only_provider_url_becomes_a_placeholder_with_the_link(self):
        for url in self.LINK_ONLY_PROVIDERS:
            with self.subTest(url=url):
                out = render_markdown(url)
                self.assert_loads_nothing(out)
                assert attrs_of(out, "figure") == [{"class": "embed embed--link"}]
                assert "<button" not in out
                assert attrs_of(out, "a")[-1]["href"] == url

    def test_autolinked_provider_url_alone_becomes_a_placeholder(self):
        out = render_markdown("<https://youtu.be/dQw4w9WgXcQ>")
        assert attrs_of(out, "figure")[0]["data-embed-src"] == (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        )

    def test_placeholder_explains_the_transfer_in_german(self):
        out = render_markdown("https://youtu.be/dQw4w9WgXcQ")
        assert "Wenn du das Video lädst" in out
        assert "Video laden" in out
        assert "Auf YouTube ansehen" in out
        assert attrs_of(out, "figure")[0]["data-embed-title"] == "YouTube-Video"

    def test_youtube_short_and_instagram_are_portrait(self):
        for url in (
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.instagram.com/p/C1a2B3c4D5e/",
        ):
            with self.subTest(url=url):
                figure = attrs_of(render_markdown(url), "figure")[0]
                assert figure["class"] == "embed embed--portrait"

    def test_privacy_link_leads_to_the_page_with_the_privacy_role(self):
        make_page(slug="deine-daten", role=Page.Role.PRIVACY)
        out = render_markdown("https://youtu.be/dQw4w9WgXcQ")
        assert {"href": "/deine-daten/"} in attrs_of(out, "a")

    def test_stored_html_holds_a_placeholder_for_the_privacy_link(self):
        out = markdown_to_html("https://youtu.be/dQw4w9WgXcQ")
        assert {"href": "#seitenlink-datenschutz"} in attrs_of(out, "a")

    def test_privacy_link_falls_back_to_the_home_page_without_a_privacy_page(self):
        out = render_markdown("https://youtu.be/dQw4w9WgXcQ")
        assert {"href": "/"} in attrs_of(out, "a")

    def test_url_with_ampersand_is_escaped_in_the_link(self):
        out = render_markdown("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42")
        assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=42"' in out

    def test_provider_url_inside_a_sentence_stays_a_link(self):
        out = render_markdown("Schau dir <https://youtu.be/dQw4w9WgXcQ> an.")
        assert tags(out) == ["p", "a"]
        assert attrs_of(out, "a")[0]["href"] == "https://youtu.be/dQw4w9WgXcQ"

    def test_provider_urls_in_lists_and_quotes_stay_links(self):
        for source in (
            "- <https://youtu.be/dQw4w9WgXcQ>",
            "> https://youtu.be/dQw4w9WgXcQ",
        ):
            with self.subTest(source=source):
                assert "<figure" not in render_markdown(source)

    def test_unknown_or_malformed_urls_stay_ordinary(self):
        for url in (
            "https://example.com/video",
            "https://youtu.be/zukurz",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ<",
            "https://www.youtube.com/channel/UCabcdefghijk",
            "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
            "https://evil.example/#https://youtu.be/dQw4w9WgXcQ",
            "javascript://youtu.be/dQw4w9WgXcQ",
            "https://vimeo.com/staff",
            "https://giphy.com/explore/cats",
            "https://www.instagram.com/pusteblume/",
            "https://www.facebook.com/pusteblume",
            "https://notslideshare.net/a/b",
        ):
            with self.subTest(url=url):
                out = render_markdown(f"<{url}>")
                assert "<figure" not in out
                assert "data-embed-src" not in out

    def test_hostile_id_cannot_reach_the_embed_src(self):
        out = render_markdown('https://www.youtube.com/watch?v="><script>x</script>')
        assert "<figure" not in out
        assert "<script" not in out


class TableOfContentsTests(SimpleTestCase):
    def test_lists_h2_and_h3_headings_in_order(self):
        html_text = render_markdown(
            "# Titel\n\n## Erstens\n\n### Grüße *aus* Köln\n\n"
            "#### Zu tief\n\n## Zweitens"
        )
        assert table_of_contents(html_text) == [
            Heading(2, "titel", "Titel"),
            Heading(2, "erstens", "Erstens"),
            Heading(3, "gruesse-aus-koeln", "Grüße aus Köln"),
            Heading(2, "zweitens", "Zweitens"),
        ]

    def test_skips_headings_without_an_id(self):
        assert table_of_contents("<h2>Ohne Anker</h2><h3 id='mit'>Mit</h3>") == [
            Heading(3, "mit", "Mit")
        ]

    def test_returns_nothing_for_text_without_headings(self):
        assert table_of_contents(render_markdown("Nur Text.")) == []
