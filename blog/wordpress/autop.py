"""
WordPress's wpautop(), ported: how the classic editor turns blank lines
into paragraphs and single line breaks into <br>. Posts written in the
classic editor are stored without <p>; only this rule gives them their
paragraphs. Ported from wp-includes/formatting.php (WordPress 6).
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_PRESERVE = re.compile(r"<(script|style|svg|math).*?</\1>", re.DOTALL)


def wpautop(text: str, br: bool = True) -> str:
    if not text.strip():
        return ""
    text += "\n"
    pre_tags: dict[str, str] = {}
    if "<pre" in text:

        def keep_pre(match: re.Match) -> str:
            name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
            pre_tags[name] = match.group()
            return name

        text = _PRE.sub(keep_pre, text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG.sub(lambda m: m.group().replace("\n", " <!-- wpnl --> "), text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = _PRESERVE.sub(
            lambda m: m.group().replace("\n", "<WPPreserveNewline />"), text
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
