"""A post's visible comments, put together as one-level threads."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..models import Comment, Post

# What the page shows of a comment; the address is never loaded.
SHOWN_FIELDS = ("post", "parent", "name", "website", "text", "is_author", "created_at")


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


class CommentThreads:
    """
    The approved comments of a post, oldest first, each with its approved
    replies: one query, however many comments there are, and none while
    nothing asks (a page whose comments come from a cached fragment).
    """

    def __init__(self, comments: Iterable[Comment]) -> None:
        self._comments = comments

    @cached_property
    def by_id(self) -> dict[int, Comment]:
        return {comment.pk: comment for comment in self._comments}

    @cached_property
    def threads(self) -> list[Thread]:
        comments = self.by_id.values()
        threads = {c.pk: Thread(c) for c in comments if c.parent_id is None}
        for comment in comments:
            if comment.parent_id in threads:
                threads[comment.parent_id].replies.append(comment)
        return list(threads.values())

    @property
    def count(self) -> int:
        return len(self.by_id)

    @classmethod
    def for_post(cls, post: Post) -> "CommentThreads":
        comments = (
            Comment.objects.visible()
            .filter(post=post)
            .only(*SHOWN_FIELDS)
            .order_by("created_at", "pk")
        )
        return cls(comments)

    def __iter__(self):
        return iter(self.threads)

    def __len__(self) -> int:
        return self.count

    def reply_target(self, value: str | None) -> int | None:
        """The comment a ?antworten=<id> link answers, if it is shown here."""
        if not value or not value.isdigit() or len(value) > 18:
            return None
        return int(value) if int(value) in self.by_id else None
