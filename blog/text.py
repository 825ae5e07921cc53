"""Plain text from sanitised body HTML, for summaries and reading times."""

from html.parser import HTMLParser


class _TextCollector(HTMLParser):
    """Collect the text of paragraphs, list items and quotes, nothing else."""

    TEXT_TAGS = {"p", "li", "blockquote"}
    SKIP_TAGS = {"figure", "aside", "button", "noscript", "pre", "table", "script"}
    VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.text_depth = 0
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID_TAGS:
            return
        classes = dict(attrs).get("class") or ""
        if self.skip_depth or tag in self.SKIP_TAGS or "embed" in classes:
            self.skip_depth += 1
        elif tag in self.TEXT_TAGS:
            self.text_depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID_TAGS:
            return
        if self.skip_depth:
            self.skip_depth -= 1
        elif tag in self.TEXT_TAGS and self.text_depth:
            self.text_depth -= 1
            self.parts.append(" ")

    def handle_data(self, data):
        if self.text_depth and not self.skip_depth and data.strip() != "[galerie]":
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The readable text of body HTML, for the summary and the reading time."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())
