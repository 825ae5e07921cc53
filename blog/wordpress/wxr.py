"""
A streaming reader for WordPress exports (WXR 1.0 to 1.2).

lxml's iterparse reads the file element by element and every finished item
is cleared at once, so memory stays flat however large the export. Entities
are never expanded, no DTD is loaded and nothing is fetched from the
network; a file that declares a DTD at all is refused, since no WordPress
export has one and entity tricks (billion laughs) need it.
"""

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

DTD_PROBE_BYTES = 4096


class WXRError(Exception):
    """The export cannot be read; the message names the file and the line."""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category", "post_tag" or another taxonomy
    wp_id: str
    slug: str
    name: str
    parent: str = ""  # the parent's slug, for categories
    description: str = ""


@dataclass
class Comment:
    wp_id: str
    author: str = ""
    email: str = ""
    url: str = ""
    date_gmt: str = ""
    date: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: str = "0"
    user_id: str = "0"


@dataclass
class Item:
    wp_id: str
    type: str
    status: str
    title: str = ""
    link: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    excerpt: str = ""
    parent: str = "0"
    menu_order: int = 0
    creator: str = ""
    attachment_url: str = ""
    comment_status: str = "open"
    line: int = 0
    # (taxonomy, slug, name) for every term the item carries.
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Site:
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


def _local(tag: object) -> str:
    """'wp:post_id' for any WXR version's namespace, 'title' for plain RSS."""
    if not isinstance(tag, str):
        return ""
    qname = etree.QName(tag)
    namespace = qname.namespace or ""
    if "wordpress.org/export" in namespace:
        prefix = "excerpt" if "excerpt" in namespace else "wp"
    elif "purl.org/rss/1.0/modules/content" in namespace:
        prefix = "content"
    elif "purl.org/dc/elements" in namespace:
        prefix = "dc"
    elif namespace:
        prefix = "x"
    else:
        return qname.localname
    return f"{prefix}:{qname.localname}"


def _children(element) -> dict[str, str]:
    return {_local(child.tag): (child.text or "") for child in element}


def _author(element) -> Author:
    values = _children(element)
    return Author(
        login=values.get("wp:author_login", "").strip(),
        email=values.get("wp:author_email", "").strip(),
        display_name=html.unescape(values.get("wp:author_display_name", "")).strip(),
        first_name=html.unescape(values.get("wp:author_first_name", "")).strip(),
        last_name=html.unescape(values.get("wp:author_last_name", "")).strip(),
    )


def _term(tag: str, element) -> Term:
    values = _children(element)
    if tag == "wp:category":
        return Term(
            "category",
            values.get("wp:term_id", "").strip(),
            values.get("wp:category_nicename", "").strip(),
            values.get("wp:cat_name", ""),
            values.get("wp:category_parent", "").strip(),
            values.get("wp:category_description", ""),
        )
    if tag == "wp:tag":
        return Term(
            "post_tag",
            values.get("wp:term_id", "").strip(),
            values.get("wp:tag_slug", "").strip(),
            values.get("wp:tag_name", ""),
            description=values.get("wp:tag_description", ""),
        )
    return Term(
        values.get("wp:term_taxonomy", "").strip(),
        values.get("wp:term_id", "").strip(),
        values.get("wp:term_slug", "").strip(),
        values.get("wp:term_name", ""),
        values.get("wp:term_parent", "").strip(),
        values.get("wp:term_description", ""),
    )


def _comment(element) -> Comment:
    values = _children(element)
    return Comment(
        wp_id=values.get("wp:comment_id", "").strip(),
        author=values.get("wp:comment_author", ""),
        email=values.get("wp:comment_author_email", "").strip(),
        url=values.get("wp:comment_author_url", "").strip(),
        date_gmt=values.get("wp:comment_date_gmt", "").strip(),
        date=values.get("wp:comment_date", "").strip(),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "1").strip(),
        type=values.get("wp:comment_type", "").strip(),
        parent=values.get("wp:comment_parent", "0").strip() or "0",
        user_id=values.get("wp:comment_user_id", "0").strip() or "0",
    )


def _item(element) -> Item:
    item = Item(wp_id="", type="", status="", line=element.sourceline or 0)
    for child in element:
        tag, text = _local(child.tag), child.text or ""
        if tag == "title":
            item.title = text
        elif tag == "link":
            item.link = text.strip()
        elif tag == "dc:creator":
            item.creator = text.strip()
        elif tag == "content:encoded":
            item.content = text
        elif tag == "excerpt:encoded":
            item.excerpt = text
        elif tag == "wp:post_id":
            item.wp_id = text.strip()
        elif tag == "wp:post_type":
            item.type = text.strip()
        elif tag == "wp:status":
            item.status = text.strip()
        elif tag == "wp:post_name":
            item.slug = text.strip()
        elif tag == "wp:post_date":
            item.date = text.strip()
        elif tag == "wp:post_date_gmt":
            item.date_gmt = text.strip()
        elif tag == "wp:post_parent":
            item.parent = text.strip() or "0"
        elif tag == "wp:menu_order":
            item.menu_order = int(text.strip() or 0) if text.strip().isdigit() else 0
        elif tag == "wp:comment_status":
            item.comment_status = text.strip()
        elif tag == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif tag == "category":
            item.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), text)
            )
        elif tag == "wp:postmeta":
            values = _children(child)
            item.meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif tag == "wp:comment":
            item.comments.append(_comment(child))
    return item


def _refuse_dtd(path: Path) -> None:
    with path.open("rb") as file:
        head = file.read(DTD_PROBE_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        line = head[: head.find(b"<!")].count(b"\n") + 1
        raise WXRError(
            f"{path}, Zeile {line}: Die Datei enthält eine DTD (<!DOCTYPE …>). "
            "WordPress-Exporte haben keine; aus Sicherheitsgründen wird sie nicht "
            "gelesen."
        )


def read(path: Path) -> Iterator[Author | Term | Item | Site]:
    """
    Yield the export's authors, terms, items and the site's addresses in
    file order. Raises WXRError for a file that is missing, malformed or
    truncated, naming the line.
    """
    try:
        _refuse_dtd(path)
    except OSError as error:
        raise WXRError(f"{path}: Die Datei lässt sich nicht lesen ({error}).") from None
    site = Site()
    events = etree.iterparse(
        str(path),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    seen_channel = False
    try:
        for _event, element in events:
            parent = element.getparent()
            if parent is None:
                if _local(element.tag) != "rss":
                    raise WXRError(
                        f"{path}: Das ist kein WordPress-Export (kein <rss>-Element)."
                    )
                continue
            if _local(parent.tag) != "channel":
                continue
            seen_channel = True
            tag = _local(element.tag)
            if tag == "item":
                yield _item(element)
            elif tag == "wp:author":
                yield _author(element)
            elif tag in ("wp:category", "wp:tag", "wp:term"):
                yield _term(tag, element)
            elif tag in ("link", "wp:base_site_url", "wp:base_blog_url"):
                value = (element.text or "").strip()
                name = {"link": "link"}.get(tag, tag.removeprefix("wp:"))
                setattr(site, name, value)
                yield site
            else:
                continue
            # Drop what is done, siblings included, so memory stays flat.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno or error.position[0]
        message = error.msg or str(error)
        raise WXRError(
            f"{path}, Zeile {line}: Die Datei ist kein gültiges XML oder "
            f"unvollständig ({message})."
        ) from None
    except OSError as error:
        raise WXRError(f"{path}: Die Datei lässt sich nicht lesen ({error}).") from None
    if not seen_channel:
        raise WXRError(f"{path}: Das ist kein WordPress-Export (kein <channel>).")
