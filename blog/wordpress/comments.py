"""WordPress comments as the blog's plain-text comments."""

from bs4 import BeautifulSoup

from blog.models import Comment
from blog.models.comments import MAX_TEXT_LENGTH, MAX_WEBSITE_LENGTH

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
