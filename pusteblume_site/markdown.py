"""
The one Markdown→HTML function of the site, used by blog posts, pages,
newsletter issues and the admin preview.

markdown-it-py parses (CommonMark plus tables and strikethrough; it stays
linear where Python-Markdown backtracks), nh3 then keeps only an explicit
allow-list, whatever HTML the editor wrote. Click-to-load embeds are built
from trusted code after sanitising, so editor-written HTML can never produce
one.
"""

import re
import secrets
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import nh3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .slugs import german_slugify

# Bump whenever the output changes, so stored HTML is rendered again.
RENDERER_VERSION = "2"

# Body size limit for the model forms. render_markdown copes with more.
MAX_MARKDOWN_LENGTH = 200_000

# html5ever (inside nh3) walks the stack of open elements for each block tag,
# so thousands of nested raw <div>s take seconds. No real post opens this
# many tags in raw HTML; beyond it the raw HTML is shown as text.
MAX_RAW_HTML_TAGS = 1_000

# Stored HTML links pages with a role through this placeholder; the real
# address is filled in when the HTML is shown (link_site_pages), so renaming
# the privacy page never leaves a stale link behind.
SITE_LINK = "#seitenlink-"
_SITE_LINK_HREF = re.compile(r'href="#seitenlink-([a-z]{1,20})"')


class Heading(NamedTuple):
    level: int
    id: str
    text: str


# -- Markdown ---------------------------------------------------------------


def heading_slug(text: str) -> str:
    slug = german_slugify(text)[:80].strip("-_")
    return slug or "abschnitt"


def _heading_ids(state: StateCore) -> None:
    # mdit_py_plugins.anchors numbers duplicates by counting up from 1 for
    # every heading, which is quadratic: 40,000 equal headings took minutes.
    # Remembering the last suffix per slug keeps this linear.
    used: set[str] = set()
    last_suffix: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        children = state.tokens[index + 1].children or []
        base = heading_slug(
            "".join(c.content for c in children if c.type in ("text", "code_inline"))
        )
        slug, suffix = base, last_suffix.get(base, 0)
        while slug in used:
            suffix += 1
            slug = f"{base}-{suffix}"
        last_suffix[base] = suffix
        used.add(slug)
        token.attrSet("id", slug)


def _presentation(state: StateCore) -> None:
    # The CSP forbids style attributes, so table alignment travels as a class.
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and (style := token.attrGet("style")):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.removeprefix("text-align:"))
        for child in token.children or []:
            if child.type == "image":
                child.attrSet("loading", "lazy")


def _make_parser(*, html: bool) -> MarkdownIt:
    # maxNesting 20 (the CommonMark preset's) bounds recursion: deeper quotes
    # or lists come out as text instead of raising RecursionError.
    md = MarkdownIt("commonmark", {"html": html, "maxNesting": 20})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("presentation", _presentation)
    return md


_parser = _make_parser(html=True)
_parser_without_html = _make_parser(html=False)


def _raw_html_tags(tokens: list[Token]) -> int:
    """Roughly how many tags the editor opened in raw HTML."""
    count = 0
    for token in tokens:
        if token.type == "html_block":
            count += token.content.count("<") - token.content.count("</")
        for child in token.children or []:
            count += child.type == "html_inline" and not child.content.startswith("</")
    return count


# -- Sanitising -------------------------------------------------------------

_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}", re.ASCII)
_ID = re.compile(r"[A-Za-z0-9][\w-]{0,99}", re.ASCII)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _ID.fullmatch(value) else None
    if tag == "code" and attribute == "class":
        return value if _LANGUAGE_CLASS.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags={
        *_HEADINGS,
        *("p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li"),
        *("em", "strong", "del", "s", "sup", "sub", "abbr", "a", "img"),
        *("figure", "figcaption", "details", "summary"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    },
    # The content of these must not survive as text either.
    clean_content_tags={
        *("script", "style", "template", "noscript", "iframe", "object"),
        *("embed", "svg", "math", "textarea", "select", "title", "xmp"),
        *("noembed", "noframes"),
    },
    attributes={
        **dict.fromkeys(_HEADINGS, {"id"}),
        "a": {"href", "title"},
        "img": {"src", "alt", "title", "width", "height"},
        "abbr": {"title"},
        "code": {"class"},
        "ol": {"start"},
        "th": {"colspan", "rowspan", "scope"},
        "td": {"colspan", "rowspan"},
        "details": {"open"},
    },
    tag_attribute_values={"img": {"loading": {"lazy", "eager"}}},
    allowed_classes=dict.fromkeys(
        ("th", "td"), {"align-left", "align-center", "align-right"}
    ),
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer",
)

