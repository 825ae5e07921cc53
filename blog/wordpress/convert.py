"""
Post HTML from WordPress as Markdown in the site's own syntax.

Classic-editor posts get wpautop's paragraphs first; Gutenberg posts have
their block comments read (galleries, embeds) and then dropped. Captions
([caption], image blocks) become <figure> with <figcaption>, which the
renderer keeps; galleries become what the importer makes of them (the
post's [galerie]); embeds become a line with nothing but the URL, the
renderer's click-to-load embed. markdownify converts the rest. What has no
equivalent (a plugin's shortcode or block) stays as text and is noted.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import strip_tags
from markdownify import MarkdownConverter

from pusteblume_site.markdown import parse_embed

from .autop import wpautop

# Core blocks whose HTML markdownify reads as it is.
CORE_BLOCKS = {
    *("paragraph", "heading", "list", "list-item", "quote", "pullquote", "image"),
    *("table", "code", "preformatted", "separator", "html", "columns", "column"),
    *("group", "spacer", "more", "nextpage", "freeform", "verse", "media-text"),
    *("buttons", "button", "shortcode", "missing", "details", "footnotes"),
}
KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video"}

_BLOCK = re.compile(r"<!--\s+(/?)wp:([a-z][a-z0-9_/-]*)(\s+\{.*?\})?\s*(/?)-->", re.S)
_GALLERY_BLOCK = re.compile(
    r"<!--\s+wp:gallery(\s+\{.*?\})?\s*-->(.*?)<!--\s+/wp:gallery\s+-->", re.S
)
_EMBED_BLOCK = re.compile(
    r"<!--\s+wp:(?:core-)?embed(?:/[\w-]+)?(\s+\{.*?\})?\s*-->(.*?)"
    r"<!--\s+/wp:(?:core-)?embed(?:/[\w-]+)?\s+-->",
    re.S,
)
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]")
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)\]")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_WP_IMAGE_CLASS = re.compile(r"wp-image-(\d+)")
_TOKEN = re.compile(r"WPIMPORT(\d+)TOKEN")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class GalleryEntry:
    attachment_id: str
    src: str
    caption: str = ""
    alt: str = ""


@dataclass
class Converted:
    markdown: str
    embeds: int = 0
    galleries: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Hooks:
    """What the converter asks the importer."""

    # The new URL of an image (its src, its attachment id if known), or None.
    image_url: Callable[[str, str], str | None]
    # The attachment's src and caption, for galleries given by id.
    attachment: Callable[[str], GalleryEntry | None]
    # The Markdown for a gallery; called in order, once per gallery.
    gallery: Callable[[list[GalleryEntry]], str]
    # The ids of the images attached to the post, for [gallery] without ids.
    attached_ids: list[str] = field(default_factory=list)


def shortcode_attributes(text: str) -> dict[str, str]:
    return {
        match[1].lower(): next(v for v in match.groups()[1:] if v is not None)
        for match in _ATTRIBUTE.finditer(text)
    }


class _Markdown(MarkdownConverter):
    def convert_cite(self, el, text, parent_tags):
        return text


_markdown = _Markdown(
    heading_style="ATX",
    bullets="-",
    strong_em_symbol="*",
    escape_misc=False,
    newline_style="backslash",
)


class Conversion:
    def __init__(self, hooks: Hooks) -> None:
        self.hooks = hooks
        self.blocks: list[str] = []
        self.result = Converted("")

    def token(self, markdown: str) -> str:
        self.blocks.append(markdown)
        return f"\n\n<p>WPIMPORT{len(self.blocks) - 1}TOKEN</p>\n\n"

    def note(self, text: str) -> None:
        if text not in self.result.notes:
            self.result.notes.append(text)

    # -- Embeds and galleries -------------------------------------------

    def embed(self, url: str) -> str:
        url = html.unescape(url.strip())
        if parse_embed(url):
            self.result.embeds += 1
            return self.token(url)
        self.note(f"Einbettung als Link übernommen (Anbieter unbekannt): {url}")
        return self.token(f"<{url}>")

    def gallery(self, entries: list[GalleryEntry]) -> str:
        found = []
        for entry in entries:
            if entry.src or entry.attachment_id:
                found.append(entry)
        if not found:
            self.note("Leere Galerie ausgelassen.")
            return ""
        self.result.galleries += 1
        return self.token(self.hooks.gallery(found))

    def gallery_shortcode(self, match: re.Match) -> str:
        attributes = shortcode_attributes(match[1])
        ids = [i.strip() for i in attributes.get("ids", "").split(",") if i.strip()]
        if not ids:
            ids = list(self.hooks.attached_ids)
        entries = []
        for wp_id in ids:
            entry = self.hooks.attachment(wp_id)
            if entry is None:
                self.note(f"Galeriebild {wp_id} fehlt im Export.")
            else:
                entries.append(entry)
        return self.gallery(entries)

    def gallery_block(self, match: re.Match) -> str:
        attributes = _json(match[1])
        soup = BeautifulSoup(match[2], "html.parser")
        entries = []
        for img in soup.find_all("img"):
            wp_id = img.get("data-id") or _image_id(img)
            figure = img.find_parent("figure")
            caption = ""
            if figure and (figcaption := figure.find("figcaption")):
                caption = figcaption.get_text(" ", strip=True)
            entries.append(
                GalleryEntry(
                    str(wp_id or ""), img.get("src", ""), caption, img.get("alt", "")
                )
            )
        if not entries:
            for wp_id in attributes.get("ids", []):
                if entry := self.hooks.attachment(str(wp_id)):
                    entries.append(entry)
        return self.gallery(entries)

    # -- Steps ----------------------------------------------------------

    def read_blocks(self, text: str) -> str:
        text = _GALLERY_BLOCK.sub(self.gallery_block, text)
        text = _EMBED_BLOCK.sub(
            lambda m: self.embed(_json(m[1]).get("url", "") or _text(m[2])), text
        )

        def block(match: re.Match) -> str:
            closing, name, _attributes, self_closing = match.groups()
            short = name.removeprefix("core/")
            if not closing and (short not in CORE_BLOCKS or "/" in short):
                kind = "dynamischer Block" if self_closing else "Block"
                self.note(f"{kind} „{name}“ nicht umgewandelt.")
            return ""

        return _BLOCK.sub(block, text)

    def read_shortcodes(self, text: str, *, classic: bool) -> str:
        text = _CAPTION.sub(_caption_figure, text)
        text = _GALLERY.sub(self.gallery_shortcode, text)
        text = _EMBED.sub(lambda m: self.embed(_text(m[1])), text)
        if classic:
            text = _URL_LINE.sub(lambda m: self.embed(m[1]), text)
        for match in _SHORTCODE.finditer(text):
            if match[2] not in KNOWN_SHORTCODES and (match[1] or match[3]):
                self.note(
                    f"Shortcode [{match[2]}] nicht umgewandelt, als Text stehen "
                    "gelassen."
                )
        return text

    def read_html(self, text: str) -> BeautifulSoup:
        soup = BeautifulSoup(text, "html.parser")
        for element in soup.find_all(["script", "style", "noscript", "form"]):
            if element.name == "form":
                self.note("Formular nicht übernommen.")
            element.decompose()
        for iframe in soup.find_all(["iframe", "object", "embed", "video", "audio"]):
            src = iframe.get("src", "")
            if src.startswith("//"):
                src = "https:" + src
            if iframe.name == "iframe" and parse_embed(src):
                iframe.replace_with(self.html_token(self.embed(src)))
            else:
                self.note(f"Eingebetteter Inhalt <{iframe.name}> entfernt: {src}")
                iframe.decompose()
        for figure in soup.find_all("figure"):
            img = figure.find("img")
            if img is None or figure.find_parent("figure"):
                continue
            figcaption = figure.find("figcaption")
            caption = figcaption.get_text(" ", strip=True) if figcaption else ""
            figure.replace_with(self.html_token(self.image_block(img, caption)))
        for img in soup.find_all("img"):
            url = self.resolve(img)
            if url is None:
                img.decompose()
                continue
            link = img.find_parent("a")
            if link is not None and _is_upload(link.get("href", "")):
                link.unwrap()
            img.attrs = {"src": url, "alt": img.get("alt", "")}
        for quote in soup.find_all("blockquote"):
            for cite in quote.find_all("cite"):
                paragraph = soup.new_tag("p")
                paragraph.string = "— " + cite.get_text(" ", strip=True)
                cite.replace_with(paragraph)
        return soup

    def html_token(self, token: str) -> NavigableString:
        return NavigableString(token.strip().removeprefix("<p>").removesuffix("</p>"))

    def resolve(self, img: Tag) -> str | None:
        src = img.get("src", "")
        url = self.hooks.image_url(src, _image_id(img))
        if url is None:
            self.note(f"Bild fehlt: {src}")
        return url

    def image_block(self, img: Tag, caption: str) -> str:
        url = self.resolve(img)
        if url is None:
            return ""
        alt = img.get("alt", "") or caption
        if not caption:
            return f"![{_alt(alt)}]({url})"
        return (
            f'<figure><img src="{html.escape(url)}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def run(self, content: str) -> Converted:
        text = content.replace("\r\n", "\n").replace("\r", "\n")
        classic = "<!-- wp:" not in text
        if not classic:
            text = self.read_blocks(text)
        text = self.read_shortcodes(text, classic=classic)
        text = re.sub(r"<!--(more|nextpage|noteaser)(.*?)-->", "", text)
        if classic:
            text = wpautop(text)
        markdown = _markdown.convert_soup(self.read_html(text))
        markdown = _TOKEN.sub(lambda m: self.blocks[int(m[1])], markdown)
        lines = [line.rstrip() for line in markdown.split("\n")]
        self.result.markdown = _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
        return self.result


def to_markdown(content: str, hooks: Hooks) -> Converted:
    """The post's HTML (classic or Gutenberg) as Markdown, with notes."""
    return Conversion(hooks).run(content)


def _json(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def _image_id(img: Tag) -> str:
    match = _WP_IMAGE_CLASS.search(" ".join(img.get("class", [])))
    return match[1] if match else ""


def _is_upload(href: str) -> bool:
    return "/wp-content/uploads/" in href


def _alt(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")


def _caption_figure(match: re.Match) -> str:
    attributes = shortcode_attributes(match[1])
    inner = match[2].strip()
    soup = BeautifulSoup(inner, "html.parser")
    image = soup.find("img")
    if image is None:
        return inner
    outer = image.find_parent("a") or image
    outer.extract()
    caption = attributes.get("caption") or soup.get_text(" ", strip=True)
    return (
        f"\n\n<figure>{image}<figcaption>{html.escape(caption)}</figcaption>"
        "</figure>\n\n"
    )
