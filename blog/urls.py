from django.urls import path, register_converter

from . import views
from .comments import views as comment_views
from .feeds import (
    CategoryAtomFeed,
    CategoryFeed,
    PostAtomFeed,
    PostFeed,
    TagAtomFeed,
    TagFeed,
)


class YearConverter:
    # Django's date archives parse the year and month from strings.
    regex = "[12][0-9]{3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


class IdConverter:
    """A primary key that fits a 64-bit column; longer numbers are a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

app_name = "blog"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("feed/", PostFeed(), name="feed"),
    path("feed/atom/", PostAtomFeed(), name="atom_feed"),
    path(
        "kategorie/<slug:slug>/",
        views.CategoryPostListView.as_view(),
        name="category_detail",
    ),
    path("kategorie/<slug:slug>/feed/", CategoryFeed(), name="category_feed"),
    path(
        "kategorie/<slug:slug>/feed/atom/",
        CategoryAtomFeed(),
        name="category_atom_feed",
    ),
    path("tag/<slug:slug>/", views.TagPostListView.as_view(), name="tag_detail"),
    path("tag/<slug:slug>/feed/", TagFeed(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", TagAtomFeed(), name="tag_atom_feed"),
    path("<yyyy:year>/", views.YearPostListView.as_view(), name="post_year_archive"),
    path(
        "<yyyy:year>/<mm:month>/",
        views.MonthPostListView.as_view(),
        name="post_month_archive",
    ),
    path("suche/", views.post_search, name="post_search"),
    path("gelesen/<id:pk>/", views.post_view, name="post_view"),
    path(
        "kommentare/benachrichtigung/bestaetigen/<str:token>/",
        comment_views.notifications_confirm,
        name="comment_notifications_confirm",
    ),
    path(
        "kommentare/benachrichtigung/abbestellen/<str:token>/",
        comment_views.notifications_stop,
        name="comment_notifications_stop",
    ),
    path(
        "<slug:slug>/kommentieren/", comment_views.comment_create, name="comment_create"
    ),
    path("<slug:slug>/", views.post_detail, name="post_detail"),
]
