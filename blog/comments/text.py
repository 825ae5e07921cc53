"""A comment's plain text as HTML: paragraphs, line breaks and links."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Only web addresses become links; "javascript:" and the like stay text.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"»«“”„"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def links_in(text: str) -> int:
    return len(URL.findall(text))


def _split_url(match: str) -> tuple[str, str]:
    """The address and what follows it that belongs to the sentence."""
    url = match
    while url and (
        url[-1] in TRAILING_PUNCTUATION
        or (url[-1] == ")" and url.count("(") < url.count(")"))
    ):
        url = url[:-1]
    return url, match[len(url) :]


def _linkify(line: str) -> str:
    parts = []
    position = 0
    for match in URL.finditer(line):
        url, rest = _split_url(match.group())
        parts.append(escape(line[position : match.start()]))
        href = url if "://" in url else f"https://{url}"
        parts.append(
            f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(url)}</a>'
        )
        parts.append(escape(rest))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_comment(text: str) -> SafeString:
    """
    Everything the reader typed, escaped; blank lines start a paragraph,
    single line breaks stay, web addresses become links that search engines
    do not follow (rel="nofollow ugc").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip("\n") for part in PARAGRAPH_BREAK.split(text)]
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    # Every piece of the reader's text went through escape() above.
    return mark_safe(html)  # noqa: S308