# Safe on sanitised output: nh3 escapes every "<" in text and attributes.
_H1_TAG = re.compile(r"<(/?)h1(?=[\s>])")


# -- Embeds -----------------------------------------------------------------


class Embed(NamedTuple):
    provider: str
    url: str
    # An iframe URL built from a validated id, or "" for link-only providers.
    src: str = ""
    noun: str = "Beitrag"
    portrait: bool = False


_BARE_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_YOUTUBE_ID = re.compile(r"[\w-]{11}", re.ASCII)
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_YOUTUBE_PATH = re.compile(r"/(shorts|live|embed)/([\w-]{11})/?", re.ASCII)
_VIMEO_PATH = re.compile(r"/(?:video/)?(\d{1,12})(?:/([0-9a-f]{1,20}))?/?", re.ASCII)
_GIPHY_PATH = re.compile(r"/gifs/(?:[\w-]*-)?([A-Za-z0-9]{1,40})/?", re.ASCII)
_INSTAGRAM_PATH = re.compile(r"/(p|reels?|tv)/([\w-]{1,40})/?", re.ASCII)
_SLUG_PATH = re.compile(r"(?:/[\w.-]{1,200}){2,3}/?", re.ASCII)
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com"}
_FB_WATCH_PATH = re.compile(r"/[\w-]{1,40}/?", re.ASCII)
_FACEBOOK_PATH = re.compile(
    r"/[\w.-]{1,100}/(?:posts|videos)/[\w.-]{1,100}/?", re.ASCII
)


def parse_embed(url: str) -> Embed | None:
    """An Embed for a bare provider URL, or None if it is no known one."""
    if not _BARE_URL.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    path = parts.path
    query = parse_qs(parts.query)

    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        if host == "youtu.be":
            video_id, short = path.strip("/"), False
        elif path in ("/watch", "/watch/"):
            video_id, short = query.get("v", [""])[0], False
        elif match := _YOUTUBE_PATH.fullmatch(path):
            video_id, short = match[2], match[1] == "shorts"
        else:
            return None
        if not _YOUTUBE_ID.fullmatch(video_id):
            return None
        src = f"https://www.youtube-nocookie.com/embed/{video_id}"
        return Embed("YouTube", url, src, "Video", portrait=short)
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        if not (match := _VIMEO_PATH.fullmatch(path)):
            return None
        # The hash is what makes an unlisted video playable.
        unlisted = f"&h={match[2]}" if match[2] else ""
        src = f"https://player.vimeo.com/video/{match[1]}?dnt=1{unlisted}"
        return Embed("Vimeo", url, src, "Video")
    if host in ("giphy.com", "www.giphy.com"):
        if not (match := _GIPHY_PATH.fullmatch(path)):
            return None
        return Embed("GIPHY", url, f"https://giphy.com/embed/{match[1]}", "GIF")
    if host in ("instagram.com", "www.instagram.com"):
        if not (match := _INSTAGRAM_PATH.fullmatch(path)):
            return None
        kind = "reel" if match[1].startswith("reel") else match[1]
        src = f"https://www.instagram.com/{kind}/{match[2]}/embed/"
        return Embed("Instagram", url, src, "Beitrag", portrait=True)
    # The iframe URLs of these need ids that only their APIs know, so the
    # placeholder offers the link alone.
    if host == "speakerdeck.com" and _SLUG_PATH.fullmatch(path):
        return Embed("Speaker Deck", url)
    slideshare = host == "slideshare.net" or host.endswith(".slideshare.net")
    if slideshare and _SLUG_PATH.fullmatch(path):
        return Embed("SlideShare", url)
    facebook_post = _FACEBOOK_PATH.fullmatch(path) or (
        path in ("/watch", "/watch/") and query.get("v", [""])[0].isdigit()
    )
    if (host in _FACEBOOK_HOSTS and facebook_post) or (
        host == "fb.watch" and _FB_WATCH_PATH.fullmatch(path)
    ):
        return Embed("Facebook", url)
    return None


def _bare_url(inline: Token) -> str | None:
    children = inline.children or []
    if len(children) == 1 and children[0].type == "text":
        return children[0].content.strip()
    types = [child.type for child in children]
    if (
        types == ["link_open", "text", "link_close"]
        and children[0].markup == "autolink"
    ):
        return str(children[0].attrGet("href"))
    return None


def _take_embeds(tokens: list[Token], marker: str) -> list[Embed]:
    """
    Replace each top-level paragraph that holds nothing but a provider URL
    with a marker paragraph, returning the embeds in order.
    """
    embeds = []
    for index in range(len(tokens) - 2):
        opening, inline = tokens[index], tokens[index + 1]
        if opening.type != "paragraph_open" or opening.level or inline.type != "inline":
            continue
        url = _bare_url(inline)
        if url and (embed := parse_embed(url)):
            inline.children = [Token("text", "", 0, content=f"{marker}-{len(embeds)}")]
            embeds.append(embed)
    return embeds


