from .comments import (
    BlockedTerm,
    Comment,
    CommentQuerySet,
    NotificationAddress,
    NotificationSubscription,
)
from .history import OldSlug, SlugHistoryMixin
from .posts import GalleryImage, Post, PostQuerySet, live_q
from .readers import AuthorProfile, PostViewCount
from .taxonomy import Category, PostTagManager, Tag, TaggedPost
from .wordpress import LegacyRedirect, WordPressItem

__all__ = [
    "AuthorProfile",
    "BlockedTerm",
    "Comment",
    "CommentQuerySet",
    "NotificationAddress",
    "NotificationSubscription",
    "Category",
    "GalleryImage",
    "LegacyRedirect",
    "OldSlug",
    "Post",
    "PostQuerySet",
    "PostTagManager",
    "PostViewCount",
    "SlugHistoryMixin",
    "Tag",
    "TaggedPost",
    "WordPressItem",
    "live_q",
]
