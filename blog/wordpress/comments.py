"""WordPress comments as the blog's plain-text comments."""

from bs4 import BeautifulSoup

from blog.models import Comment, Post, WordPressItem
from blog.models.comments import MAX_TEXT_LENGTH, MAX_WEBSITE_LENGTH

from . import wxr
from .digests import make_digest, parse_date, unescaped

Kind = WordPressItem.Kind

STATUS = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
}


def mapped_status(approved: str) -> str | None:
    """The comment's state here; None for trash, which is not imported."""
    return STATUS.get(approved.strip().lower())


def comment_text(content: str) -> str:
    """
    The comment's HTML as the plain text readers type here: paragraphs and
    line breaks kept, a link as its text with the address behind it (the
    comment renderer turns addresses into links again).
    """
    soup = BeautifulSoup(content.replace("\r\n", "\n"), "html.parser")
    for link in soup.find_all("a"):
        href, text = link.get("href", ""), link.get_text(" ", strip=True)
        if href.startswith(("http://", "https://")) and href != text:
            link.replace_with(f"{text} ({href})" if text else href)
        else:
            link.replace_with(text)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for paragraph in soup.find_all("p"):
        paragraph.insert_after("\n\n")
        paragraph.unwrap()
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()[:MAX_TEXT_LENGTH] or "…"


def comment_website(url: str) -> str:
    url = url.strip()
    if url.startswith(("http://", "https://")) and len(url) <= MAX_WEBSITE_LENGTH:
        return url
    return ""


class CommentImport:
    """The part of WordPressImport that brings in a post's comments."""

    def import_comments(self, item: wxr.Item, post: Post) -> None:
        by_wp_id: dict[str, Comment] = {}
        parents: dict[str, str] = {}
        for wp_comment in item.comments:
            if wp_comment.type in ("pingback", "trackback"):
                self.report.count("Pingbacks und Trackbacks", "skipped")
                continue
            status = mapped_status(wp_comment.approved)
            if status is None:
                self.report.count("Kommentare im Papierkorb", "skipped")
                continue
            created = (
                parse_date(wp_comment.date_gmt, gmt=True)
                or parse_date(wp_comment.date, gmt=False)
                or post.published_at
            )
            is_author = bool(wp_comment.email) and wp_comment.email.lower() in {
                user.email.lower() for user in self.authors.values() if user.email
            }
            values = {
                "name": unescaped(wp_comment.author)[:100] or "Anonym",
                "email": wp_comment.email[:254] if "@" in wp_comment.email else "",
                "website": comment_website(wp_comment.url),
                "text": comment_text(wp_comment.content),
                "status": status,
                "is_author": is_author,
                "created_at": created,
                "approved_at": created if status == Comment.Status.APPROVED else None,
                "spam_at": created if status == Comment.Status.SPAM else None,
            }
            digest = make_digest(values, wp_comment.parent)
            comment, earlier_digest = self.earlier(
                Kind.COMMENT, wp_comment.wp_id, Comment
            )
            outcome = self.outcome("comments", comment, digest, earlier_digest)
            if outcome != "unchanged":
                comment = comment or Comment(post=post)
                comment.post = post
                for name, value in values.items():
                    setattr(comment, name, value)
                comment.save()
            self.report.count("comments", outcome)
            by_wp_id[wp_comment.wp_id] = comment
            parents[wp_comment.wp_id] = wp_comment.parent
            self.remember(Kind.COMMENT, wp_comment.wp_id, comment, digest)
        # Threads are one level deep: a reply to a reply answers the
        # top-level comment.
        for wp_id, comment in by_wp_id.items():
            parent_id, seen = parents[wp_id], set()
            while parents.get(parent_id, "0") != "0" and parent_id not in seen:
                seen.add(parent_id)
                parent_id = parents[parent_id]
            parent = by_wp_id.get(parent_id)
            if comment.parent_id != (parent.pk if parent else None):
                comment.parent = parent
                comment.save(update_fields=["parent"])