def embed_html(embed: Embed, privacy: str) -> str:
    """The placeholder: nothing is loaded from the provider until the click."""
    classes = "embed" + (" embed--portrait" if embed.portrait else "")
    article = "das" if embed.noun in ("Video", "GIF") else "den"
    link = format_html(
        '<a class="embed__link" href="{}" rel="noopener noreferrer">Auf {} ansehen</a>',
        embed.url,
        embed.provider,
    )
    if not embed.src:
        return format_html(
            '<figure class="{} embed--link"><div class="embed__notice">'
            '<p class="embed__provider">{}</p>'
            "<p>Diesen Inhalt findest du bei {}. Erst wenn du dem Link folgst, "
            'überträgt dein Browser Daten dorthin. <a href="{}">Datenschutz</a></p>'
            "{}</div></figure>",
            classes,
            embed.provider,
            embed.provider,
            privacy,
            link,
        )
    return format_html(
        '<figure class="{}" data-embed-src="{}" data-embed-title="{}-{}">'
        '<div class="embed__notice"><p class="embed__provider">{}</p>'
        "<p>Wenn du {} {} lädst, stellt dein Browser eine Verbindung zu {} her und "
        "überträgt dabei Daten wie deine IP-Adresse dorthin. "
        '<a href="{}">Datenschutz</a></p>'
        '<button type="button" class="embed__button" hidden>{} laden</button> '
        "{}</div></figure>",
        classes,
        embed.src,
        embed.provider,
        embed.noun,
        embed.provider,
        article,
        embed.noun,
        embed.provider,
        privacy,
        embed.noun,
        link,
    )


# -- Public API -------------------------------------------------------------


_EMBED_FIGURE = re.compile(r'<figure class="embed[ "][^>]*>.*?</figure>', re.DOTALL)
_EMBED_LINK = re.compile(r'<a class="embed__link" href="([^"]*)"[^>]*>([^<]*)</a>')


def embeds_as_links(html: str) -> str:
    """Stored HTML with each embed's placeholder as a plain link (feeds)."""

    def link(match: re.Match) -> str:
        found = _EMBED_LINK.search(match.group())
        return f'<p><a href="{found[1]}">{found[2]}</a></p>' if found else ""

    return _EMBED_FIGURE.sub(link, html)


def without_embeds(html: str) -> str:
    """Stored HTML without the embeds' placeholders and notices (search)."""
    return _EMBED_FIGURE.sub("", html)


def render_markdown(text: str) -> str:
    """Markdown (with the editor's HTML) as sanitised HTML, safe to show."""
    return str(link_site_pages(markdown_to_html(text)))


def link_site_pages(html: str) -> SafeString:
    """
    HTML from markdown_to_html with the addresses of pages with a role filled
    in. The HTML is sanitised: this is the one place it is marked safe.
    """
    if SITE_LINK in html:
        from .links import site_links

        links = site_links()
        html = _SITE_LINK_HREF.sub(
            lambda match: f'href="{escape(links.get(match[1], "/"))}"', html
        )
    return mark_safe(html)


def markdown_to_html(text: str) -> str:
    """
    Markdown as sanitised HTML in the form it is stored in: links to pages
    with a role are still placeholders (see link_site_pages).
    """
    # Unguessable per call, so no text in the body can pose as a marker.
    marker = f"embed-{secrets.token_hex(16)}"
    try:
        tokens = _parser.parse(text)
        if _raw_html_tags(tokens) > MAX_RAW_HTML_TAGS:
            tokens = _parser_without_html.parse(text)
        embeds = _take_embeds(tokens, marker)
        html = _parser.renderer.render(tokens, _parser.options, {})
    except RecursionError:
        return f"<p>{escape(text)}</p>"
    html = _H1_TAG.sub(r"<\1h2", _cleaner.clean(html))
    if embeds:
        privacy = f"{SITE_LINK}datenschutz"
        for index, embed in enumerate(embeds):
            html = html.replace(
                f"<p>{marker}-{index}</p>", embed_html(embed, privacy), 1
            )
    return html


class _HeadingParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[Heading] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in ("h2", "h3") and anchor:
            self._open, self._text = (int(tag[1]), anchor), []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            text = " ".join("".join(self._text).split())
            self.headings.append(Heading(*self._open, text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def table_of_contents(html: str) -> list[Heading]:
    """The h2 and h3 headings (with an id to link to) of rendered HTML."""
    parser = _HeadingParser()
    parser.feed(html)
    parser.close()
    return parser.headings
